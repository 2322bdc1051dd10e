import type { PolicyResource } from "@pulumi/policy";
import { PUBLIC_INGRESS_PORTS } from "../allowlist";
import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";
import { publicReason } from "./compute";

export const MIN_AZS = 3;
const WORLD = ["0.0.0.0/0", "::/0"];
/** An awsx ApplicationLoadBalancer is judged by the aws:lb/loadBalancer it creates: its own props are empty. */
const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

interface Ingress {
  readonly from: number;
  readonly to: number;
  readonly protocol: string;
  readonly sources: string[];
}

/** World-open ingress rules of a group, inline or as separate rule resources. */
function worldOpenIngress(resources: readonly PolicyResource[], group: PolicyResource): Ingress[] {
  const inline: Ingress[] = (group.props.ingress ?? []).map((r: Record<string, unknown>) => ({
    from: r.fromPort,
    to: r.toPort,
    protocol: String(r.protocol),
    sources: [...((r.cidrBlocks as string[]) ?? []), ...((r.ipv6CidrBlocks as string[]) ?? [])],
  }));
  const vpcRules = dependentsOn(
    ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
    group,
    "securityGroupId",
  ).map((r) => ({
    from: r.props.fromPort,
    to: r.props.toPort,
    protocol: String(r.props.ipProtocol),
    sources: [r.props.cidrIpv4, r.props.cidrIpv6].filter(Boolean),
  }));
  const ec2Rules = dependentsOn(
    ofType(resources, "aws:ec2/securityGroupRule:SecurityGroupRule"),
    group,
    "securityGroupId",
  )
    .filter((r) => r.props.type === "ingress")
    .map((r) => ({
      from: r.props.fromPort,
      to: r.props.toPort,
      protocol: String(r.props.protocol),
      sources: [...(r.props.cidrBlocks ?? []), ...(r.props.ipv6CidrBlocks ?? [])],
    }));
  return [...inline, ...vpcRules, ...ec2Rules].filter((r) => r.sources.some((s) => WORLD.includes(s)));
}

/** True when an internet-facing load balancer uses this group. */
function frontsInternetLoadBalancer(resources: readonly PolicyResource[], group: PolicyResource): boolean {
  return dependentsOn(ofType(resources, ...LOAD_BALANCER_TYPES), group, "securityGroups").some(
    (lb) => lb.props.internal !== true,
  );
}

const isAllowListedPort = (rule: Ingress) =>
  rule.protocol === "tcp" && rule.from === rule.to && rule.from in PUBLIC_INGRESS_PORTS;

export const networkRules: PciPolicy[] = [
  stackRule(
    {
      name: "pci-vpc-three-azs-nat-per-az",
      control: `VPCs span at least ${MIN_AZS} AZs with public and private subnets and one NAT gateway in each AZ`,
      requirements: ["1.4.1", "12.10.1"],
      judges:
        "VPCs, their subnets and NAT gateways (the children awsx creates; its VPC component's args never reach a policy)",
    },
    (resources, report) => {
      const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
      const natGateways = ofType(resources, "aws:ec2/natGateway:NatGateway");
      eachKnown(ofType(resources, "aws:ec2/vpc:Vpc"), (vpc) => {
        const own = dependentsOn(subnets, vpc, "vpcId");
        // Public: routes to an internet gateway (its subnets no longer map public IPs, EC2.15).
        const isPublic = (s: PolicyResource) => publicReason(resources, s) !== undefined;
        const publicAzs = new Set(own.filter(isPublic).map((s) => s.props.availabilityZone));
        const privateAzs = new Set(own.filter((s) => !isPublic(s)).map((s) => s.props.availabilityZone));
        const natAzs = new Set(
          natGateways.flatMap((n) =>
            (n.propertyDependencies.subnetId ?? [])
              .filter((s) => own.includes(s))
              .map((s) => s.props.availabilityZone),
          ),
        );
        if (publicAzs.size < MIN_AZS || privateAzs.size < MIN_AZS) {
          report(
            `VPC ${vpc.name} has public subnets in ${publicAzs.size} and private subnets in ${privateAzs.size} AZs`,
            vpc.urn,
          );
        }
        const withoutNat = [...privateAzs].filter((az) => !natAzs.has(az));
        if (withoutNat.length > 0)
          report(`VPC ${vpc.name} has no NAT gateway in ${withoutNat.join(", ")}`, vpc.urn);
      });
    },
  ),
  stackRule(
    {
      name: "pci-no-world-open-ingress",
      control:
        "No security group admits the internet, except TCP 443 into an internet-facing load balancer's group",
      requirements: ["1.3.1", "1.4.2"],
      judges: "security groups, inline and separate ingress rules, load balancers",
      securityHub: ["EC2.13", "EC2.14", "EC2.53", "EC2.54"],
    },
    (resources, report) => {
      eachKnown(ofType(resources, "aws:ec2/securityGroup:SecurityGroup"), (group) => {
        const open = worldOpenIngress(resources, group);
        const allowed = frontsInternetLoadBalancer(resources, group) ? open.filter(isAllowListedPort) : [];
        for (const rule of open.filter((r) => !allowed.includes(r))) {
          report(
            `security group ${group.props.name ?? group.name} admits ${rule.sources.join(", ")} on ${rule.protocol} ${rule.from}-${rule.to}`,
            group.urn,
          );
        }
      });
    },
  ),
  resourceRule(
    {
      name: "pci-default-security-group-closed",
      control: "Each VPC's default security group is managed with no rules, so nothing can use it",
      requirements: ["1.3.1", "1.3.2"],
      judges: "default security groups",
    },
    ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    (args, report) => {
      if ((args.props.ingress ?? []).length > 0 || (args.props.egress ?? []).length > 0) {
        report("the default security group has rules");
      }
    },
  ),
];
