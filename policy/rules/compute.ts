import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";

/**
 * Listener policies that offer TLS 1.3 and no protocol older than TLS 1.2, with or without the
 * post-quantum hybrid key exchange (the 2025-09 PQ policies, ELB "Security policies for your
 * Application Load Balancer"); the TLS13-1-0 ones are left out, they still allow TLS 1.0.
 */
export const STRONG_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];
export const REQUIRED_WAF_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY/i;

export interface TaskSizeConfig {
  cpu: number;
  memory: number;
}

interface Container {
  name?: string;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  user?: string;
  environment?: { name: string; value?: string }[];
}

/** Containers of a task definition resource (JSON string) or of an awsx FargateService's args. */
function containersOf(type: string, props: Record<string, unknown>): Container[] {
  if (type === "aws:ecs/taskDefinition:TaskDefinition") {
    const defs = props.containerDefinitions;
    return typeof defs === "string" ? JSON.parse(defs) : ((defs as Container[]) ?? []);
  }
  const args = props.taskDefinitionArgs as
    { container?: Container; containers?: Record<string, Container> } | undefined;
  return [...(args?.container ? [args.container] : []), ...Object.values(args?.containers ?? {})];
}

const TASK_TYPES = ["aws:ecs/taskDefinition:TaskDefinition", "awsx:ecs:FargateService"];

export const computeRules: PciPolicy[] = [
  {
    ...resourceRule(
      {
        name: "pci-ecs-private-and-sized",
        control: "ECS tasks run in private subnets without public IPs, at the configured Fargate size",
        requirements: ["1.4.4", "2.2.6"],
        judges: "ECS services and task definitions (awsx args and children)",
      },
      ["aws:ecs/service:Service", ...TASK_TYPES],
      (args, report) => {
        const expected = args.getConfig<TaskSizeConfig>();
        const network = args.props.networkConfiguration;
        if (args.type !== "aws:ecs/taskDefinition:TaskDefinition" && network?.assignPublicIp !== false) {
          report(`${args.name} does not set assignPublicIp to false`);
        }
        const size = args.type === "awsx:ecs:FargateService" ? args.props.taskDefinitionArgs : args.props;
        if (size && args.type !== "aws:ecs/service:Service") {
          if (Number(size.cpu) !== expected.cpu || Number(size.memory) !== expected.memory) {
            report(
              `${args.name} runs ${size.cpu} CPU / ${size.memory} MiB, not ${expected.cpu} / ${expected.memory}`,
            );
          }
        }
      },
    ),
    configSchema: {
      properties: {
        cpu: { type: "integer", default: 512 },
        memory: { type: "integer", default: 1024 },
      },
    },
  },
  resourceRule(
    {
      name: "pci-container-hardening",
      control: "Containers have a read-only root filesystem, run as a non-root user and are never privileged",
      requirements: ["2.2.6"],
      judges: "ECS container definitions",
    },
    TASK_TYPES,
    (args, report) => {
      for (const c of containersOf(args.type, args.props)) {
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
    },
    TASK_TYPES,
    (args, report) => {
      for (const c of containersOf(args.type, args.props)) {
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
      control: "Load balancers listen on HTTPS only, with a TLS 1.3 policy, and drop invalid header fields",
      requirements: ["4.2.1", "2.2.5"],
      judges: "ALB listeners and load balancers (awsx args and children)",
    },
    ["aws:lb/listener:Listener", "aws:lb/loadBalancer:LoadBalancer", "awsx:lb:ApplicationLoadBalancer"],
    (args, report) => {
      const listeners =
        args.type === "aws:lb/listener:Listener"
          ? [args.props]
          : args.type === "awsx:lb:ApplicationLoadBalancer"
            ? [...(args.props.listener ? [args.props.listener] : []), ...(args.props.listeners ?? [])]
            : [];
      if (args.type === "awsx:lb:ApplicationLoadBalancer" && listeners.length === 0) {
        report(`${args.name} gets awsx's default HTTP listener on port 80`);
      }
      for (const listener of listeners) {
        if (listener.protocol !== "HTTPS")
          report(`${args.name} has a ${listener.protocol ?? "HTTP"} listener on ${listener.port}`);
        else if (!STRONG_TLS_POLICIES.includes(listener.sslPolicy)) {
          report(`${args.name} uses TLS policy ${listener.sslPolicy ?? "(default)"}, not a TLS 1.3 policy`);
        }
      }
      const isApplicationLb =
        args.type === "awsx:lb:ApplicationLoadBalancer" ||
        (args.type === "aws:lb/loadBalancer:LoadBalancer" &&
          (args.props.loadBalancerType ?? "application") === "application");
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
        ofType(resources, "aws:lb/loadBalancer:LoadBalancer", "awsx:lb:ApplicationLoadBalancer"),
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
      name: "pci-ecr-hardened",
      control: "Image repositories scan on push, keep tags immutable and encrypt with KMS",
      requirements: ["6.3.1", "3.5.1"],
      judges: "ECR repositories",
    },
    ["aws:ecr/repository:Repository"],
    (args, report) => {
      if (args.props.imageScanningConfiguration?.scanOnPush !== true)
        report(`repository ${args.name} does not scan on push`);
      if (args.props.imageTagMutability !== "IMMUTABLE") report(`repository ${args.name} has mutable tags`);
      if (
        !(args.props.encryptionConfigurations ?? []).some(
          (e: { encryptionType?: string }) => e.encryptionType === "KMS",
        )
      ) {
        report(`repository ${args.name} is not KMS-encrypted`);
      }
    },
  ),
];
