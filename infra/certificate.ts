import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { PlatformConfig } from "./config";
import { resourceName } from "./naming";

/** Renew 30 days before expiry: the next `pulumi up` in that window issues and imports a new one. */
export const EARLY_RENEWAL_DAYS = 30;

export interface SelfSignedCertificateArgs {
  readonly config: PlatformConfig;
}

/**
 * A self-signed server certificate made with @pulumi/tls and imported into ACM for the ALB's
 * HTTPS listener. Replacement is create-before-delete, so the listener moves to the new ARN
 * before the old certificate is removed.
 */
export class SelfSignedCertificate extends pulumi.ComponentResource {
  public readonly certificate: aws.acm.Certificate;
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SelfSignedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:SelfSignedCertificate", name, {}, opts);
    const { certificate: cert, application, environmentSuffix } = args.config;

    // RSA 2048 is the key type ACM import and every ALB security policy accept.
    const key = new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
    const selfSigned = new tls.SelfSignedCert(
      name,
      {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: cert.domain, organization: application },
        dnsNames: [cert.domain],
        validityPeriodHours: cert.validityDays * 24,
        earlyRenewalHours: EARLY_RENEWAL_DAYS * 24,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      { parent: this },
    );
    this.certificate = new aws.acm.Certificate(
      name,
      {
        privateKey: key.privateKeyPem,
        certificateBody: selfSigned.certPem,
        tags: { Name: resourceName("alb-cert", environmentSuffix) },
      },
      { parent: this },
    );
    this.arn = this.certificate.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
