import { BACKUP_FAILURE_SIGNALS, backupEventPattern } from "../infra/backupAlerts";
import { ACCOUNT_ID, mockKeyArn } from "./support/mocks";
import { LoadedProgram, loadStack, statementsOf } from "./support/program";

const TOPIC_ARN = `arn:aws:sns:us-east-2:${ACCOUNT_ID}:alerts-prod`;
const RULE_ARNS = [
  `arn:aws:events:us-east-2:${ACCOUNT_ID}:rule/backup-job-failed-prod`,
  `arn:aws:events:us-east-2:${ACCOUNT_ID}:rule/copy-job-failed-prod`,
];

/** An AWS Backup event as EventBridge delivers it (AWS Backup, "Monitoring AWS Backup events using EventBridge"). */
const event = (detailType: string, state: string) => ({
  source: "aws.backup",
  "detail-type": detailType,
  region: "us-east-2",
  detail: { state },
});

/** The subset of EventBridge pattern matching these patterns use: exact values in arrays, nested objects. */
function matches(pattern: Record<string, unknown>, value: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) =>
    Array.isArray(expected)
      ? expected.includes(value[key])
      : matches(expected as Record<string, unknown>, (value[key] ?? {}) as Record<string, unknown>),
  );
}

describe("failed backups and copies are noticed (prod)", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prod");
  });
  const rule = (name: string) =>
    program.ofType("aws:cloudwatch/eventRule:EventRule").find((r) => r.inputs.name === name)!;

  it("has one rule for failed backup jobs and one for failed copy jobs, in the stack's Region", () => {
    expect(program.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.inputs.name)).toEqual([
      "backup-job-failed-prod",
      "copy-job-failed-prod",
    ]);
    // Copy jobs run and report in the source Region: both rules use the primary provider.
    for (const r of program.ofType("aws:cloudwatch/eventRule:EventRule")) {
      expect(r.provider).toMatch(/::aws-prod::/);
    }
  });

  it.each([
    [
      "backup-job-failed-prod",
      "Backup Job State Change",
      ["FAILED", "ABORTED", "EXPIRED"],
      ["COMPLETED", "RUNNING", "CREATED"],
    ],
    ["copy-job-failed-prod", "Copy Job State Change", ["FAILED"], ["COMPLETED", "RUNNING", "CREATED"]],
  ])("%s matches %s in the failure states only", (name, detailType, failing, passing) => {
    const pattern = JSON.parse(rule(name).inputs.eventPattern);
    for (const state of failing) expect(matches(pattern, event(detailType, state))).toBe(true);
    for (const state of passing) expect(matches(pattern, event(detailType, state))).toBe(false);
    // Another detail type in a failure state (e.g. a restore) is not this rule's.
    expect(matches(pattern, event("Restore Job State Change", "FAILED"))).toBe(false);
    expect(rule(name).inputs.state).toBe("ENABLED");
  });

  it("sends each rule to the encrypted alert topic", () => {
    const targets = program.ofType("aws:cloudwatch/eventTarget:EventTarget");
    expect(targets.map((t) => [t.inputs.rule, t.inputs.arn]).sort()).toEqual([
      ["backup-job-failed-prod", TOPIC_ARN],
      ["copy-job-failed-prod", TOPIC_ARN],
    ]);
  });

  it("lets EventBridge publish to the topic for these two rules of this account only", () => {
    const policy = statementsOf(program.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    expect(policy.find((s) => s.Sid === "EventBridgeRulesOfThisStackPublish")).toEqual({
      Sid: "EventBridgeRulesOfThisStackPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["sns:Publish"],
      Resource: TOPIC_ARN,
      Condition: {
        StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
        ArnEquals: { "aws:SourceArn": RULE_ARNS },
      },
    });
    // The ARNs the policy names are the rules' own.
    const rules = program.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.inputs.name);
    expect(RULE_ARNS.map((arn) => arn.split("/")[1])).toEqual(rules);
  });

  it("lets EventBridge use the topic's key (the logs key) with no source condition, which its KMS requests do not carry", () => {
    const key = program.one("aws:kms/key:Key", "kms-logs");
    expect(program.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId).toBe(mockKeyArn("kms-logs-prod"));
    expect(
      statementsOf(key.inputs.policy).find(
        (s) => s.Sid === "EventBridgeRulesPublishToTheEncryptedAlertTopic",
      ),
    ).toEqual({
      Sid: "EventBridgeRulesPublishToTheEncryptedAlertTopic",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
  });

  it("alarms, through CloudWatch, when EventBridge fails to deliver either rule's events", () => {
    const alarm = program.one("aws:cloudwatch/metricAlarm:MetricAlarm", "undelivered").inputs;
    expect(alarm).toMatchObject({
      name: "backup-alerts-undelivered-prod",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
      okActions: [TOPIC_ARN],
    });
    const metrics = alarm.metricQueries.filter((q: { metric?: unknown }) => q.metric);
    expect(
      metrics.map((q: { metric: { dimensions: { RuleName: string } } }) => q.metric.dimensions.RuleName),
    ).toEqual(["backup-job-failed-prod", "copy-job-failed-prod"]);
    for (const q of metrics)
      expect(q.metric).toMatchObject({ namespace: "AWS/Events", metricName: "FailedInvocations" });
    const sum = alarm.metricQueries.find((q: { returnData?: boolean }) => q.returnData);
    expect(sum.expression).toBe("m1 + m2");
    // CloudWatch may publish it: the topic admits this stack's alarms by name.
    const policy = statementsOf(program.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    expect(
      policy.find((s) => s.Sid === "CloudWatchAlarmsOfThisStackPublish")?.Condition?.ArnLike["aws:SourceArn"],
    ).toBe(`arn:aws:cloudwatch:us-east-2:${ACCOUNT_ID}:alarm:*-prod`);
  });

  it("has no rule, topic grant or key grant where there are no backups", () => {
    const demo = loadStack("demo");
    expect(demo.ofType("aws:cloudwatch/eventRule:EventRule")).toEqual([]);
    const topicPolicy = statementsOf(demo.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    expect(topicPolicy.map((s) => s.Sid)).toEqual(["CloudWatchAlarmsOfThisStackPublish"]);
    const keyPolicy = statementsOf(demo.one("aws:kms/key:Key", "kms-logs").inputs.policy);
    expect(keyPolicy.map((s) => s.Sid)).not.toContain("EventBridgeRulesPublishToTheEncryptedAlertTopic");
  });

  it("describes each signal and points to its runbook section", () => {
    for (const signal of BACKUP_FAILURE_SIGNALS) {
      expect(rule(`${signal.type}-prod`).inputs.description).toMatch(
        /docs\/runbook\.md#backup-and-copy-failures$/,
      );
      expect(JSON.parse(backupEventPattern(signal)).source).toEqual(["aws.backup"]);
    }
  });
});
