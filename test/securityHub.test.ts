import * as fs from "fs";
import * as path from "path";
import { SECURITY_HUB_STANDARDS } from "../infra/detection";
import { SECURITY_HUB_EXCEPTIONS } from "../policy/allowlist";
import { policies } from "../policy/policies";
import { SECURITY_HUB_CONTROLS, SECURITY_HUB_STANDARD } from "../policy/securityHubControls";
import { withAwsxChildren } from "../tools/compliance/awsxChildren";
import { Violation, evaluate } from "../tools/compliance/evaluate";
import { coverageMarkdown, coverageSummary, securityHubCoverage } from "../tools/compliance/securityHub";
import { withTransforms } from "../tools/compliance/transforms";
import { RegisteredResource } from "../test/support/harness";
import { stackRun } from "./support/program";

/**
 * The controls listed under "Controls that apply to PCI DSS v4.0.1" on the Security Hub User Guide
 * page "PCI DSS in Security Hub", in the page's order, as read on 2026-11-28.
 */
const STANDARD_CONTROL_IDS = [
  "ACM.1",
  "ACM.2",
  "APIGateway.9",
  "AppSync.2",
  "AutoScaling.3",
  "Autoscaling.5",
  "CloudFront.1",
  "CloudFront.10",
  "CloudFront.12",
  "CloudFront.3",
  "CloudFront.5",
  "CloudFront.6",
  "CloudFront.9",
  "CloudTrail.2",
  "CloudTrail.3",
  "CloudTrail.4",
  "CloudTrail.6",
  "CloudTrail.7",
  "CodeBuild.1",
  "CodeBuild.2",
  "CodeBuild.3",
  "DMS.1",
  "DMS.10",
  "DMS.11",
  "DMS.12",
  "DMS.6",
  "DMS.7",
  "DMS.8",
  "DMS.9",
  "DocumentDB.2",
  "DocumentDB.3",
  "DocumentDB.4",
  "DynamoDB.7",
  "EC2.13",
  "EC2.14",
  "EC2.15",
  "EC2.16",
  "EC2.170",
  "EC2.171",
  "EC2.21",
  "EC2.25",
  "EC2.51",
  "EC2.53",
  "EC2.54",
  "EC2.8",
  "ECR.1",
  "ECS.10",
  "ECS.16",
  "ECS.2",
  "ECS.8",
  "EFS.4",
  "EKS.1",
  "EKS.2",
  "EKS.3",
  "EKS.8",
  "ElastiCache.2",
  "ElastiCache.5",
  "ElastiCache.6",
  "ElasticBeanstalk.2",
  "ElasticBeanstalk.3",
  "ELB.12",
  "ELB.14",
  "ELB.3",
  "ELB.4",
  "ELB.8",
  "EMR.1",
  "EMR.2",
  "ES.2",
  "ES.3",
  "ES.5",
  "ES.8",
  "EventBridge.3",
  "GuardDuty.1",
  "GuardDuty.10",
  "GuardDuty.6",
  "GuardDuty.7",
  "GuardDuty.9",
  "IAM.3",
  "IAM.5",
  "IAM.6",
  "IAM.7",
  "IAM.8",
  "IAM.9",
  "IAM.11",
  "IAM.12",
  "IAM.14",
  "IAM.16",
  "IAM.17",
  "IAM.18",
  "IAM.19",
  "Inspector.1",
  "Inspector.2",
  "Inspector.3",
  "Inspector.4",
  "KMS.4",
  "Lambda.1",
  "Lambda.2",
  "MQ.2",
  "MQ.3",
  "MSK.1",
  "MSK.3",
  "Neptune.2",
  "Neptune.3",
  "Opensearch.10",
  "Opensearch.5",
  "RDS.13",
  "RDS.2",
  "RDS.20",
  "RDS.21",
  "RDS.22",
  "RDS.24",
  "RDS.25",
  "RDS.34",
  "RDS.35",
  "RDS.36",
  "RDS.37",
  "RDS.9",
  "Redshift.1",
  "Redshift.15",
  "Redshift.2",
  "Redshift.4",
  "Route53.2",
  "S3.1",
  "S3.15",
  "S3.17",
  "S3.19",
  "S3.22",
  "S3.23",
  "S3.24",
  "S3.5",
  "S3.8",
  "S3.9",
  "SageMaker.1",
  "SecretsManager.1",
  "SecretsManager.2",
  "SecretsManager.4",
  "SSM.2",
  "SSM.3",
  "StepFunctions.1",
  "Transfer.2",
  "WAF.1",
  "WAF.11",
];

