import * as fs from "fs";
import * as path from "path";
import { elbLogDeliveryIdentity } from "../infra/regions";
import { FLOW_LOG_DELIVERY_SERVICE } from "../infra/flowLogs";
import { MAX_FILTER_PATTERN_LENGTH } from "../infra/securityEvents";
import { PCI_REQUIREMENTS } from "../policy/pci";
import { policies } from "../policy/policies";
import { withAwsxChildren } from "../tools/compliance/awsxChildren";
import { Violation, evaluate } from "../tools/compliance/evaluate";
import { MatrixRow, generatedDocs, generatedPart, responsibilityMatrix } from "../tools/compliance/matrix";
import { RESPONSIBILITIES } from "../tools/compliance/responsibilities";
import { FSBP_EXCEPTIONS } from "../tools/compliance/securityHubExceptions";
import { matchesFilterPattern } from "./support/filterPattern";
import { RegisteredResource } from "./support/harness";
import { ACCOUNT_ID } from "./support/mocks";
import { StackName, stackRun } from "./support/program";

const ROOT = path.resolve(__dirname, "..");
const TRAIL_BUCKET = `cloudtrail-logs-prod-${ACCOUNT_ID}`;
const FLOW_BUCKET = `flow-logs-prod-${ACCOUNT_ID}`;
const ALB_BUCKET = `alb-access-logs-prod-${ACCOUNT_ID}`;
const APP_BUCKET = `app-data-prod-${ACCOUNT_ID}`;

type Records = RegisteredResource[];

/** The stack's resources as the pack sees them, with its violations. */
async function judged(records: Records): Promise<{ records: Records; violations: Violation[] }> {
  const evaluated = withAwsxChildren(records);
  return { records: evaluated, violations: await evaluate(policies, evaluated) };
}
const resources = (stack: StackName): Records => {
  const run = stackRun(stack);
  if (run.error) throw run.error;
  return run.resources;
};
async function matrix(records: Records): Promise<MatrixRow[]> {
  const { records: evaluated, violations } = await judged(records);
  return responsibilityMatrix(policies, evaluated, violations);
}
const rowOf = (rows: MatrixRow[], requirement: string) => rows.find((r) => r.requirement === requirement)!;

describe("compliance: the responsibility matrix", () => {
  let prod: MatrixRow[];
  beforeAll(async () => (prod = await matrix(resources("prod"))));

  it("is what docs/compliance.md holds, generated for the prod stack", async () => {
    const { records, violations } = await judged(resources("prod"));
    const doc = fs.readFileSync(path.join(ROOT, "docs", "compliance.md"), "utf8");
    // When this fails, run `npm run compliance` and commit docs/compliance.md.
    expect(generatedPart(doc)).toBe(generatedDocs(policies, records, violations));
  });

  it("has a row for each of the twelve principal requirements and each requirement the pack maps", () => {
    const numbers = prod.map((r) => r.requirement);
    for (let n = 1; n <= 12; n++) expect(numbers).toContain(String(n));
    expect(numbers).toEqual(expect.arrayContaining(Object.keys(PCI_REQUIREMENTS)));
  });

  it("quotes each requirement's text from one place: the pack's catalogue, else the data file", () => {
    for (const [requirement, entry] of Object.entries(RESPONSIBILITIES)) {
      const inCatalogue = requirement in PCI_REQUIREMENTS;
      expect([requirement, !!entry.title]).toEqual([requirement, !inCatalogue]);
    }
  });

  it("gives the stack a part only where a rule passes on the prod stack or the resources exist in it", () => {
    const claimed = prod.filter((r) => r.owner === "This stack" || (r.owner === "Shared" && r.stack));
    expect(claimed.length).toBeGreaterThan(20);
    for (const row of claimed) {
      expect([row.requirement, row.status]).toEqual([row.requirement, "evidenced"]);
      if (!row.requirement.includes(".")) continue;
      const byRules = row.rules.length > 0 && row.rules.every((r) => r.passes);
      expect([row.requirement, byRules || row.resources.length > 0]).toEqual([row.requirement, true]);
    }
  });

  it("names who else meets what the stack does not: AWS or the organisation", () => {
    for (const row of prod.filter((r) => r.owner !== "This stack")) {
      expect([row.requirement, !!(row.aws || row.organisation)]).toEqual([row.requirement, true]);
    }
    expect(rowOf(prod, "9").aws).toMatch(/Physical security/);
    expect(rowOf(prod, "10.6.1").owner).toBe("AWS");
  });

  it("fails a row whose rule fails, and a row whose evidencing resource is gone", async () => {
    const withoutTrail = resources("prod").filter((r) => r.type !== "aws:cloudtrail/trail:Trail");
    const rows = await matrix(withoutTrail);
    expect(rowOf(rows, "10.2.1.3").status).toBe("FAIL");
    expect(rowOf(rows, "10.2.1.2").status).toBe("FAIL");
    expect(rowOf(rows, "10").status).toBe("FAIL");
  });
});

