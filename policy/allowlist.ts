/**
 * Every exception the pack makes, in one place, each with its reason. A rule that honours an
 * exception reads it from here; nothing else in the pack relaxes a rule.
 */

/** IAM actions AWS documents as supporting no resource-level permissions: `Resource: "*"` is the only form. */
export const UNSCOPABLE_ACTIONS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken":
    "The ECR auth token is account-wide; the action supports no resource ARN (ECR IAM service authorization reference).",
};

/** A relationship that lets a bucket use SSE-S3 (AES-256) instead of a customer-managed KMS key. */
export interface SseS3Exception {
  /** Resource types whose `property` input, when it comes from the bucket, makes the exception apply. */
  readonly writerTypes: readonly string[];
  readonly property: string;
  readonly reason: string;
}

/**
 * Buckets written by a service that cannot use a customer-managed KMS key, keyed by that
 * relationship (never by bucket name, which any bucket could take). They must still use SSE-S3.
 */
export const SSE_S3_WRITERS: Readonly<Record<string, SseS3Exception>> = {
  "load balancer access logs": {
    writerTypes: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    property: "accessLogs",
    reason:
      "Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3 (ELB access-log documentation).",
  },
};

/**
 * TCP ports that may be open to the internet, and only into a security group attached to an
 * internet-facing load balancer.
 */
export const PUBLIC_INGRESS_PORTS: Readonly<Record<number, string>> = {
  443: "Clients reach the payment API over HTTPS on the internet-facing ALB.",
};