describe("security hub PCI DSS v4.0.1", () => {
  let records: RegisteredResource[];
  let violations: Violation[];
  beforeAll(async () => {
    const run = stackRun("prod");
    if (run.error) throw run.error;
    records = withAwsxChildren(run.resources);
    violations = await evaluate(policies, records);
  });
  const ofType = (type: string) => records.filter((r) => r.type === type);
  /** Violations of one rule over records changed by `change` (a copy of each changed record). */
  const violationsWith = async (
    rule: string,
    change: (r: RegisteredResource) => RegisteredResource | undefined,
  ) =>
    evaluate(
      policies.filter((p) => p.name === rule),
      records.map(change).filter((r): r is RegisteredResource => r !== undefined),
    );

  describe("control map", () => {
    it("covers every control of the standard, 142 of them, once each", () => {
      expect(STANDARD_CONTROL_IDS).toHaveLength(142);
      expect(SECURITY_HUB_STANDARD.controlCount).toBe(142);
      expect(SECURITY_HUB_CONTROLS.map((c) => c.id)).toEqual(STANDARD_CONTROL_IDS);
      expect(new Set(STANDARD_CONTROL_IDS).size).toBe(STANDARD_CONTROL_IDS.length);
    });

    it("is the standard the stack subscribes to when account detection is on", () => {
      expect(SECURITY_HUB_STANDARDS).toContain(`standards/${SECURITY_HUB_STANDARD.standardsId}`);
    });

    it("gives each control a resource type and a reason", () => {
      for (const c of SECURITY_HUB_CONTROLS) {
        expect(c.resourceType).toMatch(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/);
        expect(c.note.length).toBeGreaterThan(10);
      }
    });

    it("names in rule metadata and exceptions only controls that apply to the stack", () => {
      const applicable = SECURITY_HUB_CONTROLS.filter((c) => c.applicability === "applies").map((c) => c.id);
      for (const p of policies) for (const id of p.meta.securityHub ?? []) expect(applicable).toContain(id);
      for (const id of Object.keys(SECURITY_HUB_EXCEPTIONS)) expect(applicable).toContain(id);
    });
  });

  it("has every applicable control enforced by a passing rule that names it, or excepted with a reason", () => {
    const coverage = securityHubCoverage(policies, violations);
    const open = coverage.applicable
      .filter((c) => c.status === "failing" || c.status === "uncovered")
      .map((c) => `${c.control.id}: ${c.status}`);
    expect(open).toEqual([]);
    for (const c of coverage.applicable.filter((x) => x.exception)) {
      expect(c.exception?.reason).toBeTruthy();
      expect(c.exception?.compensatingControl).toBeTruthy();
    }
  });

  it("reports a rule that fails as failing, and a control with neither rule nor exception as uncovered", () => {
    const failing = securityHubCoverage(policies, [
      { policy: "pci-subnets-no-auto-public-ip", requirements: [], message: "x" },
    ]);
    expect(failing.applicable.find((c) => c.control.id === "EC2.15")?.status).toBe("failing");
    const bare = securityHubCoverage(
      policies.filter((p) => !p.meta.securityHub?.includes("ECS.10")),
      [],
    );
    expect(bare.applicable.find((c) => c.control.id === "ECS.10")?.status).toBe("uncovered");
  });

  it("states its coverage in the README, as the report prints it", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).toContain(coverageSummary(securityHubCoverage(policies, violations)));
  });

  it("keeps docs/security-hub.md generated from the map", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, "../docs/security-hub.md"), "utf8");
    expect(doc).toBe(coverageMarkdown(securityHubCoverage(policies, violations)));
  });

  describe("the engine's transforms, emulated", () => {
    const record = (urn: string, parent: string, type: string, extra: Partial<RegisteredResource> = {}) =>
      ({
        urn,
        parent,
        type,
        name: urn,
        custom: true,
        inputs: { mapPublicIpOnLaunch: true },
        ...extra,
      }) as RegisteredResource;
    const component = record("c", "", "awsx:ec2:Vpc", { transforms: ["subnetsWithoutPublicIps"] });

    it("runs an ancestor's transforms on emulated children only", () => {
      const child = record("s", "c", "aws:ec2/subnet:Subnet");
      const own = record("o", "c", "aws:ec2/subnet:Subnet");
      const [, transformed, untouched] = withTransforms([component, child, own], new Set([child]));
      expect(transformed.inputs.mapPublicIpOnLaunch).toBe(false);
      expect(untouched).toBe(own);
    });

    it("refuses a transform it does not know", () => {
      const unknown = { ...component, transforms: ["somethingElse"] };
      const child = record("s", "c", "aws:ec2/subnet:Subnet");
      expect(() => withTransforms([unknown, child], new Set([child]))).toThrow(/somethingElse/);
    });
  });

  describe("day-one fixes, caught before deploy", () => {
    it("EC2.15: the VPC registers the transform the engine runs on awsx's subnets", () => {
      const [vpc] = records.filter((r) => r.type === "awsx:ec2:Vpc");
      expect(vpc.transforms).toEqual(["subnetsWithoutPublicIps"]);
    });

    it("EC2.15: public subnets assign no public IP, and a subnet that does fails", async () => {
      expect(ofType("aws:ec2/subnet:Subnet").map((s) => s.inputs.mapPublicIpOnLaunch)).toEqual(
        Array(6).fill(false),
      );
      const v = await violationsWith("pci-subnets-no-auto-public-ip", (r) =>
        r.type === "aws:ec2/subnet:Subnet" && r.inputs.tags.SubnetType === "Public"
          ? { ...r, inputs: { ...r.inputs, mapPublicIpOnLaunch: true } }
          : r,
      );
      expect(v).toHaveLength(3);
    });

    it("EC2.21: no ACL admits 22 or 3389 from anywhere; an allow-all entry or an unmanaged default ACL fails", async () => {
      const allowAll = {
        ruleNo: 100,
        action: "allow",
        protocol: "-1",
        cidrBlock: "0.0.0.0/0",
        fromPort: 0,
        toPort: 0,
      };
      const opened = await violationsWith("pci-nacl-no-admin-ports-from-world", (r) =>
        r.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
          ? { ...r, inputs: { ...r.inputs, ingress: [allowAll] } }
          : r,
      );
      expect(opened).toHaveLength(1);
      const unmanaged = await violationsWith("pci-subnets-in-tier-nacls", (r) =>
        r.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl" ? undefined : r,
      );
      expect(unmanaged.map((x) => x.message)).toEqual([
        expect.stringContaining("default network ACL is unmanaged"),
      ]);
      const ephemeralFromWorld = await violationsWith("pci-nacl-no-admin-ports-from-world", (r) =>
        r.type === "aws:ec2/networkAcl:NetworkAcl"
          ? {
              ...r,
              inputs: {
                ...r.inputs,
                ingress: [
                  {
                    ruleNo: 110,
                    action: "allow",
                    protocol: "tcp",
                    cidrBlock: "0.0.0.0/0",
                    fromPort: 1024,
                    toPort: 65535,
                  },
                ],
              },
            }
          : r,
      );
      expect(ephemeralFromWorld).toHaveLength(2);
    });

    it("EC2.16: subnets without a tier ACL fall back to the default ACL, and fail", async () => {
      const v = await violationsWith("pci-subnets-in-tier-nacls", (r) =>
        r.type === "aws:ec2/networkAcl:NetworkAcl" ? undefined : r,
      );
      expect(v.filter((x) => x.message.includes("falls back"))).toHaveLength(6);
    });

    it("ACM.1: the imported certificate's DaysToExpiry alarm notifies the alert topic above 30 days", async () => {
      const [alarm] = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter(
        (a) => a.inputs.metricName === "DaysToExpiry",
      );
      expect(alarm.inputs).toMatchObject({
        namespace: "AWS/CertificateManager",
        comparisonOperator: "LessThanOrEqualToThreshold",
        threshold: 45,
        treatMissingData: "breaching",
      });
      const [topic] = ofType("aws:sns/topic:Topic");
      expect(alarm.propertyDependencies.alarmActions).toContain(topic.urn);
      const [cert] = ofType("aws:acm/certificate:Certificate");
      expect(alarm.propertyDependencies.dimensions).toContain(cert.urn);
      const v = await violationsWith("pci-certificate-expiry-alarm", (r) => (r === alarm ? undefined : r));
      expect(v).toHaveLength(1);
    });
  });
});