describe("compliance: 10.2.1.1 database access, for every user, reads included", () => {
  it("is evidenced on prod by the audit rule, and fails when the audit log leaves out reads", async () => {
    expect(rowOf(await matrix(resources("prod")), "10.2.1.1")).toMatchObject({
      owner: "Shared",
      status: "evidenced",
      rules: [{ name: "pci-rds-audit-data-access", passes: true }],
    });
    const noReads = resources("prod").map((r) =>
      r.type === "aws:rds/clusterParameterGroup:ClusterParameterGroup"
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              parameters: r.inputs.parameters.map((p: { name: string; value: string }) =>
                p.name === "server_audit_events" ? { ...p, value: "CONNECT,QUERY_DML_NO_SELECT" } : p,
              ),
            },
          }
        : r,
    );
    expect(rowOf(await matrix(noReads), "10.2.1.1").status).toBe("FAIL");
  });
});

/**
 * CloudTrail advanced event selectors as AWS evaluates them ("AdvancedFieldSelector", CloudTrail
 * API reference): an event is logged when every field selector of some selector matches it.
 */
interface FieldSelector {
  field: string;
  equals?: string[];
  notEquals?: string[];
  startsWiths?: string[];
  notStartsWiths?: string[];
}
function logged(selectors: { fieldSelectors: FieldSelector[] }[], event: Record<string, string>): boolean {
  const matches = (f: FieldSelector) => {
    const value = event[f.field];
    if (value === undefined) return false;
    return (
      (!f.equals || f.equals.includes(value)) &&
      (!f.notEquals || !f.notEquals.includes(value)) &&
      (!f.startsWiths || f.startsWiths.some((p) => value.startsWith(p))) &&
      (!f.notStartsWiths || !f.notStartsWiths.some((p) => value.startsWith(p)))
    );
  };
  return selectors.some((s) => s.fieldSelectors.every(matches));
}
const S3_READS = new Set(["GetObject", "HeadObject"]);
const objectEvent = (bucket: string, eventName: string) => ({
  eventCategory: "Data",
  "resources.type": "AWS::S3::Object",
  readOnly: String(S3_READS.has(eventName)),
  eventName,
  "resources.ARN": `arn:aws:s3:::${bucket}/AWSLogs/${ACCOUNT_ID}/file.gz`,
});

describe("compliance: 10.2.1.3 access to audit logs, recorded by the trail", () => {
  let selectors: { fieldSelectors: FieldSelector[] }[];
  beforeAll(() => {
    const trail = resources("prod").find((r) => r.type === "aws:cloudtrail/trail:Trail")!;
    selectors = trail.inputs.advancedEventSelectors;
  });

  it.each([FLOW_BUCKET, ALB_BUCKET])("records reads, writes and deletes in %s", (bucket) => {
    for (const eventName of ["GetObject", "PutObject", "CopyObject", "DeleteObject", "DeleteObjects"]) {
      expect([eventName, logged(selectors, objectEvent(bucket, eventName))]).toEqual([eventName, true]);
    }
  });

  it("records reads and every write but CloudTrail's own PutObject in the trail's bucket", () => {
    for (const eventName of ["GetObject", "DeleteObject", "DeleteObjects", "CopyObject", "PutObjectAcl"]) {
      expect([eventName, logged(selectors, objectEvent(TRAIL_BUCKET, eventName))]).toEqual([eventName, true]);
    }
    expect(logged(selectors, objectEvent(TRAIL_BUCKET, "PutObject"))).toBe(false);
  });

  it("still records the application bucket's reads and writes, and no other bucket's objects", () => {
    expect(logged(selectors, objectEvent(APP_BUCKET, "GetObject"))).toBe(true);
    expect(logged(selectors, objectEvent(APP_BUCKET, "PutObject"))).toBe(true);
    expect(logged(selectors, objectEvent(`config-history-prod-${ACCOUNT_ID}`, "DeleteObject"))).toBe(false);
  });
});

