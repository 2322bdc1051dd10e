import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_LOG_GLACIER_DAYS, NONCURRENT_VERSION_DAYS, SecureBucket } from "./bucket";
import { PlatformConfig } from "./config";
import { AccountContext } from "./iam";
import { resourceName } from "./naming";
import { HTTPS_PORT } from "./securityGroups";

/**
 * TLS 1.3 with TLS 1.2 restricted to forward-secret AES-GCM suites: no CBC, no TLS 1.0/1.1
 * (PCI DSS 4.2.1 strong cryptography).
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/**
 * Regions launched before August 2022 deliver ALB access logs as the regional Elastic Load
 * Balancing account, which the log bucket policy must name; this is us-east-2's.
 */
export const ELB_LOG_DELIVERY_ACCOUNT = "033677994240";

export const ACCESS_LOG_PREFIX = "alb";

export interface PaymentsLoadBalancerArgs {
  readonly config: PlatformConfig;
  readonly account: AccountContext;
  readonly provider: aws.Provider;
  readonly vpcId: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly certificateArn: pulumi.Input<string>;
}

/**
 * The internet-facing ALB: one HTTPS listener on 443 with the ACM certificate, a default target
 * group of `ip` targets on the container port, its own security group (never awsx's open one),
 * and access logs in a private bucket.
 */
export class PaymentsLoadBalancer extends pulumi.ComponentResource {
  public readonly alb: awsx.lb.ApplicationLoadBalancer;
  public readonly accessLogs: SecureBucket;
  public readonly arn: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly targetGroupArn: pulumi.Output<string>;

  constructor(name: string, args: PaymentsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:PaymentsLoadBalancer", name, {}, opts);
    const { config, account } = args;
    const suffix = config.environmentSuffix;
    const { service } = config;

    this.accessLogs = new SecureBucket(
      resourceName("alb", suffix),
      {
        type: "alb-access-logs",
        environmentSuffix: suffix,
        account,
        // ELB access-log delivery supports only SSE-S3 on the target bucket.
        encryption: { sseS3: true },
        glacierAfterDays: AUDIT_LOG_GLACIER_DAYS,
        expireAfterDays: config.logRetentionDays,
        noncurrentExpireDays: NONCURRENT_VERSION_DAYS,
        writers: (bucketArn) => [
          {
            Sid: "ElbDeliversThisAccountsAccessLogs",
            Effect: "Allow",
            Principal: {
              AWS: pulumi.interpolate`arn:${account.partition}:iam::${ELB_LOG_DELIVERY_ACCOUNT}:root`,
            },
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`,
          },
        ],
      },
      { parent: this },
    );

    this.alb = new awsx.lb.ApplicationLoadBalancer(
      resourceName("alb", suffix),
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
          // The policy's bucket output: the ALB waits until delivery is allowed.
          bucket: this.accessLogs.policy.bucket,
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
          port: service.port,
          protocol: "HTTP",
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            path: service.healthCheckPath,
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
      { parent: this, providers: [args.provider] },
    );
    this.arn = this.alb.loadBalancer.arn;
    this.dnsName = this.alb.loadBalancer.dnsName;
    this.targetGroupArn = this.alb.defaultTargetGroup.arn;
    this.registerOutputs({ dnsName: this.dnsName, targetGroupArn: this.targetGroupArn });
  }
}
