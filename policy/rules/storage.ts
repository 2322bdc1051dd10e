import type { PolicyResource } from "@pulumi/policy";
import { SSE_S3_WRITERS } from "../allowlist";
import {
  PciPolicy,
  asList,
  dependentsOn,
  eachKnown,
  ofType,
  resourceRule,
  stackRule,
  statementsOf,
} from "../lib";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const SSE_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING_TYPES = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
];
const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];
export const FLOW_LOG_GLACIER_MAX_DAYS = 90;

/**
 * The allow-listed relationship, if any, that lets this bucket use SSE-S3: a writer (e.g. a load
 * balancer) whose `accessLogs` input comes from the bucket, directly or through one of the
 * bucket's companions (the program passes the bucket policy's `bucket` output, so that logs are
 * delivered only once the policy allows them).
 */
function sseS3Exception(resources: readonly PolicyResource[], bucket: PolicyResource): string | undefined {
  const viaBucket = [
    bucket,
    ...resources.filter((r) => (r.propertyDependencies.bucket ?? []).some((d) => d.urn === bucket.urn)),
  ];
  return Object.entries(SSE_S3_WRITERS).find(([, exception]) =>
    viaBucket.some(
      (source) =>
        dependentsOn(ofType(resources, ...exception.writerTypes), source, exception.property).length > 0,
    ),
  )?.[0];
}

/** The companion resources (encryption, versioning, ...) whose `bucket` input is this bucket. */
function companions(resources: readonly PolicyResource[], bucket: PolicyResource, types: string[]) {
  return dependentsOn(ofType(resources, ...types), bucket, "bucket");
}

function perBucket(
  resources: readonly PolicyResource[],
  check: (bucket: PolicyResource, name: string) => string | undefined,
  report: (message: string, urn?: string) => void,
) {
  eachKnown(ofType(resources, ...BUCKET_TYPES), (bucket) => {
    const problem = check(bucket, String(bucket.props.bucket ?? bucket.name));
    if (problem) report(problem, bucket.urn);
  });
}

