import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, auditLogLifecycle } from "./bucket";
import { AccountContext } from "./iam";
import { resourceName } from "./naming";
import { awsxChildOptions } from "./provider";
import { elbLogDeliveryPrincipal } from "./regions";
import { HTTPS_PORT } from "./securityGroups";

/**
 * TLS 1.3 with TLS 1.2 restricted to forward-secret AES-GCM suites: no CBC, no TLS 1.0/1.1
 * (PCI DSS 4.2.1 strong cryptography), plus the post-quantum hybrid key exchange (ML-KEM) that
 * AWS recommends for new HTTPS listeners (ELB User Guide, "Security policies for your
 * Application Load Balancer").
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

export const ACCESS_LOG_PREFIX = "alb";

export interface PaymentsLoadBalancerArgs {
  /** Suffix of the physical names (`alb-{suffix}`, `tg-{suffix}`, the access-log bucket). */
  readonly environmentSuffix: string;
  /** The account whose ELB access logs the log bucket accepts, and whose id names the bucket. */
  readonly account: AccountContext;
  /** The VPC of the target group. Changing it replaces the target group. */
  readonly vpcId: pulumi.Input<string>;
  /** The public subnets, one per AZ. */
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The ALB's own security group (never awsx's default, which is open on every port). */
  readonly securityGroupId: pulumi.Input<string>;
  /** The ACM certificate of the HTTPS listener. */
  readonly certificateArn: pulumi.Input<string>;
  /** The port the targets (the service's containers) listen on. Changing it replaces the target group. */
  readonly targetPort: number;
  /** The path the health check requests; it must answer 200-399. */
  readonly healthCheckPath: string;
  /** Days access logs are kept before they expire. */
  readonly logRetentionDays: number;
}

/**
 * The internet-facing ALB: one HTTPS listener on 443 with the ACM certificate, a default target
 * group of `ip` targets on the container port, its own security group (never awsx's open one),
 * and access logs in a private bucket.
 */
export class PaymentsLoadBalancer extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;
  /** `app/{name}/{id}`: the `LoadBalancer` dimension of its CloudWatch metrics. */
  public readonly arnSuffix: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly targetGroupArn: pulumi.Output<string>;
  /** The bucket ELB delivers access logs to. */
  public readonly accessLogBucketName: pulumi.Output<string>;
  public readonly accessLogBucketArn: pulumi.Output<string>;
  /** The access-log bucket's name once versioning is on: what S3 replication must wait for. */
  public readonly accessLogBucketVersionedName: pulumi.Output<string>;

  constructor(name: string, args: PaymentsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:PaymentsLoadBalancer", name, {}, opts);
    const { account } = args;
    const suffix = args.environmentSuffix;

    const accessLogs = new SecureBucket(
      `${name}-access-logs`,
      {
        type: "alb-access-logs",
        environmentSuffix: suffix,
        account,
        // ELB access-log delivery supports only SSE-S3 on the target bucket.
        encryption: { sseS3: true },
        ...auditLogLifecycle(args.logRetentionDays),
        writers: (bucketArn) => [
          {
            Sid: "ElbDeliversThisAccountsAccessLogs",
            Effect: "Allow",
            // The Region's ELB account, or the log-delivery service principal in newer Regions.
            Principal: account.partition.apply((partition) =>
              elbLogDeliveryPrincipal(partition, account.region),
            ),
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`,
          },
        ],
      },
      { parent: this },
    );

    const alb = new awsx.lb.ApplicationLoadBalancer(
      name,
      {
        name: resourceName("alb", suffix),
        internal: false,
        subnetIds: args.publicSubnetIds,
        securityGroups: [args.securityGroupId],
        // Explicit: never create awsx's default security group (open on every port).
        defaultSecurityGroup: { skip: true },
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableDeletionProtection: false,
        idleTimeout: 60,
        accessLogs: {
          // Resolved once the bucket policy exists: the ALB waits until delivery is allowed.
          bucket: accessLogs.readyName,
          prefix: ACCESS_LOG_PREFIX,
          enabled: true,
        },
        listener: {
          port: HTTPS_PORT,
          protocol: "HTTPS",
          certificateArn: args.certificateArn,
          sslPolicy: TLS_POLICY,
        },
        defaultTargetGroup: {
          name: resourceName("tg", suffix),
          vpcId: args.vpcId,
          targetType: "ip",
          port: args.targetPort,
          protocol: "HTTP",
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            path: args.healthCheckPath,
            port: "traffic-port",
            protocol: "HTTP",
            matcher: "200-399",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
        },
      },
      awsxChildOptions(this),
    );
    this.arn = alb.loadBalancer.arn;
    this.arnSuffix = alb.loadBalancer.arnSuffix;
    this.dnsName = alb.loadBalancer.dnsName;
    this.targetGroupArn = alb.defaultTargetGroup.arn;
    this.accessLogBucketName = accessLogs.name;
    this.accessLogBucketArn = accessLogs.arn;
    this.accessLogBucketVersionedName = accessLogs.versionedName;
    this.registerOutputs({
      accessLogBucketArn: this.accessLogBucketArn,
      accessLogBucketVersionedName: this.accessLogBucketVersionedName,
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      dnsName: this.dnsName,
      targetGroupArn: this.targetGroupArn,
      accessLogBucketName: this.accessLogBucketName,
    });
  }
}
