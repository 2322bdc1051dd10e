import type { PolicyResource } from "@pulumi/policy";
import {
  PciPolicy,
  asList,
  dependentsOn,
  eachKnown,
  knownStrings,
  ofType,
  resourceRule,
  stackRule,
} from "../lib";

const TRAIL = "aws:cloudtrail/trail:Trail";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const TOPIC = "aws:sns/topic:Topic";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET = "aws:s3/bucket:Bucket";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/**
 * The CIS AWS Foundations monitoring events (Security Hub CloudWatch.1-14), each recognised by a
 * term its filter pattern must contain. The pack checks that a filter on a trail's log group
 * counts each of them into an alarm that notifies an encrypted topic.
 */
export const REQUIRED_SECURITY_EVENTS: Readonly<Record<string, string>> = {
  "root user activity": '$.userIdentity.type="Root"',
  "unauthorized API calls": "AccessDenied",
  "console sign-in without MFA": "MFAUsed",
  "IAM policy changes": "PutRolePolicy",
  "CloudTrail configuration changes": "StopLogging",
  "console sign-in failures": "Failed authentication",
  "KMS keys disabled or scheduled for deletion": "ScheduleKeyDeletion",
  "S3 bucket policy changes": "PutBucketPolicy",
  "AWS Config changes": "StopConfigurationRecorder",
  "security group changes": "AuthorizeSecurityGroupIngress",
  "NACL changes": "CreateNetworkAclEntry",
  "network gateway changes": "AttachInternetGateway",
  "route table changes": "CreateRoute",
  "VPC changes": "CreateVpc",
};

/** Whether a property is set; a value a preview does not know yet (a key ARN) counts as set. */
function isSet(get: () => unknown): boolean {
  try {
    return !!get();
  } catch (e) {
    if ((e as Error)?.constructor?.name === "UnknownValueError") return true;
    throw e;
  }
}

/**
 * The metric filters on a trail's log group whose metric an alarm watches and whose alarm
 * notifies a KMS-encrypted topic.
 */
function alarmedTrailFilters(resources: readonly PolicyResource[]): PolicyResource[] {
  const trails = ofType(resources, TRAIL);
  const logGroups = ofType(resources, LOG_GROUP).filter((g) =>
    trails.some((t) => dependentsOn([t], g, "cloudWatchLogsGroupArn").length > 0),
  );
  const filters = logGroups.flatMap((g) => dependentsOn(ofType(resources, FILTER), g, "logGroupName"));
  const alarms = ofType(resources, ALARM);
  const encryptedTopics = ofType(resources, TOPIC).filter((t) => isSet(() => t.props.kmsMasterKeyId));
  return filters.filter((filter) =>
    alarms.some(
      (a) =>
        a.props.metricName === filter.props.metricTransformation?.name &&
        a.props.namespace === filter.props.metricTransformation?.namespace &&
        encryptedTopics.some((t) => dependentsOn([a], t, "alarmActions").length > 0),
    ),
  );
}

/** The terms a filter pattern needs to count every S3 object write and delete. */
export const AUDIT_LOG_CHANGE_TERMS = ['$.eventSource = "s3.amazonaws.com"', "$.readOnly IS FALSE"];

