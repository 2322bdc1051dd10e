import { LoadedProgram, RegisteredResource, loadStack, secretValue, statementsOf } from "./support/program";
import { ACCOUNT_ID, PUBLIC_SUBNET_IDS, VPC_ID, mockKeyArn } from "./support/mocks";

describe("edge", () => {
  let program: LoadedProgram;
  let alb: RegisteredResource;
  // prodTuned: certificateDomain pay.example.org, containerPort 8443.
  beforeAll(() => {
    program = loadStack("prodTuned");
    alb = program.one("awsx:lb:ApplicationLoadBalancer");
  });

  describe("certificate", () => {
    it("is a self-signed RSA 2048 server certificate for the configured name", () => {
      expect(program.one("tls:index/privateKey:PrivateKey").inputs).toMatchObject({
        algorithm: "RSA",
        rsaBits: 2048,
      });
      expect(program.one("tls:index/selfSignedCert:SelfSignedCert").inputs).toMatchObject({
        dnsNames: ["pay.example.org"],
        subject: { commonName: "pay.example.org" },
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
        validityPeriodHours: 365 * 24,
        earlyRenewalHours: 45 * 24,
      });
    });

    it("is imported into ACM with its private key kept secret, and exported", () => {
      const cert = program.one("aws:acm/certificate:Certificate");
      expect(cert.inputs.certificateBody).toContain("BEGIN CERTIFICATE");
      expect(secretValue(cert.inputs.privateKey)).toContain("PRIVATE KEY");
      expect(program.outputs.certificateArn).toBe(
        `arn:aws:acm:us-east-2:${ACCOUNT_ID}:certificate/${cert.name}`,
      );
    });
  });

  describe("application load balancer", () => {
    it("is internet-facing in the public subnets with its own security group and no awsx default", () => {
      expect(alb.inputs).toMatchObject({
        name: "alb-prod",
        internal: false,
        subnetIds: PUBLIC_SUBNET_IDS,
        securityGroups: ["security-groups-prod-alb-sg-id"],
        defaultSecurityGroup: { skip: true },
      });
    });

    it("listens on HTTPS 443 only, with the ACM certificate and the post-quantum TLS 1.3 policy", () => {
      expect(alb.inputs.listeners).toBeUndefined();
      expect(alb.inputs.listener).toEqual({
        port: 443,
        protocol: "HTTPS",
        certificateArn: program.outputs.certificateArn,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      });
    });

    it("drops invalid header fields and has no deletion protection", () => {
      expect(alb.inputs).toMatchObject({ dropInvalidHeaderFields: true, enableDeletionProtection: false });
    });

    it("forwards to ip targets on the container port, health-checked on the configured path", () => {
      expect(alb.inputs.defaultTargetGroup).toMatchObject({
        name: "tg-prod",
        vpcId: VPC_ID,
        targetType: "ip",
        port: 8443,
        protocol: "HTTP",
        healthCheck: { enabled: true, path: "/", port: "traffic-port", protocol: "HTTP", matcher: "200-399" },
      });
    });

    it("writes access logs to its own bucket", () => {
      expect(alb.inputs.accessLogs).toEqual({
        bucket: `alb-access-logs-prod-${ACCOUNT_ID}`,
        prefix: "alb",
        enabled: true,
      });
    });

    it("exports its DNS name, the HTTPS URL, its target group and its access-log bucket", () => {
      expect(program.outputs.albDnsName).toBe("alb-prod-1234567890.us-east-2.elb.amazonaws.com");
      expect(program.outputs.serviceUrl).toBe("https://alb-prod-1234567890.us-east-2.elb.amazonaws.com");
      expect(program.outputs.targetGroupArn).toMatch(/:targetgroup\//);
      expect(program.outputs.albAccessLogBucketName).toBe(`alb-access-logs-prod-${ACCOUNT_ID}`);
    });
  });

  describe("access-log bucket", () => {
    const part = (type: string) => program.one(type, "alb-prod");

    it("uses SSE-S3, the only encryption ELB log delivery supports", () => {
      expect(
        part("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs
          .rules,
      ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    });

    it("is private, versioned and owner-enforced", () => {
      expect(
        part("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs.restrictPublicBuckets,
      ).toBe(true);
      expect(part("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status).toBe(
        "Enabled",
      );
      expect(part("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership).toBe(
        "BucketOwnerEnforced",
      );
    });

    it("lets only the us-east-2 ELB account write this account's logs, and only over TLS", () => {
      const statements = statementsOf(part("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
      const bucketArn = `arn:aws:s3:::alb-access-logs-prod-${ACCOUNT_ID}`;
      expect(statements.map((s) => s.Sid)).toEqual([
        "DenyRequestsWithoutTls",
        "ElbDeliversThisAccountsAccessLogs",
      ]);
      expect(statements[1]).toMatchObject({
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::033677994240:root" },
        Action: ["s3:PutObject"],
        Resource: `${bucketArn}/alb/AWSLogs/${ACCOUNT_ID}/*`,
      });
    });
  });

  describe("WAF", () => {
    const acl = () => program.one("aws:wafv2/webAcl:WebAcl");

    it("is a regional web ACL associated with the ALB", () => {
      expect(acl().inputs).toMatchObject({
        name: "waf-acl-prod",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
      });
      const association = program.one("aws:wafv2/webAclAssociation:WebAclAssociation");
      expect(association.inputs.resourceArn).toMatch(/:loadbalancer\/app\/alb-prod\//);
      expect(association.inputs.webAclArn).toMatch(/:regional\/webacl\/waf-acl-prod\//);
    });

    it("applies the common, known-bad-inputs and SQL injection managed rule groups", () => {
      const managed = (
        acl().inputs.rules as {
          statement: { managedRuleGroupStatement?: { vendorName: string; name: string } };
        }[]
      )
        .map((r) => r.statement.managedRuleGroupStatement)
        .filter((s) => s !== undefined);
      expect(managed).toEqual([
        { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
        { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
        { vendorName: "AWS", name: "AWSManagedRulesSQLiRuleSet" },
      ]);
    });

    it("blocks a client IP above the configured rate", () => {
      const rate = (
        acl().inputs.rules as { action?: unknown; statement: { rateBasedStatement?: unknown } }[]
      ).find((r) => r.statement.rateBasedStatement);
      expect(rate).toMatchObject({
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
      });
    });

    it("logs to a 7-year, KMS-encrypted log group named as WAF requires", () => {
      const group = program.one("aws:cloudwatch/logGroup:LogGroup", "waf-acl");
      expect(group.inputs).toMatchObject({
        name: "aws-waf-logs-prod",
        retentionInDays: 2557,
        kmsKeyId: mockKeyArn("kms-logs-prod"),
      });
      expect(
        program.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs
          .logDestinationConfigs,
      ).toEqual([`arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:aws-waf-logs-prod`]);
    });

    it("exports the web ACL's ARN and its log group", () => {
      expect(program.outputs.wafWebAclArn).toMatch(/:regional\/webacl\/waf-acl-prod\//);
      expect(program.outputs.logGroupNames).toMatchObject({ waf: "aws-waf-logs-prod" });
    });
  });
});
