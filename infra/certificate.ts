import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { resourceName } from "./naming";

/**
 * Renew 45 days before expiry: the next `pulumi up` in that window issues and imports a new one,
 * before Security Hub's ACM.1 fails the certificate at 30 days (its default `daysToExpiration`).
 */
export const EARLY_RENEWAL_DAYS = 45;

export interface SelfSignedCertificateArgs {
  /** Suffix of the certificate's Name tag (`alb-cert-{suffix}`). */
  readonly environmentSuffix: string;
  /** The DNS name the certificate is issued for (subject CN and SAN). Changing it issues a new one. */
  readonly domain: string;
  /** The subject's organisation (O). */
  readonly organization: string;
  /** Days the certificate is valid; it is renewed EARLY_RENEWAL_DAYS before it expires. */
  readonly validityDays: number;
}

/**
 * A self-signed server certificate made with @pulumi/tls and imported into ACM for the ALB's
 * HTTPS listener. Replacement is create-before-delete, so the listener moves to the new ARN
 * before the old certificate is removed.
 */
export class SelfSignedCertificate extends pulumi.ComponentResource {
  /** The ACM certificate's ARN, for the HTTPS listener. */
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SelfSignedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:SelfSignedCertificate", name, {}, opts);

    // RSA 2048 is the key type ACM import and every ALB security policy accept.
    const key = new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
    const selfSigned = new tls.SelfSignedCert(
      name,
      {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: args.domain, organization: args.organization },
        dnsNames: [args.domain],
        validityPeriodHours: args.validityDays * 24,
        earlyRenewalHours: EARLY_RENEWAL_DAYS * 24,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      { parent: this },
    );
    const certificate = new aws.acm.Certificate(
      name,
      {
        privateKey: key.privateKeyPem,
        certificateBody: selfSigned.certPem,
        tags: { Name: resourceName("alb-cert", args.environmentSuffix) },
      },
      { parent: this },
    );
    this.arn = certificate.arn;
    this.registerOutputs({ arn: this.arn });
  }
}

/**
 * The expiry alarm fires when the renewal window opens, 15 days before Security Hub's ACM.1 fails
 * the certificate: a deploy then renews it (docs/runbook.md, "Renew the certificate").
 */
export const EXPIRY_ALARM_DAYS = EARLY_RENEWAL_DAYS;

export interface CertificateExpiryAlarmArgs {
  /** Suffix of the alarm name (`alb-cert-expiry-{suffix}`), which the alert topic's policy admits. */
  readonly environmentSuffix: string;
  /** The imported ACM certificate: ACM never renews an imported certificate itself. */
  readonly certificateArn: pulumi.Input<string>;
  /** The topic that reaches a person, notified on ALARM and on OK. */
  readonly topicArn: pulumi.Input<string>;
  /** Topics outside the stack notified as well (alarmTopicArn). @default none */
  readonly externalTopicArns?: readonly pulumi.Input<string>[];
}

/**
 * Alarms on ACM's daily `DaysToExpiry` metric of the certificate (namespace AWS/CertificateManager,
 * dimension CertificateArn). ACM publishes it once a day and stops once the certificate has
 * expired, so the statistic is the day's minimum and missing data is breaching (as aws-cdk-lib's
 * `Certificate.metricDaysToExpiry` documents).
 */
export class CertificateExpiryAlarm extends pulumi.ComponentResource {
  public readonly alarmArn: pulumi.Output<string>;

  constructor(name: string, args: CertificateExpiryAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:CertificateExpiryAlarm", name, {}, opts);
    const alarm = new aws.cloudwatch.MetricAlarm(
      name,
      {
        name: resourceName("alb-cert-expiry", args.environmentSuffix),
        alarmDescription: `The ALB certificate expires in ${EXPIRY_ALARM_DAYS} days or less. Runbook: docs/runbook.md#renew-the-certificate`,
        namespace: "AWS/CertificateManager",
        metricName: "DaysToExpiry",
        dimensions: { CertificateArn: args.certificateArn },
        statistic: "Minimum",
        period: 86400,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanOrEqualToThreshold",
        threshold: EXPIRY_ALARM_DAYS,
        treatMissingData: "breaching",
        actionsEnabled: true,
        alarmActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
        okActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
      },
      { parent: this },
    );
    this.alarmArn = alarm.arn;
    this.registerOutputs({ alarmArn: this.alarmArn });
  }
}
