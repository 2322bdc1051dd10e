import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, policyDocument } from "./iam";
import { resourceName } from "./naming";
import { awsxChildOptions } from "./provider";
import { ecrLayerBucket, endpointServiceName } from "./regions";
import { SubnetPlan } from "./subnetPlan";
import { subnetsWithoutPublicIps } from "./transforms";

/** AWS APIs the service reaches through interface endpoints, so that traffic stays in the VPC. */
export const INTERFACE_ENDPOINTS = [
  { service: "ecr.api", type: "vpce-ecr-api" },
  { service: "ecr.dkr", type: "vpce-ecr-dkr" },
  { service: "logs", type: "vpce-logs" },
  { service: "secretsmanager", type: "vpce-secretsmanager" },
] as const;

export interface NetworkArgs {
  /** Suffix of every physical name (`vpc-{suffix}`, `vpce-sg-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /**
   * The account and region: endpoint service names (`com.amazonaws.{region}.{service}`) and the S3
   * endpoint policy, which admits only this account's buckets.
   */
  readonly account: AccountContext;
  /** The AZs, in order: subnet N of each tier lands in AZ N. Changing them replaces the subnets. */
  readonly availabilityZones: readonly string[];
  /** The VPC's IPv4 range. Changing it replaces the VPC and everything in it. */
  readonly vpcCidr: string;
  /** The exact public and private subnet blocks, one per AZ (`planSubnets`). */
  readonly subnets: SubnetPlan;
  /**
   * Interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager in the private
   * subnets, so those calls never leave the VPC.
   * @default true
   */
  readonly enableInterfaceEndpoints?: boolean;
}

/**
 * The VPC over three pinned AZs: a public and a private subnet in each, one NAT gateway per AZ,
 * the default security group emptied, and VPC endpoints for the AWS APIs the service calls.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  /** One per AZ, in AZ order: the ALB and the NAT gateways. */
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** One per AZ, in AZ order: tasks, database, endpoints. */
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The group of the interface endpoints: HTTPS from inside the VPC only. */
  public readonly endpointSecurityGroupId: pulumi.Output<string>;
  /** The network ACL AWS creates with the VPC (allow-all until something manages it). */
  public readonly defaultNetworkAclId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:Network", name, {}, opts);
    const { environmentSuffix: suffix, account, subnets } = args;
    const region = account.region;

    const vpc = new awsx.ec2.Vpc(
      name,
      {
        cidrBlock: args.vpcCidr,
        availabilityZoneNames: [...args.availabilityZones],
        // "Auto" keeps the spec order and accepts the exact CIDR blocks planned in config.
        subnetStrategy: "Auto",
        subnetSpecs: [
          {
            type: "Public",
            name: "public",
            cidrMask: subnets.publicMask,
            cidrBlocks: [...subnets.publicCidrs],
          },
          {
            type: "Private",
            name: "private",
            cidrMask: subnets.privateMask,
            cidrBlocks: [...subnets.privateCidrs],
          },
        ],
        // One NAT gateway per AZ: losing an AZ never cuts the other AZs' egress.
        natGateways: { strategy: "OnePerAz" },
        // Private DNS on interface endpoints needs both DNS attributes on.
        enableDnsHostnames: true,
        enableDnsSupport: true,
        // "Auto" attaches the S3 gateway endpoint to every route table awsx creates.
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [
          {
            serviceName: endpointServiceName(region, "s3"),
            vpcEndpointType: "Gateway",
            policy: s3EndpointPolicy(account),
            // awsx tags endpoints only with what the spec gives; the convention names this one.
            tags: { Name: resourceName("vpce-s3", suffix) },
          },
        ],
      },
      { ...awsxChildOptions(this), transforms: [subnetsWithoutPublicIps] },
    );
    this.vpcId = vpc.vpcId;
    this.defaultNetworkAclId = vpc.vpc.defaultNetworkAclId;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;

    // Managing the default security group with no rules leaves it unusable (CIS AWS 5.4).
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: this.vpcId, ingress: [], egress: [], tags: { Name: resourceName("default-sg", suffix) } },
      { parent: this },
    );

    const endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
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
            cidrBlocks: [args.vpcCidr],
          },
        ],
        // Endpoints only answer; they never open connections.
        egress: [],
        tags: { Name: resourceName("vpce-sg", suffix) },
      },
      { parent: this },
    );

    this.endpointSecurityGroupId = endpointSecurityGroup.id;

    if (args.enableInterfaceEndpoints ?? true) {
      for (const { service, type } of INTERFACE_ENDPOINTS) {
        new aws.ec2.VpcEndpoint(
          `${name}-${type}`,
          {
            vpcId: this.vpcId,
            serviceName: endpointServiceName(region, service),
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: this.privateSubnetIds,
            securityGroupIds: [this.endpointSecurityGroupId],
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
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      defaultNetworkAclId: this.defaultNetworkAclId,
    });
  }
}

/**
 * The S3 gateway endpoint admits what the tasks need and nothing else: this account's buckets, and
 * the ECR layer bucket that image pulls from ECR read (ECR User Guide, "Amazon ECR interface VPC
 * endpoints": minimum Amazon S3 gateway endpoint policy). Without a policy an endpoint allows
 * every bucket of every account, an exfiltration path.
 */
export function s3EndpointPolicy(account: AccountContext): pulumi.Output<string> {
  return policyDocument([
    {
      Sid: "ThisAccountsBucketsOnly",
      Effect: "Allow",
      Principal: "*",
      Action: [
        "s3:AbortMultipartUpload",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListMultipartUploadParts",
        "s3:PutObject",
      ],
      // Any bucket, on the condition that this account owns it.
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceAccount": account.accountId } },
    },
    {
      Sid: "PullEcrImageLayers",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: pulumi.interpolate`arn:${account.partition}:s3:::${ecrLayerBucket(account.region)}/*`,
    },
  ]);
}
