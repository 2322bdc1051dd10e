import { UNSCOPABLE_ACTIONS } from "../allowlist";
import { PciPolicy, Statement, asList, resourceRule, statementsOf } from "../lib";

/** Where each resource type keeps its policy documents. */
function documentsOf(type: string, props: Record<string, unknown>): unknown[] {
  switch (type) {
    case "aws:iam/role:Role":
      return ((props.inlinePolicies as { policy?: string }[]) ?? []).map((p) => p.policy);
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/policy:Policy":
    case "aws:iam/userPolicy:UserPolicy":
    case "aws:iam/groupPolicy:GroupPolicy":
    case "aws:kms/key:Key":
    case "aws:s3/bucketPolicy:BucketPolicy":
      return [props.policy];
    case "aws:cloudwatch/logResourcePolicy:LogResourcePolicy":
      return [props.policyDocument];
    default:
      return [];
  }
}

const IDENTITY_POLICY_TYPES = [
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];
const POLICY_TYPES = [
  ...IDENTITY_POLICY_TYPES,
  "aws:kms/key:Key",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
];
const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;

const allows = (type: string, props: Record<string, unknown>): Statement[] =>
  documentsOf(type, props)
    .flatMap(statementsOf)
    .filter((s) => s.Effect === "Allow");

export const iamRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-iam-no-wildcard-actions",
      control:
        "No Allow statement (identity, key, bucket or log policy) grants a wildcard action or uses NotAction",
      requirements: ["7.2.1", "7.2.2", "7.2.5"],
      judges: "IAM roles and policies, KMS key policies, bucket policies, log resource policies",
    },
    POLICY_TYPES,
    (args, report) => {
      for (const s of allows(args.type, args.props)) {
        const wild = asList(s.Action).filter((a) => a.includes("*"));
        if (wild.length > 0) report(`${args.name} statement ${s.Sid ?? ""} allows ${wild.join(", ")}`);
        if (s.NotAction !== undefined)
          report(`${args.name} statement ${s.Sid ?? ""} allows through NotAction`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-iam-scoped-resources",
      control:
        'Identity policies name their resources; Resource "*" only for actions AWS cannot scope (allow-list)',
      requirements: ["7.2.2", "7.2.5"],
      judges: "IAM roles and identity policies",
    },
    IDENTITY_POLICY_TYPES,
    (args, report) => {
      for (const s of allows(args.type, args.props)) {
        if (!asList(s.Resource).includes("*") && s.NotResource === undefined) continue;
        const scopable = asList(s.Action).filter((a) => !(a in UNSCOPABLE_ACTIONS));
        if (scopable.length > 0) {
          report(`${args.name} statement ${s.Sid ?? ""} grants ${scopable.join(", ")} on every resource`);
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-iam-no-aws-managed-policies",
      control: "No role uses an AWS managed policy; every grant is an explicit, reviewed inline policy",
      requirements: ["7.2.2", "7.2.5"],
      judges: "IAM roles and policy attachments",
    },
    [
      "aws:iam/role:Role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:iam/policyAttachment:PolicyAttachment",
    ],
    (args, report) => {
      const arns: string[] =
        args.type === "aws:iam/role:Role" ? (args.props.managedPolicyArns ?? []) : [args.props.policyArn];
      for (const arn of arns.filter((a) => AWS_MANAGED_POLICY.test(String(a)))) {
        report(`${args.name} attaches the AWS managed policy ${arn}`);
      }
    },
  ),
];
