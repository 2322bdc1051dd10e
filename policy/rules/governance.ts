import { REQUIRED_TAG_KEYS } from "../standards";
import { PciPolicy, effectiveTags, isAwsResource, resourceRule } from "../lib";

/** The physical-name input of each resource type the stack names. */
export const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  "aws:s3/bucket:Bucket": "bucket",
  "aws:lb/loadBalancer:LoadBalancer": "name",
  "aws:lb/targetGroup:TargetGroup": "name",
  "aws:iam/role:Role": "name",
  "aws:iam/rolePolicy:RolePolicy": "name",
  "aws:rds/cluster:Cluster": "clusterIdentifier",
  "aws:rds/clusterInstance:ClusterInstance": "identifier",
  "aws:rds/subnetGroup:SubnetGroup": "name",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": "name",
  "aws:ecs/cluster:Cluster": "name",
  "aws:ecs/service:Service": "name",
  "aws:ecs/taskDefinition:TaskDefinition": "family",
  "aws:ecr/repository:Repository": "name",
  "aws:cloudwatch/logGroup:LogGroup": "name",
  "aws:wafv2/webAcl:WebAcl": "name",
  "aws:kms/alias:Alias": "name",
  "aws:ec2/securityGroup:SecurityGroup": "name",
  "aws:appautoscaling/policy:Policy": "name",
  "aws:backup/vault:Vault": "name",
  "aws:backup/plan:Plan": "name",
  "aws:backup/selection:Selection": "name",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "name",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": "name",
  "aws:lambda/function:Function": "name",
  "aws:cloudwatch/eventRule:EventRule": "name",
};

/**
 * The stack's AWS providers are named `aws-{environmentSuffix}` and, for the disaster-recovery
 * Region, `aws-dr-{environmentSuffix}`; the suffix is the stack's.
 */
export function suffixOfProvider(provider?: { name: string; type: string }): string | undefined {
  return provider?.type === "pulumi:providers:aws"
    ? /^aws-(?:dr-)?(.+)$/.exec(provider.name)?.[1]
    : undefined;
}

const hasToken = (name: string, suffix: string) =>
  new RegExp(`(^|[-/])${suffix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[-/])`).test(name);

export const governanceRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-required-tags",
      control:
        "Every AWS resource carries the Environment, Application and CostCenter tags, directly or from its provider's defaultTags",
      requirements: ["12.5.1"],
      judges: "every AWS resource (tags merged with its provider's defaultTags)",
    },
    isAwsResource,
    (args, report) => {
      const tags = effectiveTags(args.props, args.provider);
      const missing = REQUIRED_TAG_KEYS.filter((key) => !tags[key]);
      if (missing.length > 0) {
        report(`${args.name} is missing tag(s) ${missing.join(", ")}; use the stack's tagged provider`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-names-carry-environment-suffix",
      control:
        "Physical names follow {resource-type}-{environmentSuffix}, the suffix of the stack's aws-{suffix} provider",
      requirements: ["12.5.1"],
      judges:
        "named resources: buckets, ALB, target group, roles, RDS, ECS, ECR, log groups, WAF, aliases, security groups",
    },
    (type) => type in NAME_PROPERTIES,
    (args, report) => {
      const name = args.props[NAME_PROPERTIES[args.type]];
      if (name === undefined) return; // Auto-named from the logical name, which the program sets.
      const suffix = suffixOfProvider(args.provider);
      if (!suffix) {
        report(`${args.name} does not use the stack's explicit aws-{environmentSuffix} provider`);
      } else if (!hasToken(String(name), suffix)) {
        report(`${NAME_PROPERTIES[args.type]} "${name}" does not carry the environment suffix "${suffix}"`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-destroyable",
      control:
        "Nothing is protected, deletion-protected or kept on destroy, and buckets and repositories are deleted with their contents",
      requirements: ["12.5.1"],
      judges: "every resource (protect, deletion protection, skipDestroy), buckets, ECR repositories",
    },
    (type) => isAwsResource(type) || type.startsWith("awsx:"),
    (args, report) => {
      const p = args.props;
      if (args.opts.protect) report(`${args.name} is protected; \`pulumi destroy\` could not remove it`);
      if (p.deletionProtection === true || p.enableDeletionProtection === true) {
        report(`${args.name} has deletion protection on`);
      }
      // `retainOnDelete` is not judged here: the analyzer protocol sends only protect,
      // ignoreChanges, deleteBeforeReplace, aliases, customTimeouts, additionalSecretOutputs and
      // parent (@pulumi/policy 1.21 server.js getResourceOptions), so the program-side test
      // (test/policy/pack.test.ts) checks the recorded flag. What the provider keeps on destroy is
      // an input, and judged: log groups, task definitions and other types with `skipDestroy`.
      if (p.skipDestroy === true) {
        report(
          `${args.type === "aws:cloudwatch/logGroup:LogGroup" ? `log group ${p.name}` : args.name} is kept on destroy (skipDestroy)`,
        );
      }
      if (args.type === "aws:s3/bucket:Bucket" && p.forceDestroy !== true) {
        report(`bucket ${p.bucket} cannot be destroyed while it holds objects (forceDestroy is not true)`);
      }
      if (args.type === "aws:backup/vault:Vault" && p.forceDestroy !== true) {
        report(
          `backup vault ${p.name} cannot be destroyed while it holds recovery points (forceDestroy is not true)`,
        );
      }
      if (args.type === "aws:ecr/repository:Repository" && p.forceDelete !== true) {
        report(`repository ${p.name} cannot be destroyed while it holds images (forceDelete is not true)`);
      }
    },
  ),
];