export const auditRules: PciPolicy[] = [
  stackRule(
    {
      name: "pci-cloudtrail-multi-region-validated-kms",
      control:
        "A CloudTrail trail logs every region and global service events, validates its log files, is encrypted with a KMS key and also delivers to CloudWatch Logs",
      requirements: ["10.2.1", "10.2.1.2", "10.2.1.5", "10.2.1.6", "10.2.1.7"],
      judges: "CloudTrail trails",
      securityHub: ["CloudTrail.2", "CloudTrail.4"],
    },
    (resources, report) => {
      const trails = ofType(resources, TRAIL);
      if (trails.length === 0) report("the stack has no CloudTrail trail");
      eachKnown(trails, (trail) => {
        const p = trail.props;
        const missing = [
          p.isMultiRegionTrail !== true && "every region (isMultiRegionTrail)",
          p.includeGlobalServiceEvents === false && "global service events",
          p.enableLogFileValidation !== true && "log file validation",
          !p.kmsKeyId && "KMS encryption",
          p.enableLogging === false && "logging (it is stopped)",
          (!p.cloudWatchLogsGroupArn || !p.cloudWatchLogsRoleArn) && "delivery to CloudWatch Logs",
        ].filter(Boolean);
        if (missing.length > 0)
          report(`trail ${p.name ?? trail.name} lacks ${missing.join(", ")}`, trail.urn);
      });
    },
  ),
  stackRule(
    {
      name: "pci-security-alarms-to-encrypted-topic",
      control:
        "Every CIS monitoring event on the trail's log group has a metric filter and an alarm that notifies a KMS-encrypted SNS topic",
      requirements: ["10.4.1.1", "10.7.2"],
      judges: "trails, log metric filters, metric alarms, SNS topics",
    },
    (resources, report) => {
      const watching = alarmedTrailFilters(resources);
      for (const [event, term] of Object.entries(REQUIRED_SECURITY_EVENTS)) {
        if (!watching.some((f) => String(f.props.pattern).includes(term))) {
          report(`no metric filter on a trail's log group alarms on ${event} to an encrypted topic`);
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-alarms-have-actions",
      control: "Every CloudWatch alarm is enabled and notifies someone when it fires and when it clears",
      requirements: ["10.7.2"],
      judges: "CloudWatch metric alarms",
    },
    [ALARM],
    (args, report) => {
      const p = args.props;
      if (p.actionsEnabled === false) report(`alarm ${p.name ?? args.name} has its actions disabled`);
      if (asList(p.alarmActions).length === 0) report(`alarm ${p.name ?? args.name} has no alarm action`);
      if (asList(p.okActions).length === 0) report(`alarm ${p.name ?? args.name} has no OK action`);
    },
  ),
  stackRule(
    {
      name: "pci-audit-log-change-alarm",
      control:
        "A metric filter on the trail's log group counts S3 object writes and deletes in the trail's and the flow logs' buckets into an alarm that notifies a KMS-encrypted topic",
      requirements: ["10.3.4"],
      judges: "trails, flow logs, their buckets, log metric filters, metric alarms, SNS topics",
    },
    (resources, report) => {
      // A pattern a preview does not know yet (built from bucket names) cannot be judged: it counts.
      const patternOf = (f: PolicyResource) => knownStrings(() => f.props.pattern)[0];
      const changeFilters = alarmedTrailFilters(resources).filter((f) => {
        const pattern = patternOf(f);
        return pattern === undefined || AUDIT_LOG_CHANGE_TERMS.every((term) => pattern.includes(term));
      });
      if (changeFilters.length === 0) {
        report("no alarmed metric filter on a trail's log group counts S3 object writes and deletes");
        return;
      }
      // The trail names its bucket (through the bucket policy it waits for); flow logs its ARN.
      const trailBucketNames = ofType(resources, TRAIL).flatMap((t) =>
        knownStrings(() => t.props.s3BucketName),
      );
      const auditBuckets = ofType(resources, BUCKET).filter(
        (b) =>
          knownStrings(() => b.props.bucket).some((name) => trailBucketNames.includes(name)) ||
          ofType(resources, TRAIL).some((t) => dependentsOn([t], b, "s3BucketName").length > 0) ||
          ofType(resources, FLOW_LOG).some((f) => dependentsOn([f], b, "logDestination").length > 0),
      );
      eachKnown(auditBuckets, (bucket) => {
        const name = bucket.props.bucket;
        if (typeof name !== "string") return;
        const watched = changeFilters.some((f) => {
          const pattern = patternOf(f);
          return pattern === undefined || pattern.includes(`"${name}"`);
        });
        if (!watched) {
          report(`no alarmed filter watches writes and deletes in the audit-log bucket ${name}`, bucket.urn);
        }
      });
    },
  ),
];
