import type { PolicyResource } from "@pulumi/policy";
import {
  PciPolicy,
  asList,
  dependentsOn,
  eachKnown,
  isDescendantOf,
  knownStrings,
  ofType,
  resourceRule,
  stackRule,
} from "../lib";

/**
 * Listener policies that offer TLS 1.3 and no protocol older than TLS 1.2: the 2021/2023 TLS13
 * policies and their 2025-09 post-quantum (hybrid ML-KEM key exchange) successors (ELB
 * "Security policies for your Application Load Balancer").
 */
export const STRONG_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];
export const REQUIRED_WAF_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY/i;

interface Container {
  name?: string;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  user?: string;
  environment?: { name: string; value?: string }[];
}

/** Containers of a task definition (a JSON string, which a first preview may not know yet). */
function containersOf(props: Record<string, unknown>): Container[] {
  const defs = props.containerDefinitions;
  return typeof defs === "string" ? JSON.parse(defs) : ((defs as Container[]) ?? []);
}

/*
 * The compute rules judge the resources a preview always shows: `aws:ecs/service`,
 * `aws:ecs/taskDefinition`, `aws:lb/listener`, `aws:lb/loadBalancer`. awsx components reach a
 * policy with empty properties (the awsx provider's SDK sends none; docs/engine-model.md), so
 * their args are never judged, and an absent arg is never read as awsx's default.
 */
const TASK_TYPES = ["aws:ecs/taskDefinition:TaskDefinition"];
const SERVICE_TYPES = ["aws:ecs/service:Service"];
const SUBNET_TYPE = "aws:ec2/subnet:Subnet";
const INTERNET_GATEWAY_TYPE = "aws:ec2/internetGateway:InternetGateway";

/**
 * A route's `gatewayId` that is an internet gateway: an `igw-` id, a dependency on one, or (a
 * value read from a remote component, under mocks) on a component that contains one.
 */
function toInternetGateway(
  resources: readonly PolicyResource[],
  gatewayId: unknown,
  dependencies: readonly PolicyResource[] = [],
): boolean {
  const gateways = ofType(resources, INTERNET_GATEWAY_TYPE);
  return (
    /^igw-/.test(String(gatewayId ?? "")) ||
    dependencies.some((d) => d.type === INTERNET_GATEWAY_TYPE || gateways.some((g) => isDescendantOf(g, d)))
  );
}

/**
 * Why a subnet is public, if it is: it gives instances public IPs on launch, or its route table
 * (associated by `subnetId`/`routeTableId` references) routes to an internet gateway (VPC user
 * guide, "Subnet types": a public subnet has a direct route to an internet gateway).
 */
export function publicReason(
  resources: readonly PolicyResource[],
  subnet: PolicyResource,
): string | undefined {
  if (subnet.props.mapPublicIpOnLaunch === true) return "maps a public IP on launch";
  const tables = dependentsOn(
    ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation"),
    subnet,
    "subnetId",
  ).flatMap((a) => a.propertyDependencies.routeTableId ?? []);
  const viaRoute = tables.some((table) =>
    dependentsOn(ofType(resources, "aws:ec2/route:Route"), table, "routeTableId").some((route) =>
      toInternetGateway(resources, route.props.gatewayId, route.propertyDependencies.gatewayId),
    ),
  );
  const inline = tables.some(
    (table) =>
      toInternetGateway(resources, undefined, table.propertyDependencies.routes) ||
      (table.props.routes ?? []).some((r: { gatewayId?: string }) =>
        toInternetGateway(resources, r.gatewayId),
      ),
  );
  return viaRoute || inline ? "routes to an internet gateway" : undefined;
}

