import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./naming";
import { HTTPS_PORT, MYSQL_PORT } from "./securityGroups";

/**
 * Network ACLs are stateless: every reply needs its own rule. The NAT gateway and the ALB use
 * source ports 1024-65535 (VPC User Guide, "Network ACLs": ephemeral ports), so replies come back
 * to that range. From the internet it is split around 3389: Security Hub EC2.21 fails any inbound
 * entry from 0.0.0.0/0 whose range holds port 22 or 3389, and a NAT connection that picked 3389
 * as its source port is the one reply this drops (the client retries on another port).
 */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;
const EPHEMERAL_FROM_INTERNET = [
  { from: EPHEMERAL_PORTS.from, to: 3388 },
  { from: 3390, to: EPHEMERAL_PORTS.to },
] as const;
const ANYWHERE = "0.0.0.0/0";

export interface NaclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  /** TCP, or every protocol ("-1", ports 0-0) for a deny. */
  readonly protocol: "tcp" | "-1";
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

export interface TierNetworkAclsArgs {
  /** Suffix of the ACLs' Name tags (`public-nacl-{suffix}`, `private-nacl-{suffix}`, `default-nacl-{suffix}`). */
  readonly environmentSuffix: string;
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's own network ACL: managed with no rules, so nothing can fall back to its allow-all. */
  readonly defaultNetworkAclId: pulumi.Input<string>;
  readonly vpcCidr: string;
  /** The public subnets (ALB, NAT gateways) and their blocks, in AZ order. */
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly publicCidrs: readonly string[];
  /** The private subnets (tasks, database, endpoints) and their blocks, in AZ order. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly privateCidrs: readonly string[];
  /** The port the service's containers listen on: the only port from the public tier into the private one. */
  readonly containerPort: number;
}

const rule = (ruleNo: number, cidrBlock: string, from: number, to = from): NaclRule => ({
  ruleNo,
  action: "allow",
  protocol: "tcp",
  cidrBlock,
  fromPort: from,
  toPort: to,
});
const denyAll = (ruleNo: number, cidrBlock: string): NaclRule => ({
  ruleNo,
  action: "deny",
  protocol: "-1",
  cidrBlock,
  fromPort: 0,
  toPort: 0,
});

/**
 * The public tier's entries: HTTPS from clients to the ALB and from the private tier to the NAT
 * gateways, the ALB's requests to the tasks, and the replies of each.
 */
export function publicTierRules(
  args: Pick<TierNetworkAclsArgs, "vpcCidr" | "privateCidrs" | "containerPort">,
) {
  return {
    ingress: [
      rule(100, ANYWHERE, HTTPS_PORT),
      ...EPHEMERAL_FROM_INTERNET.map((r, i) => rule(110 + i, ANYWHERE, r.from, r.to)),
      // Replies of the tasks to the ALB.
      rule(130, args.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
    ],
    egress: [
      // The NAT gateways forward the private tier's HTTPS.
      rule(100, ANYWHERE, HTTPS_PORT),
      // The ALB's replies to clients, the NAT gateways' replies to the private tier.
      rule(110, ANYWHERE, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
      ...args.privateCidrs.map((cidr, i) => rule(120 + i, cidr, args.containerPort)),
    ],
  };
}

/**
 * The private tier's entries: the ALB to the tasks, the tasks to the database and to the interface
 * endpoints, HTTPS out (NAT gateways, S3 gateway endpoint), and the replies of each.
 */
export function privateTierRules(
  args: Pick<TierNetworkAclsArgs, "vpcCidr" | "publicCidrs" | "privateCidrs" | "containerPort">,
) {
  return {
    ingress: [
      ...args.publicCidrs.map((cidr, i) => rule(100 + i, cidr, args.containerPort)),
      ...args.privateCidrs.map((cidr, i) => rule(110 + i, cidr, MYSQL_PORT)),
      ...args.privateCidrs.map((cidr, i) => rule(120 + i, cidr, HTTPS_PORT)),
      // Replies of the database and the endpoints.
      ...args.privateCidrs.map((cidr, i) => rule(130 + i, cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to)),
      // The public tier reaches the container port and nothing else: the replies from anywhere
      // below would otherwise admit it (replies through NAT carry the internet peer's address).
      ...args.publicCidrs.map((cidr, i) => denyAll(140 + i, cidr)),
      ...EPHEMERAL_FROM_INTERNET.map((r, i) => rule(150 + i, ANYWHERE, r.from, r.to)),
    ],
    egress: [
      rule(100, ANYWHERE, HTTPS_PORT),
      ...args.privateCidrs.map((cidr, i) => rule(110 + i, cidr, MYSQL_PORT)),
      // Replies to the ALB, to the tasks from the database and the endpoints.
      rule(120, args.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to),
    ],
  };
}

/**
 * One network ACL per tier, associated with that tier's subnets, admitting only the tiers'
 * traffic (PCI DSS 1.3.1, 1.3.2; Security Hub EC2.21), and the VPC's default ACL managed with no
 * rules: subnets leave it for their tier's ACL, and an unused default ACL is not an EC2.16 finding.
 */
export class TierNetworkAcls extends pulumi.ComponentResource {
  public readonly publicNetworkAclId: pulumi.Output<string>;
  public readonly privateNetworkAclId: pulumi.Output<string>;

  constructor(name: string, args: TierNetworkAclsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:TierNetworkAcls", name, {}, opts);
    const suffix = args.environmentSuffix;

    const acl = (
      tier: "public" | "private",
      subnetIds: TierNetworkAclsArgs["publicSubnetIds"],
      rules: ReturnType<typeof publicTierRules>,
    ) =>
      new aws.ec2.NetworkAcl(
        `${name}-${tier}`,
        {
          vpcId: args.vpcId,
          subnetIds,
          ingress: [...rules.ingress],
          egress: [...rules.egress],
          tags: { Name: resourceName(`${tier}-nacl`, suffix) },
        },
        { parent: this },
      );
    const publicAcl = acl("public", args.publicSubnetIds, publicTierRules(args));
    const privateAcl = acl("private", args.privateSubnetIds, privateTierRules(args));
    // Emptied once the subnets have moved to their tier's ACL. AWS keeps each subnet associated
    // with some ACL, so the subnets leaving it show as a diff on `subnetIds`; the provider's docs
    // ("Managing Subnets In A Default Network ACL") advise ignoring it.
    new aws.ec2.DefaultNetworkAcl(
      `${name}-default`,
      {
        defaultNetworkAclId: args.defaultNetworkAclId,
        ingress: [],
        egress: [],
        tags: { Name: resourceName("default-nacl", suffix) },
      },
      { parent: this, dependsOn: [publicAcl, privateAcl], ignoreChanges: ["subnetIds"] },
    );
    this.publicNetworkAclId = publicAcl.id;
    this.privateNetworkAclId = privateAcl.id;
    this.registerOutputs({
      publicNetworkAclId: this.publicNetworkAclId,
      privateNetworkAclId: this.privateNetworkAclId,
    });
  }
}
