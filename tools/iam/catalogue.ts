import { CatalogueEntry, ResourceView, Scope } from "./types";

/**
 * The request catalogue: for every resource type the program registers (awsx children included),
 * the calls AWS authorizes in each phase of the provider, with the source they come from.
 *
 * Sources: `tf:` is hashicorp/terraform-provider-aws (which pulumi-aws 7 wraps), file and
 * functions; other sources are AWS documentation pages by title. Adding a resource type is one
 * entry here; test/iam/catalogue.test.ts fails until it exists.
 */

const TF = "hashicorp/terraform-provider-aws internal/service/";

const arn = (service: string, r: ResourceView, s: Scope, resource: string) =>
  `arn:aws:${service}:${r.region}:${s.account}:${resource}`;
const globalArn = (service: string, s: Scope, resource: string) =>
  `arn:aws:${service}::${s.account}:${resource}`;

const ec2 = (r: ResourceView, s: Scope, resource: string) => arn("ec2", r, s, resource);
/** Ids the program does not choose: a stand-in of the same form (the ARN pattern is what IAM matches). */
const GENERATED = {
  vpc: "vpc-0a1b2c3d4e5f60718",
  igw: "igw-0a1b2c3d4e5f60718",
  rtb: "rtb-0a1b2c3d4e5f60718",
  eip: "eipalloc-0a1b2c3d4e5f60718",
  nat: "nat-0a1b2c3d4e5f60718",
  sg: "sg-0a1b2c3d4e5f60718",
  sgr: "sgr-0a1b2c3d4e5f60718",
  vpce: "vpce-0a1b2c3d4e5f60718",
  fl: "fl-0a1b2c3d4e5f60718",
  subnet: "subnet-0a1b2c3d4e5f60718",
  acl: "acl-0a1b2c3d4e5f60718",
  defaultAcl: "acl-0f1e2d3c4b5a69788",
};
const vpcArn = (r: ResourceView, s: Scope) => ec2(r, s, `vpc/${r.inputs.vpcId ?? GENERATED.vpc}`);
const subnetArns = (r: ResourceView, s: Scope, ids: readonly string[] | undefined) =>
  (ids ?? [GENERATED.subnet]).map((id) => ec2(r, s, `subnet/${id}`));
/** EC2 generates security group ids (`sg-...`); the mocks' `{name}-id` stand-ins are not names IAM can see. */
const sgArn = (r: ResourceView, s: Scope, id?: string) =>
  ec2(r, s, `security-group/${id?.startsWith("sg-") ? id : GENERATED.sg}`);

/** EC2 tag-on-create: CreateTags is authorized on the new resource with ec2:CreateAction (EC2 User Guide, "Grant permission to tag Amazon EC2 resources during creation"). */
const aclArn = (r: ResourceView, s: Scope, id = GENERATED.acl) => ec2(r, s, `network-acl/${id}`);
/**
 * A subnet moves to an ACL by ReplaceNetworkAclAssociation, which IAM authorizes on the ACL it
 * moves to and on the subnet (Service Authorization Reference, Amazon EC2).
 */
const moveSubnets = (r: ResourceView, s: Scope, toAcl: string) => [
  { action: "ec2:ReplaceNetworkAclAssociation", arn: toAcl },
  ...subnetArns(r, s, r.inputs.subnetIds).map((a) => ({
    action: "ec2:ReplaceNetworkAclAssociation",
    arn: a,
  })),
];

const ec2TagOnCreate = (createAction: string, resourceArn: string) => ({
  action: "ec2:CreateTags",
  arn: resourceArn,
  creates: true,
  context: { "ec2:CreateAction": createAction },
});

const bucketArn = (r: ResourceView) => `arn:aws:s3:::${r.inputs.bucket}`;
/** S3 bucket sub-resources: one Put/Get pair on the bucket; delete is the same Put action. */
const bucketSetting = (put: string, get: string, apiNote: string): CatalogueEntry => ({
  source: `${TF}s3/${apiNote}`,
  arn: bucketArn,
  create: () => [put, get],
  read: () => [get],
  update: () => [put],
  // The Delete* API of these settings is authorized as the Put* action (Service Authorization Reference, Amazon S3).
  delete: () => [put],
});

const logGroupArn = (r: ResourceView, s: Scope, name: string) => arn("logs", r, s, `log-group:${name}`);
const alarmArn = (r: ResourceView, s: Scope, name: string) => arn("cloudwatch", r, s, `alarm:${name}`);
/**
 * Target-tracking alarms Application Auto Scaling creates, checks and deletes with the caller's
 * permissions, named `TargetTracking-<resourceId>-AlarmHigh|AlarmLow-<uuid>` (Application Auto
 * Scaling User Guide, "Target tracking scaling policies" and "Identity-based policy examples":
 * cloudwatch:PutMetricAlarm, DescribeAlarms, DeleteAlarms are required on the caller).
 */
const targetTrackingAlarms = (r: ResourceView, s: Scope) =>
  ["AlarmHigh", "AlarmLow"].map((kind) =>
    alarmArn(r, s, `TargetTracking-${r.inputs.resourceId}-${kind}-3f6c9d2e-1b4a-4c8e-9f7d-5a2b1c0d9e8f`),
  );
/** The stack names each key's alias after the key (`alias/kms-logs-<suffix>`); AWS sends it as kms:ResourceAliases. */
const aliasOf = (keyArn: string) => `alias/${keyArn.split("/").pop()}`;
const passRole = (roleArn: string, service: string) => ({
  action: "iam:PassRole",
  arn: roleArn,
  context: { "iam:PassedToService": service },
});
/** A KMS call that a service makes with the caller's credentials for one of the stack's keys. */
const kmsVia = (action: string, keyArn: string, service: string, region: string, extra = {}) => ({
  action,
  arn: keyArn,
  context: { "kms:ViaService": `${service}.${region}.amazonaws.com`, ...extra },
});
const rdsArn = (r: ResourceView, s: Scope, resource: string) => arn("rds", r, s, resource);
const backupVaultArn = (r: ResourceView, s: Scope, name: string) =>
  arn("backup", r, s, `backup-vault:${name}`);
const elbArn = (r: ResourceView, s: Scope, resource: string) => arn("elasticloadbalancing", r, s, resource);
const lbArn = (r: ResourceView, s: Scope) =>
  elbArn(r, s, `loadbalancer/app/${r.inputs.name}/50dc6c495c0c9188`);
const tgArn = (r: ResourceView, s: Scope) => elbArn(r, s, `targetgroup/${r.inputs.name}/73e2d6bc24d8a067`);
const ecsArn = (r: ResourceView, s: Scope, resource: string) => arn("ecs", r, s, resource);
const clusterName = (r: ResourceView) => String(r.inputs.cluster).split("/").pop();
const wafArn = (r: ResourceView, s: Scope) => arn("wafv2", r, s, `regional/webacl/${r.inputs.name}/a1b2`);