export const computeRules: PciPolicy[] = [
  // Task size (taskCpu/taskMemory) is a capacity choice, not a PCI control: the program's config
  // accepts only the CPU/memory pairs Fargate runs, and the pack judges no size.
  resourceRule(
    {
      name: "pci-ecs-no-public-ip",
      control: "ECS services never give their tasks a public IP address",
      requirements: ["1.4.4"],
      judges: "ECS services (the aws:ecs/service awsx creates; its component's args never reach a policy)",
      securityHub: ["ECS.2"],
    },
    SERVICE_TYPES,
    (args, report) => {
      if (args.props.networkConfiguration?.assignPublicIp !== false) {
        report(`${args.name} does not set networkConfiguration.assignPublicIp to false`);
      }
    },
  ),
  stackRule(
    {
      name: "pci-ecs-private-subnets",
      control:
        "ECS tasks run only in private subnets: no public IP on launch, no route to an internet gateway",
      requirements: ["1.4.4"],
      judges:
        "ECS services, the subnets their network configuration names by id (once ids are known), route tables and routes",
    },
    // Which subnets a service runs in is shown only by their ids. At a first preview every id is
    // unknown, and the value's dependencies cannot tell private from public: awsx builds
    // `privateSubnetIds` from all of the VPC's subnets at once, so it depends on all six. So this
    // rule reads the ids and lets the engine's UnknownValueError through while they are unknown:
    // @pulumi/policy then reports "can't run ... during preview" as advisory, which never blocks
    // the preview and says the check is pending. Once ids are known (`up`, which runs the pack
    // again, and every later preview) the same rule matches each id to the stack's subnets and
    // fails a service in a public subnet.
    (resources, report) => {
      const subnets = ofType(resources, SUBNET_TYPE);
      const byId = new Map(subnets.flatMap((s) => knownStrings(() => s.props.id).map((id) => [id, s])));
      const idsUnknown = subnets.some((s) => knownStrings(() => s.props.id).length === 0);
      for (const service of ofType(resources, ...SERVICE_TYPES)) {
        const ids: string[] = asList(service.props.networkConfiguration?.subnets);
        if (ids.length === 0) {
          report(`${service.name} names no subnets, so its placement cannot be shown`, service.urn);
        }
        for (const id of ids) {
          const subnet = byId.get(id);
          if (!subnet) {
            if (!idsUnknown) {
              report(
                `${service.name} runs in subnet ${id}, which this stack does not manage, so its placement cannot be shown`,
                service.urn,
              );
            }
            continue;
          }
          const why = publicReason(resources, subnet);
          if (why) report(`${service.name} runs tasks in subnet ${subnet.name}, which ${why}`, service.urn);
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-container-hardening",
      control: "Containers have a read-only root filesystem, run as a non-root user and are never privileged",
      requirements: ["2.2.6"],
      judges: "ECS container definitions",
    },
    TASK_TYPES,
    (args, report) => {
      for (const c of containersOf(args.props)) {
        if (c.readonlyRootFilesystem !== true) report(`container ${c.name} has a writable root filesystem`);
        if (c.privileged === true) report(`container ${c.name} is privileged`);
        if (!c.user || /^(root|0)(:|$)/.test(c.user)) report(`container ${c.name} runs as root`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-no-secrets-in-environment",
      control:
        "Credentials reach containers through Secrets Manager `secrets`, never as plain environment variables",
      requirements: ["8.6.2", "8.3.2"],
      judges: "ECS container definitions",
      securityHub: ["ECS.8"],
    },
    TASK_TYPES,
    (args, report) => {
      for (const c of containersOf(args.props)) {
        for (const variable of c.environment ?? []) {
          if (SECRET_NAME.test(variable.name))
            report(`container ${c.name} gets ${variable.name} as plain environment`);
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-alb-https-strong-tls",
      control:
        "Load balancer listeners accept HTTPS only, with a TLS 1.3 policy that allows nothing older than TLS 1.2",
      requirements: ["4.2.1", "2.2.5"],
      judges: "ALB listeners (the aws:lb/listener children awsx creates, including its default HTTP one)",
    },
    ["aws:lb/listener:Listener"],
    (args, report) => {
      const listener = args.props;
      if (listener.protocol !== "HTTPS")
        report(`${args.name} has a ${listener.protocol ?? "HTTP"} listener on ${listener.port}`);
      else if (!STRONG_TLS_POLICIES.includes(listener.sslPolicy)) {
        report(
          `${args.name} uses TLS policy ${listener.sslPolicy ?? "(default)"}, not a TLS 1.3 policy ` +
            "(ELBSecurityPolicy-TLS13-*, classic or post-quantum)",
        );
      }
    },
  ),
  resourceRule(
    {
      name: "pci-alb-drop-invalid-headers",
      control:
        "Application load balancers drop HTTP header fields that are not valid, before they reach the service",
      requirements: ["2.2.6"],
      judges: "application load balancers (the aws:lb/loadBalancer awsx creates)",
      securityHub: ["ELB.4"],
    },
    ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    (args, report) => {
      const isApplicationLb = (args.props.loadBalancerType ?? "application") === "application";
      if (isApplicationLb && args.props.dropInvalidHeaderFields !== true) {
        report(`${args.name} does not drop invalid header fields`);
      }
    },
  ),
  stackRule(
    {
      name: "pci-waf-on-public-alb",
      control:
        "Every internet-facing load balancer is behind a WAF web ACL with the AWS common, bad-inputs and SQLi rule groups and a rate limit",
      requirements: ["6.4.2"],
      judges: "internet-facing load balancers, WAF associations and web ACLs",
    },
    (resources, report) => {
      const associations = ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
      eachKnown(
        ofType(resources, "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"),
        (lb) => {
          if (lb.props.internal === true) return;
          const acls = dependentsOn(associations, lb, "resourceArn").flatMap(
            (a) => a.propertyDependencies.webAclArn ?? [],
          );
          if (acls.length === 0) {
            report(`load balancer ${lb.name} has no WAF web ACL`, lb.urn);
            return;
          }
          for (const acl of acls) {
            const statements = (acl.props.rules ?? []).map(
              (r: { statement: Record<string, { name?: string }> }) => r.statement,
            );
            const groups = statements.map(
              (s: Record<string, { name?: string }>) => s.managedRuleGroupStatement?.name,
            );
            const missing = REQUIRED_WAF_RULE_GROUPS.filter((g) => !groups.includes(g));
            if (missing.length > 0) report(`web ACL ${acl.props.name} lacks ${missing.join(", ")}`, acl.urn);
            if (!statements.some((s: Record<string, unknown>) => s.rateBasedStatement)) {
              report(`web ACL ${acl.props.name} has no rate-based rule`, acl.urn);
            }
          }
        },
      );
    },
  ),
  resourceRule(
    {
      name: "pci-ecr-scan-on-push",
      control: "Image repositories scan every image for vulnerabilities when it is pushed",
      requirements: ["6.3.1"],
      judges: "ECR repositories",
      securityHub: ["ECR.1"],
    },
    ["aws:ecr/repository:Repository"],
    (args, report) => {
      if (args.props.imageScanningConfiguration?.scanOnPush !== true)
        report(`repository ${args.props.name ?? args.name} does not scan on push`);
    },
  ),
  resourceRule(
    {
      name: "pci-ecr-immutable-tags",
      control: "Image tags are immutable, so the image that was scanned under a tag is the one that runs",
      requirements: ["6.3.1"],
      judges: "ECR repositories",
    },
    ["aws:ecr/repository:Repository"],
    (args, report) => {
      if (args.props.imageTagMutability !== "IMMUTABLE")
        report(`repository ${args.props.name ?? args.name} has mutable tags`);
    },
  ),
  resourceRule(
    {
      name: "pci-ecr-kms-encrypted",
      control: "Image repositories are encrypted with a KMS key",
      requirements: ["3.5.1"],
      judges: "ECR repositories",
    },
    ["aws:ecr/repository:Repository"],
    (args, report) => {
      if (
        !(args.props.encryptionConfigurations ?? []).some(
          (e: { encryptionType?: string }) => e.encryptionType === "KMS",
        )
      ) {
        report(`repository ${args.props.name ?? args.name} is not KMS-encrypted`);
      }
    },
  ),
];