export const storageRules: PciPolicy[] = [
  stackRule(
    {
      name: "pci-s3-encrypted",
      control:
        "Every bucket encrypts by default with a customer-managed KMS key (SSE-S3 only for a bucket a load balancer writes its access logs to)",
      requirements: ["3.5.1"],
      judges: "S3 buckets and their encryption configuration",
      securityHub: ["S3.17"],
    },
    (resources, report) =>
      perBucket(
        resources,
        (bucket, name) => {
          const rules = companions(resources, bucket, SSE_TYPES).flatMap((c) => c.props.rules ?? []);
          const byDefault = rules.map((r) => r.applyServerSideEncryptionByDefault).filter(Boolean);
          if (byDefault.length === 0) return `bucket ${name} has no default encryption`;
          const sseS3Allowed = sseS3Exception(resources, bucket) !== undefined;
          const ok = byDefault.every(
            (d) =>
              (d.sseAlgorithm === "aws:kms" && d.kmsMasterKeyId) ||
              (sseS3Allowed && d.sseAlgorithm === "AES256"),
          );
          return ok ? undefined : `bucket ${name} is not encrypted with a customer-managed KMS key`;
        },
        report,
      ),
  ),
  stackRule(
    {
      name: "pci-s3-versioned",
      control: "Every bucket keeps object versions, so logs and data cannot be silently overwritten",
      requirements: ["10.3.2"],
      judges: "S3 buckets and their versioning configuration",
    },
    (resources, report) =>
      perBucket(
        resources,
        (bucket, name) =>
          companions(resources, bucket, VERSIONING_TYPES).some(
            (v) => v.props.versioningConfiguration?.status === "Enabled",
          )
            ? undefined
            : `bucket ${name} is not versioned`,
        report,
      ),
  ),
  stackRule(
    {
      name: "pci-s3-private",
      control: "Every bucket blocks all public access and enforces bucket-owner object ownership (ACLs off)",
      requirements: ["1.4.4", "7.2.1"],
      judges: "S3 buckets, public access blocks, ownership controls",
      securityHub: ["S3.8", "CloudTrail.6"],
    },
    (resources, report) =>
      perBucket(
        resources,
        (bucket, name) => {
          const blocks = companions(resources, bucket, [
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          ]);
          const allBlocked = blocks.some(
            (b) =>
              b.props.blockPublicAcls &&
              b.props.blockPublicPolicy &&
              b.props.ignorePublicAcls &&
              b.props.restrictPublicBuckets,
          );
          if (!allBlocked) return `bucket ${name} does not block all public access`;
          const ownership = companions(resources, bucket, [
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          ]);
          return ownership.some((o) => o.props.rule?.objectOwnership === "BucketOwnerEnforced")
            ? undefined
            : `bucket ${name} does not enforce bucket-owner ownership (ACLs stay on)`;
        },
        report,
      ),
  ),
  stackRule(
    {
      name: "pci-s3-tls-only",
      control: "Every bucket policy denies any request made without TLS",
      requirements: ["4.2.1"],
      judges: "S3 buckets and their bucket policies",
      securityHub: ["S3.5"],
    },
    (resources, report) =>
      perBucket(
        resources,
        (bucket, name) => {
          const policies = companions(resources, bucket, ["aws:s3/bucketPolicy:BucketPolicy"]);
          const deniesPlainHttp = policies
            .flatMap((p) => statementsOf(p.props.policy))
            .some(
              (s) =>
                s.Effect === "Deny" &&
                asList(s.Action).includes("s3:*") &&
                (s as { Condition?: { Bool?: Record<string, string> } }).Condition?.Bool?.[
                  "aws:SecureTransport"
                ] === "false",
            );
          return deniesPlainHttp ? undefined : `bucket ${name} accepts requests without TLS`;
        },
        report,
      ),
  ),
  stackRule(
    {
      name: "pci-flow-log-bucket-glacier-90",
      control: `Flow-log buckets move objects to Glacier within ${FLOW_LOG_GLACIER_MAX_DAYS} days`,
      requirements: ["10.5.1"],
      judges: "VPC flow logs, their destination bucket and its lifecycle",
    },
    (resources, report) => {
      const flowLogs = ofType(resources, "aws:ec2/flowLog:FlowLog").filter(
        (f) => f.props.logDestinationType === "s3",
      );
      for (const flowLog of flowLogs) {
        const buckets = (flowLog.propertyDependencies.logDestination ?? []).filter((d) =>
          BUCKET_TYPES.includes(d.type),
        );
        if (buckets.length === 0) {
          report("flow log writes to a bucket this stack does not manage", flowLog.urn);
        }
        for (const bucket of buckets) {
          const rules = companions(resources, bucket, LIFECYCLE_TYPES).flatMap((l) => l.props.rules ?? []);
          const toGlacier = rules.some(
            (r) =>
              r.status === "Enabled" &&
              (r.transitions ?? []).some(
                (t: { days?: number; storageClass?: string }) =>
                  t.storageClass === "GLACIER" && (t.days ?? Infinity) <= FLOW_LOG_GLACIER_MAX_DAYS,
              ),
          );
          if (!toGlacier) {
            report(
              `flow-log bucket ${bucket.props.bucket} does not move objects to Glacier within 90 days`,
              bucket.urn,
            );
          }
        }
      }
    },
  ),
  resourceRule(
    {
      name: "pci-kms-rotation",
      control: "Customer-managed keys rotate automatically and are deleted after a 7-30 day window",
      requirements: ["3.6.1", "3.7.4"],
      judges: "KMS keys",
      securityHub: ["KMS.4"],
    },
    ["aws:kms/key:Key"],
    (args, report) => {
      if (args.props.enableKeyRotation !== true) report(`key ${args.name} does not rotate`);
      const window = args.props.deletionWindowInDays;
      if (window !== undefined && (window < 7 || window > 30)) {
        report(`key ${args.name} has a deletion window of ${window} days (7-30 allowed)`);
      }
    },
  ),
];