/** The keys PutRule sends from the rule's event pattern (EventBridge, "Using IAM policy conditions"). */
const eventPatternKeys = (r: ResourceView) => {
  const pattern = JSON.parse(r.inputs.eventPattern ?? "{}");
  return { "events:source": pattern.source, "events:detail-type": pattern["detail-type"] };
};
/** A call that sends the stack's tags as request tags although it creates nothing. */
const requestTags = (s: Scope) => ({
  ...Object.fromEntries(Object.entries(s.tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  "aws:TagKeys": Object.keys(s.tags),
});

/** Resources no AWS API sees: computed by their provider on the machine running Pulumi. */
const LOCAL: CatalogueEntry = {
  source: "hashicorp/terraform-provider-tls: computed locally, no AWS call",
  create: () => [],
  read: () => [],
  update: () => [],
  delete: () => [],
};

export const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  "tls:index/privateKey:PrivateKey": LOCAL,
  "tls:index/selfSignedCert:SelfSignedCert": LOCAL,

  // ---- awsx components: the components call nothing; their children are listed below. ----
  "awsx:ec2:Vpc": {
    source: "pulumi/pulumi-awsx awsx/ec2/vpc.ts: getAvailabilityZones invoke (ec2:DescribeAvailabilityZones)",
    create: () => [{ action: "ec2:DescribeAvailabilityZones", arn: "*" }],
    read: () => [{ action: "ec2:DescribeAvailabilityZones", arn: "*" }],
    update: () => [],
    delete: () => [],
  },

  // ---- KMS ----
  "aws:kms/key:Key": {
    source: `${TF}kms/key.go: resourceKeyCreate (CreateKey with Tags, then waits on DescribeKey, GetKeyPolicy, GetKeyRotationStatus, ListResourceTags), resourceKeyRead, resourceKeyUpdate, resourceKeyDelete (ScheduleKeyDeletion)`,
    arn: (r, s) => arn("kms", r, s, `key/${r.name}`),
    create: () => [
      { action: "kms:CreateKey", arn: "*", creates: true },
      // KMS authorizes the Tags of CreateKey as kms:TagResource (KMS Developer Guide, "Controlling access to tags").
      { action: "kms:TagResource", creates: true },
      {
        action: "kms:PutKeyPolicy",
        note: "KMS API Reference, CreateKey BypassPolicyLockoutSafetyCheck: the new key policy must let the caller put the key policy again",
      },
      "kms:EnableKeyRotation",
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListResourceTags",
    ],
    read: () => ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
    update: () => [
      "kms:PutKeyPolicy",
      "kms:UpdateKeyDescription",
      "kms:EnableKeyRotation",
      "kms:TagResource",
      "kms:UntagResource",
    ],
    delete: () => ["kms:DescribeKey", "kms:ScheduleKeyDeletion"],
  },
  "aws:kms/alias:Alias": {
    source: `${TF}kms/alias.go: resourceAliasCreate/Update/Delete; read is FindAliasByName (ListAliases). KMS Developer Guide, "Controlling access to aliases": CreateAlias/UpdateAlias/DeleteAlias need permission on the alias and on the key`,
    arn: (r, s) => arn("kms", r, s, r.inputs.name),
    create: (r, s) => [
      { action: "kms:CreateAlias", creates: true },
      {
        action: "kms:CreateAlias",
        arn: arn("kms", r, s, `key/${String(r.inputs.targetKeyId).replace(/-key-id$/, "")}`),
      },
      { action: "kms:ListAliases", arn: "*" },
    ],
    read: () => [{ action: "kms:ListAliases", arn: "*" }],
    update: (r, s) => [
      "kms:UpdateAlias",
      {
        action: "kms:UpdateAlias",
        arn: arn("kms", r, s, `key/${String(r.inputs.targetKeyId).replace(/-key-id$/, "")}`),
      },
    ],
    delete: (r, s) => [
      "kms:DeleteAlias",
      {
        action: "kms:DeleteAlias",
        arn: arn("kms", r, s, `key/${String(r.inputs.targetKeyId).replace(/-key-id$/, "")}`),
      },
    ],
  },

  // ---- S3 ----
  "aws:s3/bucket:Bucket": {
    source: `${TF}s3/bucket.go: resourceBucketCreate (CreateBucket, then PutBucketTagging), resourceBucketRead (HeadBucket and one Get per bucket setting), resourceBucketUpdate, resourceBucketDelete (force_destroy: ListObjectVersions, DeleteObjects)`,
    arn: (r) => `arn:aws:s3:::${r.inputs.bucket}`,
    create: () => [{ action: "s3:CreateBucket", creates: true }, "s3:PutBucketTagging", "s3:ListBucket"],
    read: () =>
      [
        "ListBucket", // HeadBucket
        "GetBucketPolicy",
        "GetBucketAcl",
        "GetBucketCORS",
        "GetBucketWebsite",
        "GetBucketVersioning",
        "GetAccelerateConfiguration",
        "GetBucketRequestPayment",
        "GetBucketLogging",
        "GetLifecycleConfiguration",
        "GetReplicationConfiguration",
        "GetEncryptionConfiguration",
        "GetBucketObjectLockConfiguration",
        "GetBucketTagging",
      ].map((a) => `s3:${a}`),
    update: () => ["s3:PutBucketTagging"],
    delete: (r) => [
      "s3:ListBucketVersions",
      { action: "s3:DeleteObjectVersion", arn: `arn:aws:s3:::${r.inputs.bucket}/AWSLogs/object.gz` },
      { action: "s3:DeleteObject", arn: `arn:aws:s3:::${r.inputs.bucket}/AWSLogs/object.gz` },
      "s3:DeleteBucket",
    ],
  },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketSetting(
    "s3:PutBucketOwnershipControls",
    "s3:GetBucketOwnershipControls",
    "bucket_ownership_controls.go: resourceBucketOwnershipControlsCreate/Read/Update/Delete",
  ),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketSetting(
    "s3:PutBucketPublicAccessBlock",
    "s3:GetBucketPublicAccessBlock",
    "bucket_public_access_block.go: resourceBucketPublicAccessBlockCreate/Read/Update/Delete",
  ),
  "aws:s3/bucketVersioning:BucketVersioning": bucketSetting(
    "s3:PutBucketVersioning",
    "s3:GetBucketVersioning",
    "bucket_versioning.go: resourceBucketVersioningCreate/Read/Update/Delete (delete suspends versioning)",
  ),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketSetting(
    "s3:PutEncryptionConfiguration",
    "s3:GetEncryptionConfiguration",
    "bucket_server_side_encryption_configuration.go: resourceBucketServerSideEncryptionConfigurationCreate/Read/Update/Delete",
  ),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketSetting(
    "s3:PutLifecycleConfiguration",
    "s3:GetLifecycleConfiguration",
    "bucket_lifecycle_configuration.go: resourceBucketLifecycleConfigurationCreate/Read/Update/Delete",
  ),
  "aws:s3/bucketPolicy:BucketPolicy": {
    source: `${TF}s3/bucket_policy.go: resourceBucketPolicyPut, resourceBucketPolicyRead, resourceBucketPolicyDelete`,
    arn: bucketArn,
    create: () => ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
    read: () => ["s3:GetBucketPolicy"],
    update: () => ["s3:PutBucketPolicy"],
    delete: () => ["s3:DeleteBucketPolicy"],
  },
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
    source: `${TF}s3/bucket_replication_configuration.go: resourceBucketReplicationConfigurationCreate/Read/Update/Delete; S3 User Guide, "Setting up permissions for live replication" (iam:PassRole on the replication role)`,
    arn: bucketArn,
    create: (r) => [
      "s3:PutReplicationConfiguration",
      passRole(r.inputs.role, "s3.amazonaws.com"),
      "s3:GetReplicationConfiguration",
    ],
    read: () => ["s3:GetReplicationConfiguration"],
    update: (r) => ["s3:PutReplicationConfiguration", passRole(r.inputs.role, "s3.amazonaws.com")],
    // DeleteBucketReplication is authorized as s3:PutReplicationConfiguration.
    delete: () => ["s3:PutReplicationConfiguration"],
  },

  // ---- IAM ----
  "aws:iam/role:Role": {
    source: `${TF}iam/role.go: resourceRoleCreate (CreateRole with Tags, then GetRole), resourceRoleRead (GetRole, ListRolePolicies, ListAttachedRolePolicies), resourceRoleUpdate, resourceRoleDelete (deleteRoleInstanceProfiles, deleteRolePolicies, deleteRolePolicyAttachments)`,
    arn: (r, s) => globalArn("iam", s, `role/${r.inputs.name}`),
    create: () => [
      { action: "iam:CreateRole", creates: true },
      // IAM authorizes the Tags of CreateRole as iam:TagRole (IAM User Guide, "Tagging IAM roles").
      { action: "iam:TagRole", creates: true },
      "iam:GetRole",
    ],
    read: () => ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
    update: () => [
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:TagRole",
      "iam:UntagRole",
    ],
    delete: () => [
      "iam:ListInstanceProfilesForRole",
      "iam:ListRolePolicies",
      "iam:DeleteRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:DeleteRole",
    ],
  },
  "aws:iam/rolePolicy:RolePolicy": {
    source: `${TF}iam/role_policy.go: resourceRolePolicyPut, resourceRolePolicyRead (GetRolePolicy), resourceRolePolicyDelete`,
    arn: (r, s) => globalArn("iam", s, `role/${r.inputs.role}`),
    create: () => ["iam:PutRolePolicy", "iam:GetRolePolicy"],
    read: () => ["iam:GetRolePolicy"],
    update: () => ["iam:PutRolePolicy"],
    delete: () => ["iam:DeleteRolePolicy"],
  },

  // ---- CloudWatch Logs ----
  "aws:cloudwatch/logGroup:LogGroup": {
    source: `${TF}logs/group.go: resourceGroupCreate (CreateLogGroup with tags and KmsKeyId, PutRetentionPolicy), resourceGroupRead (DescribeLogGroups, ListTagsForResource), resourceGroupUpdate (AssociateKmsKey, DisassociateKmsKey, PutRetentionPolicy), resourceGroupDelete`,
    arn: (r, s) => logGroupArn(r, s, r.inputs.name),
    create: () => [
      { action: "logs:CreateLogGroup", creates: true },
      // CloudWatch Logs authorizes the tags of CreateLogGroup as logs:TagResource (Logs User Guide, "Tag log groups").
      { action: "logs:TagResource", creates: true },
      "logs:PutRetentionPolicy",
      { action: "logs:DescribeLogGroups", arn: "*" },
    ],
    read: () => [{ action: "logs:DescribeLogGroups", arn: "*" }, "logs:ListTagsForResource"],
    update: () => [
      "logs:AssociateKmsKey",
      "logs:DisassociateKmsKey",
      "logs:PutRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
    ],
    delete: () => ["logs:DeleteLogGroup"],
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    source: `${TF}logs/metric_filter.go: resourceMetricFilterPut, resourceMetricFilterRead (DescribeMetricFilters), resourceMetricFilterDelete`,
    arn: (r, s) => logGroupArn(r, s, r.inputs.logGroupName),
    create: () => ["logs:PutMetricFilter", "logs:DescribeMetricFilters"],
    read: () => ["logs:DescribeMetricFilters"],
    update: () => ["logs:PutMetricFilter"],
    delete: () => ["logs:DeleteMetricFilter"],
  },
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": {
    source: `${TF}logs/subscription_filter.go: resourceSubscriptionFilterPut, resourceSubscriptionFilterRead, resourceSubscriptionFilterDelete; Logs User Guide, "Subscription filters with Amazon Data Firehose" (iam:PassRole)`,
    arn: (r, s) => logGroupArn(r, s, r.inputs.logGroup),
    create: (r) => [
      "logs:PutSubscriptionFilter",
      passRole(r.inputs.roleArn, "logs.amazonaws.com"),
      "logs:DescribeSubscriptionFilters",
    ],
    read: () => ["logs:DescribeSubscriptionFilters"],
    update: (r) => ["logs:PutSubscriptionFilter", passRole(r.inputs.roleArn, "logs.amazonaws.com")],
    delete: () => ["logs:DeleteSubscriptionFilter"],
  },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
    source: `${TF}logs/resource_policy.go: resourceResourcePolicyPut, resourceResourcePolicyRead (DescribeResourcePolicies), resourceResourcePolicyDelete`,
    create: () => [
      { action: "logs:PutResourcePolicy", arn: "*" },
      { action: "logs:DescribeResourcePolicies", arn: "*" },
    ],
    read: () => [{ action: "logs:DescribeResourcePolicies", arn: "*" }],
    update: () => [{ action: "logs:PutResourcePolicy", arn: "*" }],
    delete: () => [{ action: "logs:DeleteResourcePolicy", arn: "*" }],
  },

  // ---- CloudWatch ----
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    source: `${TF}cloudwatch/metric_alarm.go: resourceMetricAlarmCreate (PutMetricAlarm with Tags), resourceMetricAlarmRead (DescribeAlarms, ListTagsForResource), resourceMetricAlarmUpdate, resourceMetricAlarmDelete (DeleteAlarms)`,
    arn: (r, s) => alarmArn(r, s, r.inputs.name),
    create: () => [
      { action: "cloudwatch:PutMetricAlarm", creates: true },
      // CloudWatch authorizes the Tags of PutMetricAlarm as cloudwatch:TagResource (CloudWatch User Guide, "Tagging your CloudWatch resources").
      { action: "cloudwatch:TagResource", creates: true },
      "cloudwatch:DescribeAlarms",
    ],
    read: () => ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    update: () => ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    delete: () => ["cloudwatch:DeleteAlarms"],
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    source: `${TF}cloudwatch/dashboard.go: resourceDashboardPut, resourceDashboardRead (GetDashboard), resourceDashboardDelete (DeleteDashboards)`,
    arn: (r, s) => globalArn("cloudwatch", s, `dashboard/${r.inputs.dashboardName}`),
    create: () => ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard"],
    read: () => ["cloudwatch:GetDashboard"],
    update: () => ["cloudwatch:PutDashboard"],
    delete: () => ["cloudwatch:DeleteDashboards"],
  },

  // ---- EventBridge ----
  "aws:cloudwatch/eventRule:EventRule": {
    source: `${TF}events/rule.go: resourceRuleCreate (PutRule with Tags, then DescribeRule until found), resourceRuleRead (DescribeRule; tags by ListTagsForResource), resourceRuleUpdate (PutRule with Tags "for ABAC aws:RequestTag condition"), resourceRuleDelete (DeleteRule); EventBridge User Guide, "Using IAM policy conditions in Amazon EventBridge" (PutRule sends events:source and events:detail-type from the pattern)`,
    arn: (r, s) => arn("events", r, s, `rule/${r.inputs.name}`),
    create: (r) => [
      { action: "events:PutRule", creates: true, context: eventPatternKeys(r) },
      "events:DescribeRule",
      "events:ListTagsForResource",
    ],
    read: () => ["events:DescribeRule", "events:ListTagsForResource"],
    update: (r, s) => [
      { action: "events:PutRule", context: { ...eventPatternKeys(r), ...requestTags(s) } },
      "events:TagResource",
      "events:UntagResource",
    ],
    delete: () => ["events:DeleteRule"],
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    source: `${TF}events/target.go: resourceTargetCreate (PutTargets), resourceTargetRead (ListTargetsByRule, findTargetByThreePartKey), resourceTargetUpdate (PutTargets), resourceTargetDelete (RemoveTargets); EventBridge User Guide, "Using IAM policy conditions in Amazon EventBridge" (PutTargets sends events:TargetArn); an SNS target takes no role, so no iam:PassRole`,
    arn: (r, s) => arn("events", r, s, `rule/${r.inputs.rule}`),
    create: (r) => [
      { action: "events:PutTargets", context: { "events:TargetArn": r.inputs.arn } },
      "events:ListTargetsByRule",
    ],
    read: () => ["events:ListTargetsByRule"],
    update: (r) => [{ action: "events:PutTargets", context: { "events:TargetArn": r.inputs.arn } }],
    delete: () => ["events:RemoveTargets"],
  },

  // ---- SNS ----
  "aws:sns/topic:Topic": {
    source: `${TF}sns/topic.go: resourceTopicCreate (CreateTopic with Attributes and Tags), resourceTopicRead (GetTopicAttributes, ListTagsForResource), resourceTopicUpdate (SetTopicAttributes), resourceTopicDelete`,
    arn: (r, s) => arn("sns", r, s, r.inputs.name),
    create: () => [
      { action: "sns:CreateTopic", creates: true },
      // SNS authorizes the Tags of CreateTopic as sns:TagResource (SNS Developer Guide, "Amazon SNS tags").
      { action: "sns:TagResource", creates: true },
      "sns:GetTopicAttributes",
    ],
    read: () => ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
    update: () => ["sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
    delete: () => ["sns:DeleteTopic"],
  },
  "aws:sns/topicPolicy:TopicPolicy": {
    source: `${TF}sns/topic_policy.go: resourceTopicPolicyUpsert (SetTopicAttributes Policy), resourceTopicPolicyRead (GetTopicAttributes), resourceTopicPolicyDelete (SetTopicAttributes with the default policy)`,
    arn: (r) => r.inputs.arn,
    create: () => ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
    read: () => ["sns:GetTopicAttributes"],
    update: () => ["sns:SetTopicAttributes"],
    delete: () => ["sns:SetTopicAttributes"],
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    source: `${TF}sns/topic_subscription.go: resourceTopicSubscriptionCreate (Subscribe), resourceTopicSubscriptionRead (GetSubscriptionAttributes), resourceTopicSubscriptionUpdate (SetSubscriptionAttributes), resourceTopicSubscriptionDelete (Unsubscribe); IAM authorizes these on the topic ARN`,
    arn: (r) => r.inputs.topic,
    create: () => ["sns:Subscribe", "sns:GetSubscriptionAttributes"],
    read: () => ["sns:GetSubscriptionAttributes"],
    update: () => ["sns:SetSubscriptionAttributes"],
    delete: () => ["sns:Unsubscribe"],
  },

  // ---- CloudTrail ----
  "aws:cloudtrail/trail:Trail": {
    source: `${TF}cloudtrail/trail.go: resourceTrailCreate (CreateTrail with TagsList, PutEventSelectors, StartLogging), resourceTrailRead (GetTrail, GetTrailStatus, GetEventSelectors, GetInsightSelectors, ListTags), resourceTrailUpdate, resourceTrailDelete; CloudTrail User Guide, "Sending events to CloudWatch Logs" (iam:PassRole) and "Configure AWS KMS key policies for CloudTrail" (kms:Decrypt on the key to create or update a trail whose bucket uses an S3 Bucket Key)`,
    arn: (r, s) => arn("cloudtrail", r, s, `trail/${r.inputs.name}`),
    create: (r) => [
      { action: "cloudtrail:CreateTrail", creates: true },
      { action: "cloudtrail:AddTags", creates: true },
      passRole(r.inputs.cloudWatchLogsRoleArn, "cloudtrail.amazonaws.com"),
      {
        action: "kms:Decrypt",
        arn: r.inputs.kmsKeyId,
        context: { "kms:ResourceAliases": [aliasOf(r.inputs.kmsKeyId)] },
        note: "CloudTrail documents that the caller needs kms:Decrypt when the bucket uses an S3 Bucket Key, not which context it sends: modelled with none but the key's own",
      },
      "cloudtrail:PutEventSelectors",
      "cloudtrail:StartLogging",
      "cloudtrail:GetTrail",
    ],
    read: () => [
      "cloudtrail:GetTrail",
      "cloudtrail:GetTrailStatus",
      "cloudtrail:GetEventSelectors",
      "cloudtrail:GetInsightSelectors",
      "cloudtrail:ListTags",
    ],
    update: (r) => [
      "cloudtrail:UpdateTrail",
      passRole(r.inputs.cloudWatchLogsRoleArn, "cloudtrail.amazonaws.com"),
      {
        action: "kms:Decrypt",
        arn: r.inputs.kmsKeyId,
        context: { "kms:ResourceAliases": [aliasOf(r.inputs.kmsKeyId)] },
      },
      "cloudtrail:PutEventSelectors",
      "cloudtrail:StartLogging",
      "cloudtrail:StopLogging",
      "cloudtrail:AddTags",
      "cloudtrail:RemoveTags",
    ],
    delete: () => ["cloudtrail:DeleteTrail"],
  },

  // ---- EC2 / VPC (awsx children and the stack's own) ----
  "aws:ec2/vpc:Vpc": {
    source: `${TF}ec2/vpc_.go: resourceVPCCreate (CreateVpc with TagSpecifications, ModifyVpcAttribute for DNS), resourceVPCRead (DescribeVpcs, DescribeVpcAttribute, default security group, network ACL and route table lookups), resourceVPCDelete`,
    arn: (r, s) => ec2(r, s, `vpc/${GENERATED.vpc}`),
    create: (r, s) => [
      { action: "ec2:CreateVpc", creates: true },
      ec2TagOnCreate("CreateVpc", ec2(r, s, `vpc/${GENERATED.vpc}`)),
      "ec2:ModifyVpcAttribute",
      { action: "ec2:DescribeVpcs", arn: "*" },
    ],
    read: () => [
      { action: "ec2:DescribeVpcs", arn: "*" },
      "ec2:DescribeVpcAttribute",
      { action: "ec2:DescribeSecurityGroups", arn: "*" },
      { action: "ec2:DescribeNetworkAcls", arn: "*" },
      { action: "ec2:DescribeRouteTables", arn: "*" },
    ],
    update: () => ["ec2:ModifyVpcAttribute", "ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteVpc"],
  },
  "aws:ec2/subnet:Subnet": {
    source: `${TF}ec2/vpc_subnet.go: resourceSubnetCreate (CreateSubnet with TagSpecifications, ModifySubnetAttribute), resourceSubnetRead (DescribeSubnets), resourceSubnetUpdate, resourceSubnetDelete`,
    arn: (r, s) => ec2(r, s, `subnet/${r.inputs.id ?? GENERATED.subnet}`),
    create: (r, s) => [
      { action: "ec2:CreateSubnet", creates: true },
      { action: "ec2:CreateSubnet", arn: vpcArn(r, s) },
      ec2TagOnCreate("CreateSubnet", ec2(r, s, `subnet/${r.inputs.id ?? GENERATED.subnet}`)),
      "ec2:ModifySubnetAttribute",
    ],
    read: () => [{ action: "ec2:DescribeSubnets", arn: "*" }],
    update: () => ["ec2:ModifySubnetAttribute", "ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteSubnet"],
  },
  "aws:ec2/internetGateway:InternetGateway": {
    source: `${TF}ec2/vpc_internet_gateway.go: resourceInternetGatewayCreate (CreateInternetGateway, AttachInternetGateway), resourceInternetGatewayRead (DescribeInternetGateways), resourceInternetGatewayDelete (DetachInternetGateway, DeleteInternetGateway)`,
    arn: (r, s) => ec2(r, s, `internet-gateway/${GENERATED.igw}`),
    create: (r, s) => [
      { action: "ec2:CreateInternetGateway", creates: true },
      ec2TagOnCreate("CreateInternetGateway", ec2(r, s, `internet-gateway/${GENERATED.igw}`)),
      "ec2:AttachInternetGateway",
      { action: "ec2:AttachInternetGateway", arn: vpcArn(r, s) },
    ],
    read: () => [{ action: "ec2:DescribeInternetGateways", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: (r, s) => [
      "ec2:DetachInternetGateway",
      { action: "ec2:DetachInternetGateway", arn: vpcArn(r, s) },
      "ec2:DeleteInternetGateway",
    ],
  },
  "aws:ec2/routeTable:RouteTable": {
    source: `${TF}ec2/vpc_route_table.go: resourceRouteTableCreate (CreateRouteTable), resourceRouteTableRead (DescribeRouteTables), resourceRouteTableDelete`,
    arn: (r, s) => ec2(r, s, `route-table/${GENERATED.rtb}`),
    create: (r, s) => [
      { action: "ec2:CreateRouteTable", creates: true },
      { action: "ec2:CreateRouteTable", arn: vpcArn(r, s) },
      ec2TagOnCreate("CreateRouteTable", ec2(r, s, `route-table/${GENERATED.rtb}`)),
    ],
    read: () => [{ action: "ec2:DescribeRouteTables", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteRouteTable"],
  },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {
    source: `${TF}ec2/vpc_route_table_association.go: resourceRouteTableAssociationCreate (AssociateRouteTable), Read (DescribeRouteTables), Update (ReplaceRouteTableAssociation), Delete (DisassociateRouteTable)`,
    arn: (r, s) => ec2(r, s, `route-table/${GENERATED.rtb}`),
    create: (r, s) => [
      "ec2:AssociateRouteTable",
      { action: "ec2:AssociateRouteTable", arn: ec2(r, s, `subnet/${GENERATED.subnet}`) },
    ],
    read: () => [{ action: "ec2:DescribeRouteTables", arn: "*" }],
    update: () => ["ec2:ReplaceRouteTableAssociation"],
    delete: () => ["ec2:DisassociateRouteTable"],
  },
  "aws:ec2/route:Route": {
    source: `${TF}ec2/vpc_route.go: resourceRouteCreate (CreateRoute), resourceRouteRead (DescribeRouteTables), resourceRouteUpdate (ReplaceRoute), resourceRouteDelete (DeleteRoute)`,
    arn: (r, s) => ec2(r, s, `route-table/${GENERATED.rtb}`),
    create: () => ["ec2:CreateRoute"],
    read: () => [{ action: "ec2:DescribeRouteTables", arn: "*" }],
    update: () => ["ec2:ReplaceRoute"],
    delete: () => ["ec2:DeleteRoute"],
  },
  "aws:ec2/eip:Eip": {
    source: `${TF}ec2/ec2_eip.go: resourceEIPCreate (AllocateAddress with TagSpecifications), resourceEIPRead (DescribeAddresses), resourceEIPDelete (DisassociateAddress if associated, ReleaseAddress)`,
    arn: (r, s) => ec2(r, s, `elastic-ip/${GENERATED.eip}`),
    create: (r, s) => [
      { action: "ec2:AllocateAddress", creates: true },
      ec2TagOnCreate("AllocateAddress", ec2(r, s, `elastic-ip/${GENERATED.eip}`)),
    ],
    read: () => [{ action: "ec2:DescribeAddresses", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:ReleaseAddress"],
  },
  "aws:ec2/natGateway:NatGateway": {
    source: `${TF}ec2/vpc_nat_gateway.go: resourceNATGatewayCreate (CreateNatGateway with TagSpecifications), resourceNATGatewayRead (DescribeNatGateways), resourceNATGatewayDelete; EC2 API Reference CreateNatGateway: authorized on natgateway, subnet and elastic-ip`,
    arn: (r, s) => ec2(r, s, `natgateway/${GENERATED.nat}`),
    create: (r, s) => [
      { action: "ec2:CreateNatGateway", creates: true },
      { action: "ec2:CreateNatGateway", arn: ec2(r, s, `subnet/${GENERATED.subnet}`) },
      { action: "ec2:CreateNatGateway", arn: ec2(r, s, `elastic-ip/${GENERATED.eip}`) },
      ec2TagOnCreate("CreateNatGateway", ec2(r, s, `natgateway/${GENERATED.nat}`)),
    ],
    read: () => [{ action: "ec2:DescribeNatGateways", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteNatGateway"],
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    source: `${TF}ec2/vpc_security_group.go: resourceSecurityGroupCreate (CreateSecurityGroup with TagSpecifications, then revokes the default egress rule when none is configured), resourceSecurityGroupRead (DescribeSecurityGroups), resourceSecurityGroupUpdate, resourceSecurityGroupDelete`,
    arn: (r, s) => sgArn(r, s),
    create: (r, s) => [
      { action: "ec2:CreateSecurityGroup", creates: true },
      { action: "ec2:CreateSecurityGroup", arn: vpcArn(r, s) },
      ec2TagOnCreate("CreateSecurityGroup", sgArn(r, s)),
      "ec2:RevokeSecurityGroupEgress",
      { action: "ec2:DescribeSecurityGroups", arn: "*" },
    ],
    read: () => [{ action: "ec2:DescribeSecurityGroups", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteSecurityGroup"],
  },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
    source: `${TF}ec2/vpc_default_security_group.go: resourceDefaultSecurityGroupCreate (adopts the VPC's default group: DescribeSecurityGroups, revokes its rules, CreateTags), Read, Update; Delete only forgets it`,
    arn: (r, s) => sgArn(r, s),
    create: () => [
      { action: "ec2:DescribeSecurityGroups", arn: "*" },
      { action: "ec2:RevokeSecurityGroupIngress", untagged: true },
      { action: "ec2:RevokeSecurityGroupEgress", untagged: true },
      { action: "ec2:CreateTags", untagged: true },
    ],
    read: () => [{ action: "ec2:DescribeSecurityGroups", arn: "*" }],
    update: () => ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags"],
    delete: () => [],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
    source: `${TF}ec2/vpc_security_group_ingress_rule.go: create (AuthorizeSecurityGroupIngress with TagSpecifications), read (DescribeSecurityGroupRules), update (ModifySecurityGroupRules), delete (RevokeSecurityGroupIngress)`,
    arn: (r, s) => sgArn(r, s, r.inputs.securityGroupId),
    create: (r, s) => [
      "ec2:AuthorizeSecurityGroupIngress",
      {
        action: "ec2:AuthorizeSecurityGroupIngress",
        arn: ec2(r, s, `security-group-rule/${GENERATED.sgr}`),
        creates: true,
      },
      ec2TagOnCreate("AuthorizeSecurityGroupIngress", ec2(r, s, `security-group-rule/${GENERATED.sgr}`)),
    ],
    read: () => [{ action: "ec2:DescribeSecurityGroupRules", arn: "*" }],
    update: () => ["ec2:ModifySecurityGroupRules"],
    delete: () => ["ec2:RevokeSecurityGroupIngress"],
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
    source: `${TF}ec2/vpc_security_group_egress_rule.go: create (AuthorizeSecurityGroupEgress with TagSpecifications), read (DescribeSecurityGroupRules), update (ModifySecurityGroupRules), delete (RevokeSecurityGroupEgress)`,
    arn: (r, s) => sgArn(r, s, r.inputs.securityGroupId),
    create: (r, s) => [
      "ec2:AuthorizeSecurityGroupEgress",
      {
        action: "ec2:AuthorizeSecurityGroupEgress",
        arn: ec2(r, s, `security-group-rule/${GENERATED.sgr}`),
        creates: true,
      },
      ec2TagOnCreate("AuthorizeSecurityGroupEgress", ec2(r, s, `security-group-rule/${GENERATED.sgr}`)),
    ],
    read: () => [{ action: "ec2:DescribeSecurityGroupRules", arn: "*" }],
    update: () => ["ec2:ModifySecurityGroupRules"],
    delete: () => ["ec2:RevokeSecurityGroupEgress"],
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    source: `${TF}ec2/vpc_endpoint.go: resourceVPCEndpointCreate (CreateVpcEndpoint with TagSpecifications; authorized on vpc-endpoint, vpc, subnet, security-group), resourceVPCEndpointRead (DescribeVpcEndpoints, DescribePrefixLists), resourceVPCEndpointUpdate (ModifyVpcEndpoint), resourceVPCEndpointDelete (DeleteVpcEndpoints)`,
    arn: (r, s) => ec2(r, s, `vpc-endpoint/${GENERATED.vpce}`),
    create: (r, s) => [
      { action: "ec2:CreateVpcEndpoint", creates: true },
      { action: "ec2:CreateVpcEndpoint", arn: vpcArn(r, s) },
      ...subnetArns(r, s, r.inputs.subnetIds ?? r.inputs.routeTableIds?.map(() => GENERATED.subnet)).map(
        (a) => ({ action: "ec2:CreateVpcEndpoint", arn: a }),
      ),
      ...(r.inputs.securityGroupIds ?? []).map((id: string) => ({
        action: "ec2:CreateVpcEndpoint",
        arn: sgArn(r, s, id),
      })),
      ec2TagOnCreate("CreateVpcEndpoint", ec2(r, s, `vpc-endpoint/${GENERATED.vpce}`)),
      { action: "ec2:DescribeVpcEndpoints", arn: "*" },
    ],
    read: () => [
      { action: "ec2:DescribeVpcEndpoints", arn: "*" },
      { action: "ec2:DescribePrefixLists", arn: "*" },
    ],
    update: () => ["ec2:ModifyVpcEndpoint", "ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteVpcEndpoints"],
  },
  "aws:ec2/flowLog:FlowLog": {
    source: `${TF}ec2/vpc_flow_log.go: resourceLogFlowCreate (CreateFlowLogs with TagSpecifications), resourceLogFlowRead (DescribeFlowLogs), resourceLogFlowDelete (DeleteFlowLogs); VPC User Guide, "Publish flow logs to Amazon S3": the caller needs logs:CreateLogDelivery and logs:DeleteLogDelivery`,
    arn: (r, s) => ec2(r, s, `vpc-flow-log/${GENERATED.fl}`),
    create: (r, s) => [
      { action: "ec2:CreateFlowLogs", creates: true },
      { action: "ec2:CreateFlowLogs", arn: vpcArn(r, s) },
      ec2TagOnCreate("CreateFlowLogs", ec2(r, s, `vpc-flow-log/${GENERATED.fl}`)),
      { action: "logs:CreateLogDelivery", arn: "*" },
    ],
    read: () => [{ action: "ec2:DescribeFlowLogs", arn: "*" }],
    update: () => ["ec2:CreateTags", "ec2:DeleteTags"],
    delete: () => ["ec2:DeleteFlowLogs", { action: "logs:DeleteLogDelivery", arn: "*" }],
  },

  "aws:ec2/networkAcl:NetworkAcl": {
    source: `${TF}ec2/vpc_network_acl.go: resourceNetworkACLCreate (CreateNetworkAcl with TagSpecifications, then modifyNetworkACLAttributesOnCreate: CreateNetworkAclEntry per entry, networkACLAssociationCreate per subnet: DescribeNetworkAcls, ReplaceNetworkAclAssociation), resourceNetworkACLRead (DescribeNetworkAcls), resourceNetworkACLUpdate (modifyNetworkACLAttributesOnUpdate: DeleteNetworkAclEntry, CreateNetworkAclEntry, associations), resourceNetworkACLDelete (networkACLAssociationsDelete: each subnet back to the VPC's default ACL, then DeleteNetworkAcl)`,
    arn: (r, s) => aclArn(r, s),
    create: (r, s) => [
      { action: "ec2:CreateNetworkAcl", creates: true },
      { action: "ec2:CreateNetworkAcl", arn: vpcArn(r, s) },
      ec2TagOnCreate("CreateNetworkAcl", aclArn(r, s)),
      "ec2:CreateNetworkAclEntry",
      { action: "ec2:DescribeNetworkAcls", arn: "*" },
      ...moveSubnets(r, s, aclArn(r, s)),
    ],
    read: () => [{ action: "ec2:DescribeNetworkAcls", arn: "*" }],
    update: (r, s) => [
      "ec2:DeleteNetworkAclEntry",
      "ec2:CreateNetworkAclEntry",
      ...moveSubnets(r, s, aclArn(r, s)),
      "ec2:CreateTags",
      "ec2:DeleteTags",
    ],
    // The default ACL the subnets return to carries the stack's tags: the DefaultNetworkAcl adopted it.
    delete: (r, s) => [
      { action: "ec2:DescribeNetworkAcls", arn: "*" },
      ...moveSubnets(r, s, aclArn(r, s, GENERATED.defaultAcl)),
      "ec2:DeleteNetworkAcl",
    ],
  },
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": {
    source: `${TF}ec2/vpc_default_network_acl.go: resourceDefaultNetworkACLCreate (adopts the VPC's default ACL, which AWS creates untagged: DescribeNetworkAcls, deleteNetworkACLEntries on its allow-all entries, modifyNetworkACLAttributesOnCreate, UpdateTags), resourceNetworkACLRead, resourceDefaultNetworkACLUpdate (entries and tags); resourceDefaultNetworkACLDelete only forgets it`,
    arn: (r, s) => aclArn(r, s, GENERATED.defaultAcl),
    create: () => [
      { action: "ec2:DescribeNetworkAcls", arn: "*" },
      { action: "ec2:DeleteNetworkAclEntry", untagged: true },
      // UpdateTags: a plain CreateTags on an existing resource, so no ec2:CreateAction.
      { action: "ec2:CreateTags", untagged: true },
    ],
    read: () => [{ action: "ec2:DescribeNetworkAcls", arn: "*" }],
    update: () => [
      "ec2:DeleteNetworkAclEntry",
      "ec2:CreateNetworkAclEntry",
      "ec2:CreateTags",
      "ec2:DeleteTags",
    ],
    delete: () => [],
  },

  // ---- Elastic Load Balancing (awsx children) ----
  "aws:lb/loadBalancer:LoadBalancer": {
    source: `${TF}elbv2/load_balancer.go: resourceLoadBalancerCreate (CreateLoadBalancer with Tags, ModifyLoadBalancerAttributes), resourceLoadBalancerRead (DescribeLoadBalancers, DescribeLoadBalancerAttributes, DescribeTags), resourceLoadBalancerUpdate (SetSecurityGroups, SetSubnets), resourceLoadBalancerDelete; ELB User Guide, "Tag on create": elasticloadbalancing:AddTags with elasticloadbalancing:CreateAction`,
    arn: lbArn,
    create: (_r, s) => [
      { action: "elasticloadbalancing:CreateLoadBalancer", creates: true },
      {
        action: "elasticloadbalancing:AddTags",
        creates: true,
        context: { "elasticloadbalancing:CreateAction": "CreateLoadBalancer" },
      },
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn(
          "iam",
          s,
          "role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
        ),
        untagged: true,
        context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
      },
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      { action: "elasticloadbalancing:DescribeLoadBalancers", arn: "*" },
    ],
    read: () => [
      { action: "elasticloadbalancing:DescribeLoadBalancers", arn: "*" },
      { action: "elasticloadbalancing:DescribeLoadBalancerAttributes", arn: "*" },
      { action: "elasticloadbalancing:DescribeTags", arn: "*" },
    ],
    update: () => [
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:SetSecurityGroups",
      "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:RemoveTags",
    ],
    delete: () => ["elasticloadbalancing:DeleteLoadBalancer"],
  },
  "aws:lb/targetGroup:TargetGroup": {
    source: `${TF}elbv2/target_group.go: resourceTargetGroupCreate (CreateTargetGroup with Tags, ModifyTargetGroupAttributes), resourceTargetGroupRead (DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTags), resourceTargetGroupUpdate (ModifyTargetGroup), resourceTargetGroupDelete`,
    arn: tgArn,
    create: () => [
      { action: "elasticloadbalancing:CreateTargetGroup", creates: true },
      {
        action: "elasticloadbalancing:AddTags",
        creates: true,
        context: { "elasticloadbalancing:CreateAction": "CreateTargetGroup" },
      },
      "elasticloadbalancing:ModifyTargetGroupAttributes",
    ],
    read: () => [
      { action: "elasticloadbalancing:DescribeTargetGroups", arn: "*" },
      { action: "elasticloadbalancing:DescribeTargetGroupAttributes", arn: "*" },
      { action: "elasticloadbalancing:DescribeTags", arn: "*" },
    ],
    update: () => [
      "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:RemoveTags",
    ],
    delete: () => ["elasticloadbalancing:DeleteTargetGroup"],
  },
  "aws:lb/listener:Listener": {
    source: `${TF}elbv2/listener.go: resourceListenerCreate (CreateListener with Tags; authorized on listener and load balancer), resourceListenerRead (DescribeListeners, DescribeListenerAttributes, DescribeTags), resourceListenerUpdate (ModifyListener), resourceListenerDelete`,
    arn: (r, s) => elbArn(r, s, "listener/app/alb-" + s.suffix + "/50dc6c495c0c9188/f2f7dc8efc522ab2"),
    create: (r, s) => [
      {
        action: "elasticloadbalancing:CreateListener",
        arn: elbArn(r, s, `loadbalancer/app/alb-${s.suffix}/50dc6c495c0c9188`),
      },
      {
        action: "elasticloadbalancing:AddTags",
        creates: true,
        context: { "elasticloadbalancing:CreateAction": "CreateListener" },
      },
    ],
    read: () => [
      { action: "elasticloadbalancing:DescribeListeners", arn: "*" },
      { action: "elasticloadbalancing:DescribeListenerAttributes", arn: "*" },
      { action: "elasticloadbalancing:DescribeTags", arn: "*" },
    ],
    update: () => [
      "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:RemoveTags",
    ],
    delete: () => ["elasticloadbalancing:DeleteListener"],
  },

  // ---- WAF ----
  "aws:wafv2/webAcl:WebAcl": {
    source: `${TF}wafv2/web_acl.go: resourceWebACLCreate (CreateWebACL with Tags; authorized also on each managed rule group), resourceWebACLRead (GetWebACL, ListTagsForResource), resourceWebACLUpdate (UpdateWebACL), resourceWebACLDelete (GetWebACL for the lock token, DeleteWebACL)`,
    arn: wafArn,
    create: (r, s) => [
      { action: "wafv2:CreateWebACL", creates: true },
      { action: "wafv2:TagResource", creates: true },
      {
        action: "wafv2:CreateWebACL",
        arn: arn("wafv2", r, s, "regional/managedruleset/AWS/AWSManagedRulesCommonRuleSet"),
        untagged: true,
      },
      "wafv2:GetWebACL",
    ],
    read: () => ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
    update: (r, s) => [
      "wafv2:UpdateWebACL",
      {
        action: "wafv2:UpdateWebACL",
        arn: arn("wafv2", r, s, "regional/managedruleset/AWS/AWSManagedRulesCommonRuleSet"),
        untagged: true,
      },
      "wafv2:TagResource",
      "wafv2:UntagResource",
    ],
    delete: () => ["wafv2:GetWebACL", "wafv2:DeleteWebACL"],
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": {
    source: `${TF}wafv2/web_acl_association.go: resourceWebACLAssociationCreate (AssociateWebACL), Read (GetWebACLForResource), Delete (DisassociateWebACL); WAF Developer Guide, "Permissions for associating a web ACL": elasticloadbalancing:SetWebAcl`,
    arn: (r) => r.inputs.webAclArn,
    create: (r) => [
      "wafv2:AssociateWebACL",
      { action: "wafv2:AssociateWebACL", arn: r.inputs.resourceArn },
      { action: "elasticloadbalancing:SetWebAcl", arn: "*" },
    ],
    read: (r) => [{ action: "wafv2:GetWebACLForResource", arn: r.inputs.resourceArn }],
    update: () => [],
    delete: (r) => [{ action: "wafv2:DisassociateWebACL", arn: r.inputs.resourceArn }],
  },
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
    source: `${TF}wafv2/web_acl_logging_configuration.go: resourceWebACLLoggingConfigurationPut, Read (GetLoggingConfiguration), Delete; WAF Developer Guide, "Sending web ACL traffic logs to a CloudWatch Logs log group" (logs:CreateLogDelivery, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups)`,
    arn: (r) => r.inputs.resourceArn,
    create: () => [
      "wafv2:PutLoggingConfiguration",
      { action: "logs:CreateLogDelivery", arn: "*" },
      { action: "logs:PutResourcePolicy", arn: "*" },
      { action: "logs:DescribeResourcePolicies", arn: "*" },
      { action: "logs:DescribeLogGroups", arn: "*" },
    ],
    read: () => ["wafv2:GetLoggingConfiguration"],
    update: () => ["wafv2:PutLoggingConfiguration"],
    delete: () => ["wafv2:DeleteLoggingConfiguration", { action: "logs:DeleteLogDelivery", arn: "*" }],
  },

  // ---- ACM ----
  "aws:acm/certificate:Certificate": {
    source: `${TF}acm/certificate.go: resourceCertificateCreate (ImportCertificate with Tags), resourceCertificateRead (DescribeCertificate, GetCertificate, ListTagsForCertificate), resourceCertificateUpdate (ImportCertificate again, tags), resourceCertificateDelete; ACM User Guide, "Tag-based access": tags on import are authorized as acm:AddTagsToCertificate`,
    // ACM generates the certificate id.
    arn: (r, s) => arn("acm", r, s, "certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
    create: () => [
      { action: "acm:ImportCertificate", creates: true },
      { action: "acm:AddTagsToCertificate", creates: true },
      "acm:DescribeCertificate",
    ],
    read: () => ["acm:DescribeCertificate", "acm:GetCertificate", "acm:ListTagsForCertificate"],
    update: () => ["acm:ImportCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
    delete: () => ["acm:DeleteCertificate"],
  },

  // ---- ECR ----
  "aws:ecr/repository:Repository": {
    source: `${TF}ecr/repository.go: resourceRepositoryCreate (CreateRepository with Tags and EncryptionConfiguration), resourceRepositoryRead (DescribeRepositories, ListTagsForResource), resourceRepositoryUpdate (PutImageTagMutability, PutImageScanningConfiguration), resourceRepositoryDelete (force); ECR User Guide, "Encryption at rest": KMS CreateGrant, RetireGrant and DescribeKey on the caller`,
    arn: (r, s) => arn("ecr", r, s, `repository/${r.inputs.name}`),
    create: (r) => [
      { action: "ecr:CreateRepository", creates: true },
      { action: "ecr:TagResource", creates: true },
      ...(r.inputs.encryptionConfigurations ?? [])
        .filter((e: { kmsKey?: string }) => e.kmsKey)
        .flatMap((e: { kmsKey: string }) => [
          kmsVia("kms:CreateGrant", e.kmsKey, "ecr", r.region, { "kms:GrantIsForAWSResource": "true" }),
          { action: "kms:DescribeKey", arn: e.kmsKey },
        ]),
    ],
    read: () => ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
    update: () => [
      "ecr:PutImageTagMutability",
      "ecr:PutImageScanningConfiguration",
      "ecr:TagResource",
      "ecr:UntagResource",
    ],
    delete: (r) => [
      "ecr:DeleteRepository",
      ...(r.inputs.encryptionConfigurations ?? [])
        .filter((e: { kmsKey?: string }) => e.kmsKey)
        .map((e: { kmsKey: string }) => kmsVia("kms:RetireGrant", e.kmsKey, "ecr", r.region)),
    ],
  },

  // ---- ECS ----
  "aws:ecs/cluster:Cluster": {
    source: `${TF}ecs/cluster.go: resourceClusterCreate (CreateCluster with Tags), resourceClusterRead (DescribeClusters), resourceClusterUpdate (UpdateCluster, UpdateClusterSettings), resourceClusterDelete; ECS Developer Guide, "Grant permission to tag resources on creation" (ecs:TagResource with ecs:CreateAction)`,
    arn: (r, s) => ecsArn(r, s, `cluster/${r.inputs.name}`),
    create: () => [
      { action: "ecs:CreateCluster", creates: true },
      { action: "ecs:TagResource", creates: true, context: { "ecs:CreateAction": "CreateCluster" } },
      "ecs:DescribeClusters",
    ],
    read: () => ["ecs:DescribeClusters"],
    update: () => ["ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:TagResource", "ecs:UntagResource"],
    delete: () => ["ecs:DeleteCluster"],
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    source: `${TF}ecs/task_definition.go: resourceTaskDefinitionCreate (RegisterTaskDefinition with Tags), resourceTaskDefinitionRead (DescribeTaskDefinition), resourceTaskDefinitionDelete (DeregisterTaskDefinition); ECS Developer Guide, "Task IAM role" and "Task execution IAM role" (iam:PassRole)`,
    arn: (r, s) => ecsArn(r, s, `task-definition/${r.inputs.family}:1`),
    create: (r) => [
      { action: "ecs:RegisterTaskDefinition", creates: true },
      { action: "ecs:TagResource", creates: true, context: { "ecs:CreateAction": "RegisterTaskDefinition" } },
      passRole(r.inputs.taskRoleArn, "ecs-tasks.amazonaws.com"),
      passRole(r.inputs.executionRoleArn, "ecs-tasks.amazonaws.com"),
      { action: "ecs:DescribeTaskDefinition", arn: "*" },
    ],
    read: () => [{ action: "ecs:DescribeTaskDefinition", arn: "*" }],
    // Every change registers a new revision (ForceNew).
    update: () => [],
    delete: () => [{ action: "ecs:DeregisterTaskDefinition", arn: "*" }],
  },
  "aws:ecs/service:Service": {
    source: `${TF}ecs/service.go: resourceServiceCreate (CreateService with Tags), resourceServiceRead (DescribeServices), resourceServiceUpdate (UpdateService, wait for steady state), resourceServiceDelete (UpdateService to 0, DeleteService)`,
    arn: (r, s) => ecsArn(r, s, `service/${clusterName(r)}/${r.inputs.name}`),
    create: (_r, s) => [
      { action: "ecs:CreateService", creates: true },
      { action: "ecs:TagResource", creates: true, context: { "ecs:CreateAction": "CreateService" } },
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn("iam", s, "role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
        untagged: true,
        context: { "iam:AWSServiceName": "ecs.amazonaws.com" },
      },
      "ecs:DescribeServices",
    ],
    read: () => ["ecs:DescribeServices"],
    update: () => ["ecs:UpdateService", "ecs:DescribeServices", "ecs:TagResource", "ecs:UntagResource"],
    delete: () => ["ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"],
  },

  // ---- Application Auto Scaling ----
  "aws:appautoscaling/target:Target": {
    source: `${TF}appautoscaling/target.go: resourceTargetPut (RegisterScalableTarget with Tags), resourceTargetRead (DescribeScalableTargets, ListTagsForResource), resourceTargetDelete (DeregisterScalableTarget); Application Auto Scaling User Guide, "Identity-based policy examples": registering an ECS service needs ecs:DescribeServices and ecs:UpdateService, and the service-linked role`,
    arn: (r, s) => arn("application-autoscaling", r, s, "scalable-target/0123456789abcdef0123456789abcdef"),
    create: (r, s) => [
      {
        action: "application-autoscaling:RegisterScalableTarget",
        creates: true,
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
      { action: "application-autoscaling:TagResource", creates: true },
      { action: "ecs:DescribeServices", arn: ecsArn(r, s, r.inputs.resourceId) },
      { action: "ecs:UpdateService", arn: ecsArn(r, s, r.inputs.resourceId) },
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn(
          "iam",
          s,
          "role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
        ),
        untagged: true,
        context: { "iam:AWSServiceName": "ecs.application-autoscaling.amazonaws.com" },
      },
    ],
    read: () => [
      { action: "application-autoscaling:DescribeScalableTargets", arn: "*" },
      "application-autoscaling:ListTagsForResource",
    ],
    update: () => [
      {
        action: "application-autoscaling:RegisterScalableTarget",
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
      "application-autoscaling:TagResource",
      "application-autoscaling:UntagResource",
    ],
    delete: () => [
      {
        action: "application-autoscaling:DeregisterScalableTarget",
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
    ],
  },
  "aws:appautoscaling/policy:Policy": {
    source: `${TF}appautoscaling/policy.go: resourcePolicyPut (PutScalingPolicy), resourcePolicyRead (DescribeScalingPolicies), resourcePolicyDelete (DeleteScalingPolicy); Application Auto Scaling User Guide, "Target tracking scaling policies": the service creates, describes and deletes TargetTracking-* alarms with the caller's cloudwatch permissions`,
    arn: (r, s) => arn("application-autoscaling", r, s, "scalable-target/0123456789abcdef0123456789abcdef"),
    create: (r, s) => [
      {
        action: "application-autoscaling:PutScalingPolicy",
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
      ...targetTrackingAlarms(r, s).flatMap((a) => [
        { action: "cloudwatch:PutMetricAlarm", arn: a, untagged: true },
        { action: "cloudwatch:DescribeAlarms", arn: a, untagged: true },
      ]),
    ],
    read: () => [{ action: "application-autoscaling:DescribeScalingPolicies", arn: "*" }],
    update: (r, s) => [
      {
        action: "application-autoscaling:PutScalingPolicy",
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
      ...targetTrackingAlarms(r, s).flatMap((a) => [
        { action: "cloudwatch:PutMetricAlarm", arn: a, untagged: true },
        { action: "cloudwatch:DescribeAlarms", arn: a, untagged: true },
      ]),
    ],
    delete: (r, s) => [
      {
        action: "application-autoscaling:DeleteScalingPolicy",
        context: { "application-autoscaling:service-namespace": "ecs" },
      },
      ...targetTrackingAlarms(r, s).map((a) => ({
        action: "cloudwatch:DeleteAlarms",
        arn: a,
        untagged: true,
      })),
    ],
  },

  // ---- RDS ----
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    source: `${TF}rds/cluster_parameter_group.go: resourceClusterParameterGroupCreate (CreateDBClusterParameterGroup with Tags, ModifyDBClusterParameterGroup), Read (DescribeDBClusterParameterGroups, DescribeDBClusterParameters), Update, Delete; RDS User Guide, "Tagging on create" (rds:AddTagsToResource)`,
    arn: (r, s) => rdsArn(r, s, `cluster-pg:${r.inputs.name}`),
    create: () => [
      { action: "rds:CreateDBClusterParameterGroup", creates: true },
      { action: "rds:AddTagsToResource", creates: true },
      "rds:ModifyDBClusterParameterGroup",
    ],
    read: () => [
      "rds:DescribeDBClusterParameterGroups",
      "rds:DescribeDBClusterParameters",
      "rds:ListTagsForResource",
    ],
    update: () => [
      "rds:ModifyDBClusterParameterGroup",
      "rds:ResetDBClusterParameterGroup",
      "rds:AddTagsToResource",
      "rds:RemoveTagsFromResource",
    ],
    delete: () => ["rds:DeleteDBClusterParameterGroup"],
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    source: `${TF}rds/subnet_group.go: resourceSubnetGroupCreate (CreateDBSubnetGroup with Tags), Read (DescribeDBSubnetGroups), Update (ModifyDBSubnetGroup), Delete`,
    arn: (r, s) => rdsArn(r, s, `subgrp:${r.inputs.name}`),
    create: () => [
      { action: "rds:CreateDBSubnetGroup", creates: true },
      { action: "rds:AddTagsToResource", creates: true },
    ],
    read: () => ["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
    update: () => ["rds:ModifyDBSubnetGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
    delete: () => ["rds:DeleteDBSubnetGroup"],
  },
  "aws:rds/cluster:Cluster": {
    source: `${TF}rds/cluster.go: resourceClusterCreate (CreateDBCluster with Tags), resourceClusterRead (DescribeDBClusters, then DescribeGlobalClusters via findGlobalClusterByDBClusterARN), resourceClusterUpdate (ModifyDBCluster), resourceClusterDelete (DeleteDBCluster with FinalDBSnapshotIdentifier); RDS User Guide, "Password management with Amazon RDS and Secrets Manager" (secretsmanager:CreateSecret/TagResource, KMS through Secrets Manager) and "Encrypting Amazon RDS resources" (kms:CreateGrant, DescribeKey)`,
    arn: (r, s) => rdsArn(r, s, `cluster:${r.inputs.clusterIdentifier}`),
    create: (r, s) => {
      const secret = arn("secretsmanager", r, s, "secret:rds!cluster-3f1e-AbCdEf");
      return [
        {
          action: "rds:CreateDBCluster",
          creates: true,
          context: { "rds:StorageEncrypted": String(r.inputs.storageEncrypted ?? false) },
        },
        { action: "rds:AddTagsToResource", creates: true },
        {
          action: "rds:CreateDBCluster",
          arn: rdsArn(r, s, `cluster-pg:${r.inputs.dbClusterParameterGroupName}`),
        },
        { action: "rds:CreateDBCluster", arn: rdsArn(r, s, `subgrp:${r.inputs.dbSubnetGroupName}`) },
        { action: "rds:CreateDBCluster", arn: rdsArn(r, s, "og:default:aurora-mysql-8-0"), untagged: true },
        kmsVia("kms:CreateGrant", r.inputs.kmsKeyId, "rds", r.region, {
          "kms:GrantIsForAWSResource": "true",
        }),
        { action: "kms:DescribeKey", arn: r.inputs.kmsKeyId },
        ...(r.inputs.manageMasterUserPassword
          ? [
              { action: "secretsmanager:CreateSecret", arn: secret, untagged: true },
              { action: "secretsmanager:TagResource", arn: secret, untagged: true },
              kmsVia("kms:GenerateDataKey", r.inputs.masterUserSecretKmsKeyId, "secretsmanager", r.region),
              kmsVia("kms:Decrypt", r.inputs.masterUserSecretKmsKeyId, "secretsmanager", r.region),
            ]
          : []),
        "rds:DescribeDBClusters",
      ];
    },
    read: (_r, s) => [
      "rds:DescribeDBClusters",
      // tf resourceClusterRead tolerates only NotFound and "Access Denied to API Version: APIGlobalDatabases".
      { action: "rds:DescribeGlobalClusters", arn: globalArn("rds", s, "global-cluster:*"), untagged: true },
      "rds:ListTagsForResource",
    ],
    update: (r, s) => [
      "rds:ModifyDBCluster",
      {
        action: "rds:ModifyDBCluster",
        arn: rdsArn(r, s, `cluster-pg:${r.inputs.dbClusterParameterGroupName}`),
      },
      "rds:AddTagsToResource",
      "rds:RemoveTagsFromResource",
    ],
    delete: (r, s) => [
      "rds:DeleteDBCluster",
      ...(r.inputs.skipFinalSnapshot
        ? []
        : [
            {
              action: "rds:DeleteDBCluster",
              arn: rdsArn(r, s, `cluster-snapshot:${r.inputs.finalSnapshotIdentifier}`),
              creates: true,
            },
            {
              action: "rds:CreateDBClusterSnapshot",
              arn: rdsArn(r, s, `cluster-snapshot:${r.inputs.finalSnapshotIdentifier}`),
              creates: true,
            },
          ]),
      {
        action: "secretsmanager:DeleteSecret",
        arn: arn("secretsmanager", r, s, "secret:rds!cluster-3f1e-AbCdEf"),
        untagged: true,
      },
    ],
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    source: `${TF}rds/cluster_instance.go: resourceClusterInstanceCreate (CreateDBInstance with Tags), resourceClusterInstanceRead (DescribeDBInstances, DescribeDBClusters), resourceClusterInstanceUpdate (ModifyDBInstance), resourceClusterInstanceDelete; RDS User Guide, "Setting up and enabling Enhanced Monitoring" (iam:PassRole) and "Turning Performance Insights on" (KMS through RDS)`,
    arn: (r, s) => rdsArn(r, s, `db:${r.inputs.identifier}`),
    create: (r, s) => [
      { action: "rds:CreateDBInstance", creates: true },
      { action: "rds:AddTagsToResource", creates: true },
      { action: "rds:CreateDBInstance", arn: rdsArn(r, s, `subgrp:${r.inputs.dbSubnetGroupName}`) },
      { action: "rds:CreateDBInstance", arn: rdsArn(r, s, "pg:default.aurora-mysql8.0"), untagged: true },
      { action: "rds:CreateDBInstance", arn: rdsArn(r, s, "og:default:aurora-mysql-8-0"), untagged: true },
      ...(r.inputs.monitoringRoleArn
        ? [passRole(r.inputs.monitoringRoleArn, "monitoring.rds.amazonaws.com")]
        : []),
      ...(r.inputs.performanceInsightsKmsKeyId
        ? [
            kmsVia("kms:CreateGrant", r.inputs.performanceInsightsKmsKeyId, "rds", r.region, {
              "kms:GrantIsForAWSResource": "true",
            }),
          ]
        : []),
      "rds:DescribeDBInstances",
    ],
    read: (r, s) => [
      "rds:DescribeDBInstances",
      "rds:ListTagsForResource",
      { action: "rds:DescribeDBClusters", arn: rdsArn(r, s, `cluster:aurora-cluster-${s.suffix}`) },
    ],
    update: (r) => [
      "rds:ModifyDBInstance",
      ...(r.inputs.monitoringRoleArn
        ? [passRole(r.inputs.monitoringRoleArn, "monitoring.rds.amazonaws.com")]
        : []),
      "rds:AddTagsToResource",
      "rds:RemoveTagsFromResource",
    ],
    delete: () => ["rds:DeleteDBInstance"],
  },

  // ---- Lambda (the database bootstrap) ----
  "aws:lambda/function:Function": {
    source: `${TF}lambda/function.go: resourceFunctionCreate (CreateFunction with Tags, then GetFunction until active), resourceFunctionRead (GetFunction, findLatestFunctionVersionByName: ListVersionsByFunction, GetFunctionCodeSigningConfig), resourceFunctionUpdate (UpdateFunctionConfiguration, UpdateFunctionCode), resourceFunctionDelete (DeleteFunction); Lambda Developer Guide, "Using tags on Lambda functions" (lambda:TagResource to tag on create; lambda:ListTags also for GetFunction of a tagged function) and "Defining Lambda function permissions with an execution role" (iam:PassRole)`,
    arn: (r, s) => arn("lambda", r, s, `function:${r.inputs.name}`),
    create: (r) => [
      { action: "lambda:CreateFunction", creates: true },
      { action: "lambda:TagResource", creates: true },
      passRole(r.inputs.role, "lambda.amazonaws.com"),
      "lambda:GetFunction",
      "lambda:ListTags",
      "lambda:ListVersionsByFunction",
      "lambda:GetFunctionCodeSigningConfig",
    ],
    read: () => [
      "lambda:GetFunction",
      "lambda:ListTags",
      "lambda:ListVersionsByFunction",
      "lambda:GetFunctionCodeSigningConfig",
    ],
    update: (r) => [
      "lambda:UpdateFunctionConfiguration",
      passRole(r.inputs.role, "lambda.amazonaws.com"),
      "lambda:UpdateFunctionCode",
      "lambda:TagResource",
      "lambda:UntagResource",
    ],
    delete: () => ["lambda:DeleteFunction"],
  },
  "aws:lambda/invocation:Invocation": {
    source: `${TF}lambda/invocation.go: resourceInvocationCreate and resourceInvocationUpdate (invoke: Invoke with Qualifier $LATEST), ReadWithoutTimeout is schema.NoopContext, resourceInvocationDelete (invokes only when lifecycle_scope is CRUD; the default is CREATE_ONLY); Lambda authorizes an Invoke that names a Qualifier on the qualified ARN (aws/aws-cdk issue 19273, "CDK-generated permissions will not work on Lambda invoked with Qualifier=")`,
    arn: (r, s) => arn("lambda", r, s, `function:${r.inputs.functionName}:$LATEST`),
    create: () => ["lambda:InvokeFunction"],
    read: () => [],
    update: () => ["lambda:InvokeFunction"],
    delete: (r) => (r.inputs.lifecycleScope === "CRUD" ? ["lambda:InvokeFunction"] : []),
  },

  // ---- AWS Backup ----
  "aws:backup/vault:Vault": {
    source: `${TF}backup/vault.go: resourceVaultCreate (CreateBackupVault with BackupVaultTags), resourceVaultRead (DescribeBackupVault, ListTags), resourceVaultDelete (force_destroy: ListRecoveryPointsByBackupVault, DeleteRecoveryPoint; DeleteBackupVault); AWS Backup Developer Guide, "Encryption for backups" and "Access control" (backup-storage:MountCapsule; kms:CreateGrant, GenerateDataKey and Decrypt through AWS Backup; kms:DescribeKey)`,
    arn: (r, s) => backupVaultArn(r, s, r.inputs.name),
    create: (r) => [
      { action: "backup:CreateBackupVault", creates: true },
      { action: "backup:TagResource", creates: true },
      { action: "backup-storage:MountCapsule", arn: "*" },
      kmsVia("kms:CreateGrant", r.inputs.kmsKeyArn, "backup", r.region, {
        "kms:GrantIsForAWSResource": "true",
      }),
      kmsVia("kms:GenerateDataKey", r.inputs.kmsKeyArn, "backup", r.region),
      kmsVia("kms:Decrypt", r.inputs.kmsKeyArn, "backup", r.region),
      { action: "kms:DescribeKey", arn: r.inputs.kmsKeyArn },
    ],
    read: () => ["backup:DescribeBackupVault", "backup:ListTags"],
    update: () => ["backup:TagResource", "backup:UntagResource"],
    delete: (r, s) => [
      "backup:ListRecoveryPointsByBackupVault",
      {
        action: "backup:DeleteRecoveryPoint",
        arn: arn("backup", r, s, "recovery-point:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
      },
      "backup:DeleteBackupVault",
    ],
  },
  "aws:backup/plan:Plan": {
    source: `${TF}backup/plan.go: resourcePlanCreate (CreateBackupPlan with BackupPlanTags), resourcePlanRead (GetBackupPlan, ListTags), resourcePlanUpdate (UpdateBackupPlan), resourcePlanDelete`,
    arn: (r, s) => arn("backup", r, s, "backup-plan:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
    create: () => [
      { action: "backup:CreateBackupPlan", creates: true },
      { action: "backup:TagResource", creates: true },
      "backup:GetBackupPlan",
    ],
    read: () => ["backup:GetBackupPlan", "backup:ListTags"],
    update: () => ["backup:UpdateBackupPlan", "backup:TagResource", "backup:UntagResource"],
    delete: () => ["backup:DeleteBackupPlan"],
  },
  "aws:backup/selection:Selection": {
    source: `${TF}backup/selection.go: resourceSelectionCreate (CreateBackupSelection), resourceSelectionRead (GetBackupSelection), resourceSelectionDelete; AWS Backup Developer Guide, "Assigning resources" (iam:PassRole to backup.amazonaws.com)`,
    arn: (r, s) => arn("backup", r, s, "backup-plan:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
    create: (r) => [
      "backup:CreateBackupSelection",
      passRole(r.inputs.iamRoleArn, "backup.amazonaws.com"),
      "backup:GetBackupSelection",
    ],
    read: () => ["backup:GetBackupSelection"],
    update: () => [],
    delete: () => ["backup:DeleteBackupSelection"],
  },

  // ---- Evidence archive ----
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    source: `${TF}firehose/delivery_stream.go: resourceDeliveryStreamCreate (CreateDeliveryStream with Tags and DeliveryStreamEncryptionConfigurationInput), resourceDeliveryStreamRead (DescribeDeliveryStream, ListTagsForDeliveryStream), resourceDeliveryStreamUpdate (UpdateDestination, Start/StopDeliveryStreamEncryption), resourceDeliveryStreamDelete; Firehose Developer Guide, "Server-side encryption" (kms:CreateGrant, DescribeKey) and "Controlling access" (iam:PassRole)`,
    arn: (r, s) => arn("firehose", r, s, `deliverystream/${r.inputs.name}`),
    create: (r) => [
      { action: "firehose:CreateDeliveryStream", creates: true },
      { action: "firehose:TagDeliveryStream", creates: true },
      passRole(r.inputs.extendedS3Configuration.roleArn, "firehose.amazonaws.com"),
      ...(r.inputs.serverSideEncryption?.keyArn
        ? [
            kmsVia("kms:CreateGrant", r.inputs.serverSideEncryption.keyArn, "firehose", r.region),
            { action: "kms:DescribeKey", arn: r.inputs.serverSideEncryption.keyArn },
          ]
        : []),
      "firehose:DescribeDeliveryStream",
    ],
    read: () => ["firehose:DescribeDeliveryStream", "firehose:ListTagsForDeliveryStream"],
    update: (r) => [
      "firehose:UpdateDestination",
      passRole(r.inputs.extendedS3Configuration.roleArn, "firehose.amazonaws.com"),
      "firehose:StartDeliveryStreamEncryption",
      "firehose:StopDeliveryStreamEncryption",
      "firehose:TagDeliveryStream",
      "firehose:UntagDeliveryStream",
    ],
    delete: (r) => [
      "firehose:DeleteDeliveryStream",
      ...(r.inputs.serverSideEncryption?.keyArn
        ? [kmsVia("kms:RetireGrant", r.inputs.serverSideEncryption.keyArn, "firehose", r.region)]
        : []),
    ],
  },

  // ---- Account detection (opt-in) ----
  "aws:guardduty/detector:Detector": {
    source: `${TF}guardduty/detector.go: resourceDetectorCreate (CreateDetector with Tags), resourceDetectorRead (GetDetector, ListTagsForResource), resourceDetectorUpdate (UpdateDetector), resourceDetectorDelete; GuardDuty User Guide, "Service-linked role permissions" (iam:CreateServiceLinkedRole)`,
    arn: (r, s) => arn("guardduty", r, s, "detector/12abc34d567e8fa901bc2d34e56789f0"),
    create: (_r, s) => [
      { action: "guardduty:CreateDetector", arn: "*", creates: true },
      { action: "guardduty:TagResource", creates: true },
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn(
          "iam",
          s,
          "role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
        ),
        untagged: true,
        context: { "iam:AWSServiceName": "guardduty.amazonaws.com" },
      },
      "guardduty:GetDetector",
    ],
    read: () => ["guardduty:GetDetector", "guardduty:ListTagsForResource"],
    update: () => ["guardduty:UpdateDetector", "guardduty:TagResource", "guardduty:UntagResource"],
    delete: () => ["guardduty:DeleteDetector"],
  },
  "aws:guardduty/detectorFeature:DetectorFeature": {
    source: `${TF}guardduty/detector_feature.go: resourceDetectorFeaturePut (UpdateDetector Features), resourceDetectorFeatureRead (GetDetector); delete only forgets it; GuardDuty User Guide, "Malware Protection service-linked role"`,
    arn: (r, s) => arn("guardduty", r, s, "detector/12abc34d567e8fa901bc2d34e56789f0"),
    create: (_r, s) => [
      "guardduty:UpdateDetector",
      "guardduty:GetDetector",
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn(
          "iam",
          s,
          "role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection",
        ),
        untagged: true,
        context: { "iam:AWSServiceName": "malware-protection.guardduty.amazonaws.com" },
      },
    ],
    read: () => ["guardduty:GetDetector"],
    update: () => ["guardduty:UpdateDetector"],
    delete: () => [],
  },
  "aws:securityhub/account:Account": {
    source: `${TF}securityhub/account.go: resourceAccountCreate (EnableSecurityHub with Tags), resourceAccountRead (DescribeHub), resourceAccountUpdate (UpdateSecurityHubConfiguration), resourceAccountDelete (DisableSecurityHub); Security Hub User Guide, "Service-linked roles"`,
    arn: (r, s) => arn("securityhub", r, s, "hub/default"),
    create: (_r, s) => [
      { action: "securityhub:EnableSecurityHub", creates: true },
      { action: "securityhub:TagResource", creates: true },
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn(
          "iam",
          s,
          "role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub",
        ),
        untagged: true,
        context: { "iam:AWSServiceName": "securityhub.amazonaws.com" },
      },
      "securityhub:DescribeHub",
    ],
    read: () => ["securityhub:DescribeHub", "securityhub:ListTagsForResource"],
    update: () => [
      "securityhub:UpdateSecurityHubConfiguration",
      "securityhub:TagResource",
      "securityhub:UntagResource",
    ],
    delete: () => ["securityhub:DisableSecurityHub"],
  },
  "aws:securityhub/standardsSubscription:StandardsSubscription": {
    source: `${TF}securityhub/standards_subscription.go: resourceStandardsSubscriptionCreate (BatchEnableStandards), Read (GetEnabledStandards), Delete (BatchDisableStandards)`,
    arn: (r, s) => arn("securityhub", r, s, "hub/default"),
    create: () => ["securityhub:BatchEnableStandards", "securityhub:GetEnabledStandards"],
    read: () => ["securityhub:GetEnabledStandards"],
    update: () => [],
    delete: () => ["securityhub:BatchDisableStandards"],
  },
  "aws:cfg/recorder:Recorder": {
    source: `${TF}configservice/configuration_recorder.go: resourceConfigurationRecorderPut (PutConfigurationRecorder), Read (DescribeConfigurationRecorders), Delete (DeleteConfigurationRecorder); AWS Config Developer Guide, "Using service-linked roles for AWS Config"`,
    arn: (r, s) => arn("config", r, s, "configuration-recorder/default/abcdef0123456789"),
    create: (_r, s) => [
      "config:PutConfigurationRecorder",
      {
        action: "iam:CreateServiceLinkedRole",
        arn: globalArn("iam", s, "role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
        untagged: true,
        context: { "iam:AWSServiceName": "config.amazonaws.com" },
      },
      "config:DescribeConfigurationRecorders",
    ],
    read: () => ["config:DescribeConfigurationRecorders"],
    update: () => ["config:PutConfigurationRecorder"],
    delete: () => ["config:DeleteConfigurationRecorder"],
  },
  "aws:cfg/recorderStatus:RecorderStatus": {
    source: `${TF}configservice/configuration_recorder_status.go: resourceConfigurationRecorderStatusPut (StartConfigurationRecorder), Read (DescribeConfigurationRecorderStatus), Delete (StopConfigurationRecorder)`,
    arn: (r, s) => arn("config", r, s, "configuration-recorder/default/abcdef0123456789"),
    create: () => ["config:StartConfigurationRecorder", "config:DescribeConfigurationRecorderStatus"],
    read: () => ["config:DescribeConfigurationRecorderStatus"],
    update: () => ["config:StartConfigurationRecorder", "config:StopConfigurationRecorder"],
    delete: () => ["config:StopConfigurationRecorder"],
  },
  "aws:cfg/deliveryChannel:DeliveryChannel": {
    source: `${TF}configservice/delivery_channel.go: resourceDeliveryChannelPut (PutDeliveryChannel), Read (DescribeDeliveryChannels), Delete (DeleteDeliveryChannel)`,
    create: () => [
      { action: "config:PutDeliveryChannel", arn: "*" },
      { action: "config:DescribeDeliveryChannels", arn: "*" },
    ],
    read: () => [{ action: "config:DescribeDeliveryChannels", arn: "*" }],
    update: () => [{ action: "config:PutDeliveryChannel", arn: "*" }],
    delete: () => [{ action: "config:DeleteDeliveryChannel", arn: "*" }],
  },
  "aws:cfg/rule:Rule": {
    source: `${TF}configservice/config_rule.go: resourceConfigRulePut (PutConfigRule with Tags), resourceConfigRuleRead (DescribeConfigRules, ListTagsForResource), resourceConfigRuleDelete (DeleteConfigRule)`,
    arn: (r, s) => arn("config", r, s, "config-rule/config-rule-ab12cd"),
    create: () => [
      { action: "config:PutConfigRule", creates: true },
      { action: "config:TagResource", creates: true },
      { action: "config:DescribeConfigRules", arn: "*" },
    ],
    read: () => [{ action: "config:DescribeConfigRules", arn: "*" }, "config:ListTagsForResource"],
    update: () => ["config:PutConfigRule", "config:TagResource", "config:UntagResource"],
    delete: () => ["config:DeleteConfigRule"],
  },
};