/** A CloudTrail S3 data event as the trail delivers it to CloudWatch Logs. */
const s3Event = (bucket: string, eventName: string, userIdentity: Record<string, string>) => ({
  eventVersion: "1.09",
  userIdentity,
  eventSource: "s3.amazonaws.com",
  eventName,
  readOnly: S3_READS.has(eventName),
  eventCategory: "Data",
  requestParameters: { bucketName: bucket, key: `AWSLogs/${ACCOUNT_ID}/file.gz` },
});
const PERSON = {
  type: "AssumedRole",
  arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Admin/alice`,
  accountId: ACCOUNT_ID,
};
const FLOW_LOG_DELIVERY = { type: "AWSService", invokedBy: FLOW_LOG_DELIVERY_SERVICE };
const ELB_DELIVERY = {
  type: "AWSAccount",
  principalId: "AIDAEXAMPLE",
  accountId: elbLogDeliveryIdentity("us-east-2").accounts[0],
};

describe("compliance: 10.3.4 changes to audit logs raise an alert", () => {
  let pattern: string;
  beforeAll(() => {
    const filter = resources("prod").find(
      (r) =>
        r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" && r.name.endsWith("audit-log-changes"),
    )!;
    expect(filter.inputs.logGroupName).toBe("/aws/cloudtrail/cloudtrail-prod");
    pattern = filter.inputs.pattern;
  });

  it.each([
    ["a person deletes a trail file", s3Event(TRAIL_BUCKET, "DeleteObject", PERSON)],
    ["a person deletes flow-log files in bulk", s3Event(FLOW_BUCKET, "DeleteObjects", PERSON)],
    ["a person overwrites a flow-log file", s3Event(FLOW_BUCKET, "PutObject", PERSON)],
    ["a person copies over an access-log file", s3Event(ALB_BUCKET, "CopyObject", PERSON)],
    ["the ELB account deletes an access log", s3Event(ALB_BUCKET, "DeleteObject", ELB_DELIVERY)],
    [
      "another account writes a flow-log file",
      s3Event(FLOW_BUCKET, "PutObject", { ...PERSON, accountId: "999999999999" }),
    ],
  ])("alarms when %s", (_, event) => {
    expect(matchesFilterPattern(pattern, event)).toBe(true);
  });

  it.each([
    ["log delivery writes flow logs", s3Event(FLOW_BUCKET, "PutObject", FLOW_LOG_DELIVERY)],
    ["Elastic Load Balancing writes access logs", s3Event(ALB_BUCKET, "PutObject", ELB_DELIVERY)],
    ["a person reads a trail file", s3Event(TRAIL_BUCKET, "GetObject", PERSON)],
    ["a person writes to the application bucket", s3Event(APP_BUCKET, "PutObject", PERSON)],
  ])("stays quiet when %s", (_, event) => {
    expect(matchesFilterPattern(pattern, event)).toBe(false);
  });

  it("alarms to the alert topic on one event in 5 minutes", () => {
    const alarm = resources("prod").find(
      (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.endsWith("audit-log-changes"),
    )!;
    expect(alarm.inputs).toMatchObject({
      name: "audit-log-changes-prod",
      metricName: "AuditLogObjectsChanged",
      namespace: "PaymentsSecurity/prod",
      threshold: 1,
      period: 300,
      alarmActions: [`arn:aws:sns:us-east-2:${ACCOUNT_ID}:alerts-prod`],
    });
  });

  it("fits CloudWatch's 1024-character limit with the longest suffix config accepts", () => {
    const demo = resources("demo").find(
      (r) =>
        r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" && r.name.endsWith("audit-log-changes"),
    )!;
    expect(demo.inputs.pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    expect(demo.inputs.pattern).toContain(`"cloudtrail-logs-${"p".repeat(28)}-${ACCOUNT_ID}"`);
  });

  it("is evidenced by its rule on prod; the trail's log file validation no longer claims it", async () => {
    const row = rowOf(await matrix(resources("prod")), "10.3.4");
    expect(row.rules).toEqual([{ name: "pci-audit-log-change-alarm", passes: true }]);
    expect(row).toMatchObject({ owner: "Shared", status: "evidenced" });
    expect(row.organisation).toMatch(/validate-logs/);
  });
});

describe("compliance: 10.3.3 central backup of audit logs", () => {
  it("is not claimed on the prod stack, whose evidence archive is not configured", async () => {
    expect(rowOf(await matrix(resources("prod")), "10.3.3")).toMatchObject({
      owner: "Organisation",
      status: "not claimed",
      stack: expect.stringMatching(/evidence archive is not configured \(logArchiveBucketArn/),
    });
  });

  it("is the stack's share once the archive is configured", async () => {
    expect(rowOf(await matrix(resources("prodTuned")), "10.3.3")).toMatchObject({
      owner: "Shared",
      status: "evidenced",
      rules: [{ name: "pci-archive-replicas-encrypted", passes: true }],
    });
  });

  it("is claimed by no rule that judges only the stack's own buckets", () => {
    const claiming = policies.filter((p) => (p.meta.requirements as readonly string[]).includes("10.3.3"));
    expect(claiming.map((p) => p.name)).toEqual(["pci-archive-replicas-encrypted"]);
  });
});

describe("compliance: Security Hub FSBP findings accepted by design", () => {
  it.each(FSBP_EXCEPTIONS.map((e) => [e.control, e]))(
    "%s still fails on the prod stack for the reason given",
    (_, exception) => {
      const { cause } = exception;
      const found = resources("prod").filter((r) => r.type === cause.type && r.name.includes(cause.name));
      expect(found.length).toBeGreaterThan(0);
      for (const r of found)
        expect([r.name, cause.setting, cause.holds(r.inputs)]).toEqual([r.name, cause.setting, true]);
      expect(exception.reason.length).toBeGreaterThan(20);
    },
  );

  it("excepts no control a rule of the pack enforces (the stack cannot both pass and fail it)", () => {
    const enforced = policies.flatMap((p) => p.meta.securityHub ?? []);
    expect(FSBP_EXCEPTIONS.map((e) => e.control).filter((c) => enforced.includes(c))).toEqual([]);
  });
});
