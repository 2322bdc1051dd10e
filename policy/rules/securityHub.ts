import type { PolicyResource } from "@pulumi/policy";
import {
  PciPolicy,
  knownStrings,
  dependentsOn,
  eachKnown,
  ofType,
  referencedOfType,
  resourceRule,
  stackRule,
} from "../lib";

/**
 * Rules for the Security Hub PCI DSS v4.0.1 controls that no other rule of the pack enforced. They
 * judge what a real preview shows: the children awsx creates (subnets, the load balancer, the ECS
 * service) and the program's own resources, never awsx component args.
 */

const SUBNET = "aws:ec2/subnet:Subnet";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const WORLD = ["0.0.0.0/0", "::/0"];
/** SSH and RDP: EC2.21 fails an inbound entry from anywhere whose range holds either. */
const ADMIN_PORTS = [22, 3389];
/** Security Hub ACM.1's default `daysToExpiration`: a certificate this close to expiry fails. */
export const ACM1_DAYS_TO_EXPIRATION = 30;
/** Engine default administrator names (RDS.24: rds-cluster-default-admin-check). */
const DEFAULT_ADMIN_USERNAMES = ["admin", "postgres", "root"];

interface NaclEntry {
  readonly egress: boolean;
  readonly action: string;
  readonly protocol: string;
  readonly cidr?: string;
  readonly ipv6Cidr?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/** The entries of an ACL (inline `ingress`/`egress`) or of a separate `NetworkAclRule`. */
function naclEntries(resource: PolicyResource): NaclEntry[] {
  const p = resource.props;
  if (resource.type === NACL_RULE) {
    return [
      {
        egress: p.egress === true,
        action: String(p.ruleAction),
        protocol: String(p.protocol),
        cidr: p.cidrBlock,
        ipv6Cidr: p.ipv6CidrBlock,
        fromPort: p.fromPort,
        toPort: p.toPort,
      },
    ];
  }
  const inline = (list: Record<string, unknown>[] | undefined, egress: boolean) =>
    (list ?? []).map((e) => ({
      egress,
      action: String(e.action),
      protocol: String(e.protocol),
      cidr: e.cidrBlock as string | undefined,
      ipv6Cidr: e.ipv6CidrBlock as string | undefined,
      fromPort: e.fromPort as number | undefined,
      toPort: e.toPort as number | undefined,
    }));
  return [...inline(p.ingress, false), ...inline(p.egress, true)];
}

/** An inbound allow from anywhere that reaches port 22 or 3389 (all protocols, TCP or UDP). */
function opensAdminPortToWorld(entry: NaclEntry): boolean {
  if (entry.egress || entry.action !== "allow") return false;
  if (!WORLD.includes(entry.cidr ?? "") && !WORLD.includes(entry.ipv6Cidr ?? "")) return false;
  if (["-1", "all"].includes(entry.protocol)) return true;
  if (!["tcp", "udp", "6", "17"].includes(entry.protocol)) return false;
  const from = entry.fromPort ?? 0;
  const to = entry.toPort ?? 65535;
  return ADMIN_PORTS.some((port) => from <= port && port <= to);
}

export const securityHubRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-subnets-no-auto-public-ip",
      control: "No subnet gives what launches in it a public IPv4 or IPv6 address automatically",
      requirements: ["1.4.1", "1.4.4"],
      judges: "subnets, the ones awsx creates included",
      securityHub: ["EC2.15"],
    },
    [SUBNET],
    (args, report) => {
      if (args.props.mapPublicIpOnLaunch === true)
        report(`subnet ${args.name} maps a public IPv4 address on launch`);
      if (args.props.assignIpv6AddressOnCreation === true) {
        report(`subnet ${args.name} assigns an IPv6 address on creation`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-nacl-no-admin-ports-from-world",
      control: "No network ACL admits traffic from anywhere to SSH (22) or RDP (3389)",
      requirements: ["1.3.1", "1.4.2"],
      judges: "network ACLs, the VPC's default ACL and separate ACL rules",
      securityHub: ["EC2.21"],
    },
    [NACL, DEFAULT_NACL, NACL_RULE],
    (args, report) => {
      for (const entry of naclEntries(args as unknown as PolicyResource).filter(opensAdminPortToWorld)) {
        report(
          `${args.name} admits ${entry.protocol} ${entry.fromPort ?? 0}-${entry.toPort ?? 65535} from ${entry.cidr ?? entry.ipv6Cidr}, which includes port 22 or 3389`,
        );
      }
    },
  ),
  stackRule(
    {
      name: "pci-subnets-in-tier-nacls",
      control:
        "Every subnet is associated with a network ACL of the stack, every ACL with a subnet, and each VPC's default ACL is managed with no rules",
      requirements: ["1.3.1", "1.3.2"],
      judges: "subnets, network ACLs (their subnetIds), VPCs and their default ACLs",
      securityHub: ["EC2.16", "EC2.21"],
    },
    (resources, report) => {
      const acls = ofType(resources, NACL);
      // A value read from awsx's `publicSubnetIds` depends on the component and on the subnets
      // the engine reports for that output (lib.ts referencedOfType). Once the subnets exist their
      // ids are known and name the ACL's subnets exactly; at a first preview they are unknown, and
      // the rule can only check that every subnet is among those some ACL's ids were built from.
      const associated = new Map(
        acls.map((acl) => [
          acl,
          referencedOfType(
            resources,
            acl,
            "subnetIds",
            [SUBNET],
            knownStrings(() => acl.props.subnetIds),
          ),
        ]),
      );
      for (const [acl, subnets] of associated) {
        if (subnets.length === 0)
          report(`network ACL ${acl.name} is associated with no subnet (EC2.16)`, acl.urn);
      }
      const covered = new Set([...associated.values()].flat().map((s) => s.urn));
      for (const subnet of ofType(resources, SUBNET)) {
        if (!covered.has(subnet.urn)) {
          report(`subnet ${subnet.name} falls back to the VPC's default network ACL`, subnet.urn);
        }
      }
      const defaults = ofType(resources, DEFAULT_NACL);
      eachKnown(ofType(resources, "aws:ec2/vpc:Vpc"), (vpc) => {
        const managed = defaults.filter((d) =>
          referencedOfType(resources, d, "defaultNetworkAclId", ["aws:ec2/vpc:Vpc"]).some(
            (v) => v.urn === vpc.urn,
          ),
        );
        if (managed.length === 0) {
          report(
            `VPC ${vpc.name}'s default network ACL is unmanaged: AWS creates it allowing all traffic`,
            vpc.urn,
          );
        }
        for (const d of managed) {
          if ((d.props.ingress ?? []).length > 0 || (d.props.egress ?? []).length > 0) {
            report(`VPC ${vpc.name}'s default network ACL ${d.name} keeps rules; it must have none`, d.urn);
          }
        }
      });
    },
  ),
  resourceRule(
    {
      name: "pci-alb-desync-mitigation",
      control: "Application load balancers mitigate HTTP desync in defensive or strictest mode",
      requirements: ["2.2.6"],
      judges: "application load balancers (the one awsx creates included)",
      securityHub: ["ELB.12"],
    },
    ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    (args, report) => {
      if ((args.props.loadBalancerType ?? "application") !== "application") return;
      // "defensive" is AWS's default when the input is absent.
      const mode = args.props.desyncMitigationMode ?? "defensive";
      if (!["defensive", "strictest"].includes(mode))
        report(`${args.name} uses desync mitigation mode ${mode}`);
    },
  ),
  resourceRule(
    {
      name: "pci-ecs-fargate-latest-platform",
      control: "Fargate services run on the latest platform version, which carries the current patches",
      requirements: ["6.3.1"],
      judges: "ECS services (the one awsx creates included)",
      securityHub: ["ECS.10"],
    },
    ["aws:ecs/service:Service"],
    (args, report) => {
      if (args.props.launchType !== "FARGATE") return;
      const version = args.props.platformVersion ?? "LATEST";
      if (version !== "LATEST") report(`${args.name} pins Fargate platform version ${version}; use LATEST`);
    },
  ),
  resourceRule(
    {
      name: "pci-rds-custom-admin-username",
      control: "Database clusters use an administrator name other than the engine's default",
      requirements: ["2.2.6"],
      judges: "RDS and Aurora clusters",
      securityHub: ["RDS.24"],
    },
    ["aws:rds/cluster:Cluster"],
    (args, report) => {
      const username = args.props.masterUsername;
      if (username === undefined || DEFAULT_ADMIN_USERNAMES.includes(String(username).toLowerCase())) {
        report(`cluster ${args.name} uses the default administrator name ${username ?? "(engine default)"}`);
      }
    },
  ),
  stackRule(
    {
      name: "pci-waf-logging",
      control: "Every WAF web ACL logs its requests",
      requirements: ["10.2.1"],
      judges: "WAFv2 web ACLs and logging configurations",
      securityHub: ["WAF.11"],
    },
    (resources, report) => {
      const logging = ofType(resources, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
      for (const acl of ofType(resources, "aws:wafv2/webAcl:WebAcl")) {
        if (dependentsOn(logging, acl, "resourceArn").length === 0)
          report(`web ACL ${acl.name} has no logging`, acl.urn);
      }
    },
  ),
  stackRule(
    {
      name: "pci-certificate-expiry-alarm",
      control: `Every imported ACM certificate has an alarm on DaysToExpiry that notifies someone more than ${ACM1_DAYS_TO_EXPIRATION} days before expiry (ACM never renews imported certificates)`,
      requirements: ["4.2.1", "10.7.2"],
      judges: "imported ACM certificates and CloudWatch alarms",
      securityHub: ["ACM.1"],
    },
    (resources, report) => {
      const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
        (a) => a.props.namespace === "AWS/CertificateManager" && a.props.metricName === "DaysToExpiry",
      );
      for (const cert of ofType(resources, "aws:acm/certificate:Certificate")) {
        if (cert.props.privateKey === undefined) continue; // Issued by ACM: ACM renews it.
        const watching = dependentsOn(alarms, cert, "dimensions").filter(
          (a) =>
            ["LessThanThreshold", "LessThanOrEqualToThreshold"].includes(a.props.comparisonOperator) &&
            Number(a.props.threshold) > ACM1_DAYS_TO_EXPIRATION &&
            a.props.actionsEnabled !== false &&
            (a.props.alarmActions ?? []).length > 0,
        );
        if (watching.length === 0) {
          report(
            `imported certificate ${cert.name} has no DaysToExpiry alarm above ${ACM1_DAYS_TO_EXPIRATION} days with an action`,
            cert.urn,
          );
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-certificate-key-strength",
      control: "Certificate keys are RSA of at least 2048 bits or ECDSA",
      requirements: ["4.2.1"],
      judges: "@pulumi/tls private keys and ACM certificate requests",
      securityHub: ["ACM.2"],
    },
    ["tls:index/privateKey:PrivateKey", "aws:acm/certificate:Certificate"],
    (args, report) => {
      if (args.type === "aws:acm/certificate:Certificate") {
        if (String(args.props.keyAlgorithm ?? "").startsWith("RSA_1024"))
          report(`${args.name} requests an RSA 1024 key`);
        return;
      }
      if (args.props.algorithm === "RSA" && Number(args.props.rsaBits ?? 2048) < 2048) {
        report(`private key ${args.name} is RSA ${args.props.rsaBits}, under 2048 bits`);
      }
    },
  ),
];
