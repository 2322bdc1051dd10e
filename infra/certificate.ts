import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { resourceName } from "./naming";

/** Renew 30 days before expiry: the next `pulumi up` in that window issues and imports a new one. */
export const EARLY_RENEWAL_DAYS = 30;

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
