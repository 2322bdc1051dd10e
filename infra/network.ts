import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { resourceName } from "./naming";

/** AWS APIs the service reaches through interface endpoints, so that traffic stays in the VPC. */
export const INTERFACE_ENDPOINTS = [
  { service: "ecr.api", type: "vpce-ecr-api" },
  { service: "ecr.dkr", type: "vpce-ecr-dkr" },
  { service: "logs", type: "vpce-logs" },
  { service: "secretsmanager", type: "vpce-secretsmanager" },
] as const;

export interface NetworkArgs {
  readonly config: PlatformConfig;
  /** The tagged provider; awsx components need it passed explicitly (they are remote components). */
  readonly provider: aws.Provider;
}

/**
 * The VPC over three pinned AZs: a public and a private subnet in each, one NAT gateway per AZ,
 * the default security group emptied, and VPC endpoints for the AWS APIs the service calls.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpc: awsx.ec2.Vpc;
  public readonly vpcId: pulumi.Output<string>;
  public readonly cidrBlock: string;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly endpointSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:Network", name, {}, opts);
    const { config } = args;
    const { network, region, environmentSuffix: suffix } = config;

    this.vpc = new awsx.ec2.Vpc(
      resourceName("vpc", suffix),
      {
        cidrBlock: network.vpcCidr,
        availabilityZoneNames: [...config.availabilityZones],
        // "Auto" keeps the spec order and accepts the exact CIDR blocks planned in config.
        subnetStrategy: "Auto",
        subnetSpecs: [
          {
            type: "Public",
            name: "public",
            cidrMask: network.subnets.publicMask,
            cidrBlocks: [...network.subnets.publicCidrs],
          },
          {
            type: "Private",
            name: "private",
            cidrMask: network.subnets.privateMask,
            cidrBlocks: [...network.subnets.privateCidrs],
          },
        ],
        // One NAT gateway per AZ: losing an AZ never cuts the other AZs' egress.
        natGateways: { strategy: "OnePerAz" },
        // Private DNS on interface endpoints needs both DNS attributes on.
        enableDnsHostnames: true,
        enableDnsSupport: true,
        // "Auto" attaches the S3 gateway endpoint to every route table awsx creates.
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway" }],
      },
      { parent: this, providers: [args.provider] },
    );
    this.vpcId = this.vpc.vpcId;
    this.cidrBlock = network.vpcCidr;
    this.publicSubnetIds = this.vpc.publicSubnetIds;
    this.privateSubnetIds = this.vpc.privateSubnetIds;

    // Managing the default security group with no rules leaves it unusable (CIS AWS 5.4).
    new aws.ec2.DefaultSecurityGroup(
      resourceName("vpc", suffix),
      { vpcId: this.vpcId, ingress: [], egress: [], tags: { Name: resourceName("default-sg", suffix) } },
      { parent: this },
    );

    this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
      resourceName("vpce-sg", suffix),
      {
        name: resourceName("vpce-sg", suffix),
        description: "Interface VPC endpoints: HTTPS from inside the VPC only",
        vpcId: this.vpcId,
        ingress: [
          {
            description: "HTTPS from the VPC",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [network.vpcCidr],
          },
        ],
        // Endpoints only answer; they never open connections.
        egress: [],
        tags: { Name: resourceName("vpce-sg", suffix) },
      },
      { parent: this },
    );

    if (network.enableInterfaceEndpoints) {
      for (const { service, type } of INTERFACE_ENDPOINTS) {
        new aws.ec2.VpcEndpoint(
          resourceName(type, suffix),
          {
            vpcId: this.vpcId,
            serviceName: `com.amazonaws.${region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: this.privateSubnetIds,
            securityGroupIds: [this.endpointSecurityGroup.id],
            tags: { Name: resourceName(type, suffix) },
          },
          { parent: this },
        );
      }
    }

    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
