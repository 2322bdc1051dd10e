/**
 * The security events the audit trail is watched for, as data: the CloudWatch Logs filter
 * patterns and what each alarm means. Kept apart from the alarms themselves (securityAlarms.ts) so
 * the patterns can be read, documented and tested without building any resource.
 */

/**
 * A CloudTrail event the CIS AWS Foundations Benchmark (section "Monitoring") asks to alarm on.
 * The patterns are the exact ones AWS Security Hub checks for controls CloudWatch.1-14 ("Security
 * Hub controls for Amazon CloudWatch"), which fail when a pattern differs in any term.
 */
export interface SecurityEventFilter {
  /** Names the metric filter and the alarm: `{id}-{environmentSuffix}`. */
  readonly id:
    | "unauthorized-api-calls"
    | "console-signin-without-mfa"
    | "root-account-usage"
    | "iam-policy-changes"
    | "cloudtrail-config-changes"
    | "console-signin-failures"
    | "kms-key-disabled-or-deleted"
    | "s3-bucket-policy-changes"
    | "aws-config-changes"
    | "security-group-changes"
    | "nacl-changes"
    | "network-gateway-changes"
    | "route-table-changes"
    | "vpc-changes";
  /** The Security Hub control that checks this filter exists. */
  readonly control: string;
  /** The metric the filter counts into, in the stack's security namespace. */
  readonly metricName: string;
  /** What an alarm means, for the alarm description and docs/operations.md. */
  readonly meaning: string;
  readonly pattern: string;
}

export const SECURITY_EVENT_FILTERS: readonly SecurityEventFilter[] = [
  {
    id: "root-account-usage",
    control: "CloudWatch.1",
    metricName: "RootAccountUsage",
    meaning: "The root user made a call itself (not through an AWS service on its behalf)",
    pattern:
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: "unauthorized-api-calls",
    control: "CloudWatch.2",
    metricName: "UnauthorizedApiCalls",
    meaning: "A call was refused with UnauthorizedOperation or AccessDenied",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    id: "console-signin-without-mfa",
    control: "CloudWatch.3",
    metricName: "ConsoleSigninWithoutMfa",
    meaning: "An IAM user signed in to the console without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "iam-policy-changes",
    control: "CloudWatch.4",
    metricName: "IamPolicyChanges",
    meaning: "An IAM policy was created, changed, attached, detached or deleted",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  },
  {
    id: "cloudtrail-config-changes",
    control: "CloudWatch.5",
    metricName: "CloudTrailConfigChanges",
    meaning: "A trail was created, updated, deleted, started or stopped",
    pattern:
      "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  {
    id: "console-signin-failures",
    control: "CloudWatch.6",
    metricName: "ConsoleSigninFailures",
    meaning: "A console sign-in failed authentication",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: "kms-key-disabled-or-deleted",
    control: "CloudWatch.7",
    metricName: "KmsKeyDisabledOrScheduledForDeletion",
    meaning: "A customer-managed KMS key was disabled or scheduled for deletion",
    pattern:
      "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  {
    id: "s3-bucket-policy-changes",
    control: "CloudWatch.8",
    metricName: "S3BucketPolicyChanges",
    meaning: "A bucket policy, ACL, CORS, lifecycle or replication setting changed",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  {
    id: "aws-config-changes",
    control: "CloudWatch.9",
    metricName: "AwsConfigChanges",
    meaning: "An AWS Config recorder was stopped or changed, or a delivery channel changed or deleted",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  {
    id: "security-group-changes",
    control: "CloudWatch.10",
    metricName: "SecurityGroupChanges",
    meaning: "A security group or one of its rules was created, changed or deleted",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  {
    id: "nacl-changes",
    control: "CloudWatch.11",
    metricName: "NetworkAclChanges",
    meaning: "A network ACL, an entry or an association was created, changed or deleted",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  {
    id: "network-gateway-changes",
    control: "CloudWatch.12",
    metricName: "NetworkGatewayChanges",
    meaning: "An internet or customer gateway was created, attached, detached or deleted",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  {
    id: "route-table-changes",
    control: "CloudWatch.13",
    metricName: "RouteTableChanges",
    meaning: "A route or route table was created, replaced, disassociated or deleted",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  },
  {
    id: "vpc-changes",
    control: "CloudWatch.14",
    metricName: "VpcChanges",
    meaning: "A VPC, its attributes or a peering connection was created, changed or deleted",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
];

/** One namespace per stack: two stacks' trails in one account must not count into the same metrics. */
export function securityMetricNamespace(environmentSuffix: string): string {
  return `PaymentsSecurity/${environmentSuffix}`;
}

/**
 * Who delivers into the audit-log buckets, as CloudTrail records it: VPC flow logs as the service
 * `delivery.logs.amazonaws.com` (userIdentity.invokedBy), ALB access logs as the Elastic Load
 * Balancing account of the Region (infra/regions.ts elbLogDeliveryIdentity, a cross-account
 * caller). CloudTrail's own PutObject deliveries are not recorded (infra/auditTrail.ts).
 */
export interface AuditLogDelivery {
  readonly services: readonly string[];
  readonly accounts: readonly string[];
}

/** The alarm on changes to audit logs (PCI DSS 10.3.4): id, metric and meaning. */
export const AUDIT_LOG_CHANGE_ALARM = {
  id: "audit-log-changes",
  metricName: "AuditLogObjectsChanged",
  meaning:
    "An object in an audit-log bucket was written, overwritten or deleted by someone other than the service that delivers it",
} as const;

/** The longest filter pattern CloudWatch Logs accepts (PutMetricFilter, filterPattern). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/**
 * A filter pattern that matches every S3 write or delete (`readOnly` false: PutObject, CopyObject,
 * DeleteObject(s), ACL and multipart calls) on the given buckets, except a delivering service's
 * PutObject: delivery is the only call their bucket policies grant them. A property that is absent
 * compares false in CloudWatch Logs, so each exclusion also admits events without the property (a
 * person's call has no invokedBy).
 */
export function auditLogChangePattern(bucketNames: readonly string[], delivery: AuditLogDelivery): string {
  if (bucketNames.length === 0) throw new Error("auditLogChangePattern needs at least one bucket name");
  const anyOf = (terms: string[]) => (terms.length === 1 ? terms[0] : `(${terms.join(" || ")})`);
  const notBy = (path: string, values: readonly string[]) =>
    values.map((v) => `(($.${path} NOT EXISTS) || ($.${path} != "${v}"))`);
  const notDelivery = [
    ...notBy("userIdentity.invokedBy", delivery.services),
    ...notBy("userIdentity.accountId", delivery.accounts),
  ];
  const pattern = `{ ${[
    '($.eventSource = "s3.amazonaws.com")',
    "($.readOnly IS FALSE)",
    anyOf(bucketNames.map((b) => `($.requestParameters.bucketName = "${b}")`)),
    `(($.eventName != "PutObject") || (${notDelivery.join(" && ")}))`,
  ].join(" && ")} }`;
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new Error(`the audit-log change pattern is ${pattern.length} characters; CloudWatch accepts 1024`);
  }
  return pattern;
}
