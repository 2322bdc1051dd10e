import { ConfigError, parseConfig } from "../infra/config";
import { AUDIT_LOG_CHANGE_ALARM, SECURITY_EVENT_FILTERS } from "../infra/securityEvents";
import { ACCOUNT_ID, mockKeyArn } from "./support/mocks";
import { matchesFilterPattern } from "./support/filterPattern";
import { LoadedProgram, PolicyStatementJson, loadStack, stackRun, statementsOf } from "./support/program";
import { EXTERNAL_ALERT_TOPIC, ONCALL_EMAIL } from "./support/stacks";

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-2:${ACCOUNT_ID}:trail/cloudtrail-prod`;
const TOPIC_ARN = `arn:aws:sns:us-east-2:${ACCOUNT_ID}:alerts-prod`;
const LOGS_KEY = mockKeyArn("kms-logs-prod");
const ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
/** prodTuned notifies the stack's topic and the pager's topic it names in alarmTopicArn. */
const DESTINATIONS = [TOPIC_ARN, EXTERNAL_ALERT_TOPIC];

const sid = (statements: PolicyStatementJson[], id: string) => {
  const found = statements.find((s) => s.Sid === id);
  if (!found) throw new Error(`no statement ${id} in ${statements.map((s) => s.Sid).join(", ")}`);
  return found;
};

describe("audit trail and alerting (prod)", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    // prodTuned: Pulumi.prod.yaml, plus an on-call address and a pager topic (alarmTopicArn).
    program = loadStack("prodTuned");
  });
  const trail = () => program.one("aws:cloudtrail/trail:Trail");
  const alarm = (name: string) => program.ofType(ALARM_TYPE).find((a) => a.inputs.name === name)!;

  describe("the trail", () => {
    it("covers every region and IAM's global events, validates its files and uses the logs key", () => {
      expect(trail().inputs).toMatchObject({
        name: "cloudtrail-prod",
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: LOGS_KEY,
        s3BucketName: `cloudtrail-logs-prod-${ACCOUNT_ID}`,
        cloudWatchLogsGroupArn: `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/aws/cloudtrail/cloudtrail-prod:*`,
        cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/cloudtrail-logs-role-prod`,
      });
    });

    it("waits for the bucket policy that lets it write", () => {
      const policy = program.one("aws:s3/bucketPolicy:BucketPolicy", "cloudtrail");
      expect(trail().dependencies).toContain(policy.urn);
    });

    it("logs all management events and the application bucket's object reads and writes", () => {
      const [management, cardholder, auditReads] = trail().inputs.advancedEventSelectors;
      expect(management.fieldSelectors).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
      expect(cardholder.fieldSelectors).toEqual([
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWiths: [`arn:aws:s3:::app-data-prod-${ACCOUNT_ID}/`] },
      ]);
      expect(auditReads.fieldSelectors).toContainEqual({ field: "readOnly", equals: ["true"] });
      expect(auditReads.fieldSelectors).toContainEqual({
        field: "resources.ARN",
        startsWiths: [
          `arn:aws:s3:::cloudtrail-logs-prod-${ACCOUNT_ID}/`,
          `arn:aws:s3:::flow-logs-prod-${ACCOUNT_ID}/`,
          `arn:aws:s3:::alb-access-logs-prod-${ACCOUNT_ID}/`,
        ],
      });
    });

    it("delivers to a bucket kept like every audit log: KMS, Glacier at 90 days, 2557 days", () => {
      const encryption = program.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "cloudtrail",
      );
      expect(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(LOGS_KEY);
      const lifecycle = program.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "cloudtrail",
      );
      expect(lifecycle.inputs.rules[0]).toMatchObject({
        transitions: [{ days: 90, storageClass: "GLACIER" }],
        expiration: { days: 2557 },
      });
    });

    it("lets CloudTrail write only this account's prefix, for this trail, with the owner in control", () => {
      const statements = statementsOf(
        program.one("aws:s3/bucketPolicy:BucketPolicy", "cloudtrail").inputs.policy,
      );
      expect(sid(statements, "CloudTrailChecksTheBucketAcl")).toEqual({
        Sid: "CloudTrailChecksTheBucketAcl",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["s3:GetBucketAcl"],
        Resource: `arn:aws:s3:::cloudtrail-logs-prod-${ACCOUNT_ID}`,
        Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
      });
      expect(sid(statements, "CloudTrailWritesThisAccountsLogFiles")).toMatchObject({
        Action: ["s3:PutObject"],
        Resource: `arn:aws:s3:::cloudtrail-logs-prod-${ACCOUNT_ID}/AWSLogs/${ACCOUNT_ID}/*`,
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN },
        },
      });
      expect(statements.map((s) => s.Sid)).toContain("DenyRequestsWithoutTls");
    });

    it("lets CloudTrail use the logs key only for this trail", () => {
      const statements = statementsOf(program.one("aws:kms/key:Key", "kms-logs").inputs.policy);
      expect(sid(statements, "CloudTrailEncryptsThisTrailsLogFiles")).toEqual({
        Sid: "CloudTrailEncryptsThisTrailsLogFiles",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["kms:GenerateDataKey"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": TRAIL_ARN },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT_ID}:trail/*`,
          },
        },
      });
      expect(sid(statements, "CloudTrailDescribesTheKey")).toMatchObject({
        Action: ["kms:DescribeKey"],
        Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
      });
    });

    it("sends events to a 7-year KMS log group through a role that names only its streams", () => {
      const logGroup = program.one("aws:cloudwatch/logGroup:LogGroup", "cloudtrail");
      expect(logGroup.inputs).toMatchObject({
        name: "/aws/cloudtrail/cloudtrail-prod",
        retentionInDays: 2557,
        kmsKeyId: LOGS_KEY,
      });
      const policy = program.one("aws:iam/rolePolicy:RolePolicy", "cloudtrail-prod-delivery");
      expect(statementsOf(policy.inputs.policy)).toEqual([
        {
          Sid: "CloudTrailWritesItsOwnLogStreams",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/aws/cloudtrail/cloudtrail-prod:log-stream:${ACCOUNT_ID}_CloudTrail_*`,
        },
      ]);
      const role = program.one("aws:iam/role:Role", "cloudtrail-prod-delivery");
      expect(statementsOf(role.inputs.assumeRolePolicy)[0].Principal).toEqual({
        Service: "cloudtrail.amazonaws.com",
      });
    });
  });

  describe("the alert topic", () => {
    it("is encrypted with the logs key", () => {
      expect(program.one("aws:sns/topic:Topic").inputs).toMatchObject({
        name: "alerts-prod",
        kmsMasterKeyId: LOGS_KEY,
      });
    });

    it("lets only this stack's CloudWatch alarms publish", () => {
      const [publish] = statementsOf(program.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
      expect(publish).toEqual({
        Sid: "CloudWatchAlarmsOfThisStackPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["sns:Publish"],
        Resource: TOPIC_ARN,
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-2:${ACCOUNT_ID}:alarm:*-prod` },
        },
      });
    });

    it("lets those alarms use the key, and nothing more", () => {
      const statements = statementsOf(program.one("aws:kms/key:Key", "kms-logs").inputs.policy);
      expect(sid(statements, "CloudWatchAlarmsPublishToTheEncryptedAlertTopic")).toMatchObject({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-2:${ACCOUNT_ID}:alarm:*-prod` },
        },
      });
    });

    it("subscribes the configured address by email", () => {
      expect(program.one("aws:sns/topicSubscription:TopicSubscription").inputs).toMatchObject({
        topic: TOPIC_ARN,
        protocol: "email",
        endpoint: ONCALL_EMAIL,
      });
    });
  });

  describe("security alarms", () => {
    it("filter the trail's log group with the CIS patterns and the audit-log change pattern into one namespace", () => {
      const filters = program.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
      expect(
        filters
          .filter((f) => f.inputs.name !== "audit-log-changes-prod")
          .map((f) => f.inputs.pattern)
          .sort(),
      ).toEqual(SECURITY_EVENT_FILTERS.map((f) => f.pattern).sort());
      expect(filters).toHaveLength(SECURITY_EVENT_FILTERS.length + 1);
      for (const filter of filters) {
        expect(filter.inputs.logGroupName).toBe("/aws/cloudtrail/cloudtrail-prod");
        expect(filter.inputs.metricTransformation).toMatchObject({
          namespace: "PaymentsSecurity/prod",
          value: "1",
        });
      }
    });

    it.each([...SECURITY_EVENT_FILTERS, AUDIT_LOG_CHANGE_ALARM].map((f) => [f.id, f.metricName]))(
      "%s fires on one event in 5 minutes and notifies both destinations both ways",
      (id, metricName) => {
        expect(alarm(`${id}-prod`).inputs).toMatchObject({
          namespace: "PaymentsSecurity/prod",
          metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          actionsEnabled: true,
          alarmActions: DESTINATIONS,
          okActions: DESTINATIONS,
        });
      },
    );

    it("deploy patterns that a stop of the trail would trip", () => {
      const deployed = program.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
      const stop = { eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging" };
      expect(
        deployed.filter((f) => matchesFilterPattern(f.inputs.pattern, stop)).map((f) => f.inputs.name),
      ).toEqual(["cloudtrail-config-changes-prod"]);
    });
  });

  describe("service alarms", () => {
    it("watch the ALB by its ARN suffix forms", () => {
      expect(alarm("alb-unhealthy-targets-prod").inputs).toMatchObject({
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: {
          LoadBalancer: "app/alb-prod/50dc6c495c0c9188",
          TargetGroup: "targetgroup/tg/73e2d6bc24d8a067",
        },
        threshold: 1,
        treatMissingData: "breaching",
      });
      expect(alarm("alb-p99-latency-prod").inputs).toMatchObject({
        extendedStatistic: "p99",
        threshold: 2,
        treatMissingData: "notBreaching",
      });
    });

    it("compute the 5xx rate from target and ALB errors over requests", () => {
      const rate = alarm("alb-5xx-rate-prod").inputs;
      expect(rate.threshold).toBe(5);
      expect(rate.metricQueries.find((q: { id: string }) => q.id === "rate")).toMatchObject({
        expression: "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests",
        returnData: true,
      });
    });

    it("alarm when fewer tasks run than the autoscaling minimum, and when the service is gone", () => {
      expect(alarm("ecs-running-tasks-low-prod").inputs).toMatchObject({
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: { ClusterName: "ecs-cluster-prod", ServiceName: "payment-service-prod" },
        threshold: 2,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
      });
    });

    it("watch Aurora by role, not by instance", () => {
      expect(alarm("aurora-freeable-memory-low-prod").inputs).toMatchObject({
        dimensions: { DBClusterIdentifier: "aurora-cluster-prod", Role: "WRITER" },
        threshold: 1024 * 1024 * 1024,
        treatMissingData: "breaching",
      });
      expect(alarm("aurora-replica-lag-high-prod").inputs).toMatchObject({
        metricName: "AuroraReplicaLag",
        dimensions: { DBClusterIdentifier: "aurora-cluster-prod", Role: "READER" },
        threshold: 1000,
      });
      expect(alarm("aurora-cpu-high-prod").inputs.threshold).toBe(80);
      expect(alarm("aurora-connections-high-prod").inputs.threshold).toBe(800);
    });

    it("watch WAF blocks across all rules of the web ACL", () => {
      expect(alarm("waf-blocked-requests-spike-prod").inputs).toMatchObject({
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: "waf-acl-prod", Region: "us-east-2", Rule: "ALL" },
        threshold: 1000,
        treatMissingData: "notBreaching",
      });
    });

    it("give every alarm of the stack alarm and OK actions on the topic and alarmTopicArn", () => {
      const alarms = program.ofType(ALARM_TYPE);
      // The CIS alarms, the audit-log change alarm, eleven service alarms, the certificate expiry
      // alarm and the alarm on undelivered backup failure events.
      expect(alarms).toHaveLength(SECURITY_EVENT_FILTERS.length + 1 + 11 + 1 + 1);
      for (const a of alarms) {
        expect(a.inputs).toMatchObject({
          actionsEnabled: true,
          alarmActions: DESTINATIONS,
          okActions: DESTINATIONS,
        });
        expect(a.inputs.name).toMatch(/-prod$/);
      }
    });
  });

  it("shows alarm states and each tier's golden signals on one dashboard", () => {
    const dashboard = program.one("aws:cloudwatch/dashboard:Dashboard");
    expect(dashboard.inputs.dashboardName).toBe("ops-dashboard-prod");
    const widgets = JSON.parse(dashboard.inputs.dashboardBody).widgets;
    const alarmWidgets = widgets.filter((w: { type: string }) => w.type === "alarm");
    expect(alarmWidgets[0].properties.alarms).toContain(
      `arn:aws:cloudwatch:us-east-2:${ACCOUNT_ID}:alarm:root-account-usage-prod`,
    );
    const titles = widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining(["Edge: requests", "Edge: errors", "Edge: latency", "Service: CPU %"]),
    );
  });

  it("exports the topic, the trail, its bucket and the dashboard", () => {
    expect(program.outputs).toMatchObject({
      alertTopicArn: TOPIC_ARN,
      auditTrailName: "cloudtrail-prod",
      auditTrailBucketName: `cloudtrail-logs-prod-${ACCOUNT_ID}`,
      dashboardName: "ops-dashboard-prod",
    });
  });

  it("creates no account-level detector, hub or recorder unless asked", () => {
    const program = loadStack("prod");
    for (const type of [
      "aws:guardduty/detector:Detector",
      "aws:securityhub/account:Account",
      "aws:cfg/recorder:Recorder",
    ]) {
      expect(program.ofType(type)).toEqual([]);
    }
    const statements = statementsOf(program.one("aws:kms/key:Key", "kms-logs").inputs.policy);
    expect(statements.map((s) => s.Sid)).not.toContain("AwsConfigEncryptsItsDeliveries");
  });
});

describe("account detection switched on", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prodTuned");
  });

  it("runs GuardDuty with S3, RDS login and Fargate runtime protection", () => {
    const features = program.ofType("aws:guardduty/detectorFeature:DetectorFeature");
    expect(features.map((f) => f.inputs.name).sort()).toEqual([
      "RDS_LOGIN_EVENTS",
      "RUNTIME_MONITORING",
      "S3_DATA_EVENTS",
    ]);
    expect(
      features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!.inputs.additionalConfigurations,
    ).toEqual([{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }]);
    expect(program.one("aws:guardduty/detector:Detector").inputs.enable).toBe(true);
  });

  it("subscribes Security Hub to PCI DSS v4.0.1, AWS FSBP and CIS v1.2.0 (CloudWatch.1-14) only", () => {
    expect(program.one("aws:securityhub/account:Account").inputs.enableDefaultStandards).toBe(false);
    expect(
      program
        .ofType("aws:securityhub/standardsSubscription:StandardsSubscription")
        .map((s) => s.inputs.standardsArn)
        .sort(),
    ).toEqual([
      "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
      "arn:aws:securityhub:us-east-2::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:us-east-2::standards/pci-dss/v/4.0.1",
    ]);
  });

  it("records with the Config service-linked role, which the stack does not own", () => {
    expect(program.one("aws:cfg/recorder:Recorder").inputs.roleArn).toBe(
      `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    );
    expect(program.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole")).toEqual([]);
    expect(program.one("aws:cfg/recorderStatus:RecorderStatus").inputs.isEnabled).toBe(true);
    expect(program.one("aws:cfg/deliveryChannel:DeliveryChannel").inputs).toMatchObject({
      s3BucketName: `config-history-prod-${ACCOUNT_ID}`,
      s3KmsKeyArn: LOGS_KEY,
    });
    expect(program.ofType("aws:cfg/rule:Rule").map((r) => r.inputs.source.sourceIdentifier)).toContain(
      "MULTI_REGION_CLOUD_TRAIL_ENABLED",
    );
  });

  it("lets Config deliver only this account's history, and use the logs key", () => {
    const statements = statementsOf(program.one("aws:s3/bucketPolicy:BucketPolicy", "config").inputs.policy);
    expect(sid(statements, "AwsConfigDeliversThisAccountsHistory")).toMatchObject({
      Resource: `arn:aws:s3:::config-history-prod-${ACCOUNT_ID}/AWSLogs/${ACCOUNT_ID}/Config/*`,
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ACCOUNT_ID },
      },
    });
    const key = statementsOf(program.one("aws:kms/key:Key", "kms-logs").inputs.policy);
    expect(sid(key, "AwsConfigEncryptsItsDeliveries").Condition).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
    });
  });
});

describe("alerts reach a person", () => {
  const prod = { environment: "prod" };
  const problemsOf = (raw: Record<string, string>) => {
    try {
      parseConfig(raw, "prod");
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it("rejects a prod stack with no destination, naming both keys", () => {
    expect(problemsOf(prod)).toEqual([
      expect.stringMatching(/^alarmEmail: "" is empty and so is alarmTopicArn: a prod stack must name where/),
    ]);
  });

  it("rejects, in prod, an address at a domain reserved for examples, which receives no mail", () => {
    for (const email of ["payments-oncall@example.com", "a@sub.example.org", "a@corp.test", "a@x.invalid"]) {
      expect(problemsOf({ ...prod, alarmEmail: email })).toEqual([
        expect.stringMatching(/^alarmEmail: .* is at a domain reserved for examples \(RFC 2606\)/),
      ]);
    }
    // Outside prod an example address is only a demo's choice.
    expect(parseConfig({ alarmEmail: "a@example.com" }, "dev").alerting.email).toBe("a@example.com");
  });

  it("accepts an on-call address or an existing topic in the stack's Region", () => {
    expect(parseConfig({ ...prod, alarmEmail: ONCALL_EMAIL }, "prod").alerting).toMatchObject({
      email: ONCALL_EMAIL,
      topicArn: undefined,
    });
    expect(parseConfig({ ...prod, alarmTopicArn: EXTERNAL_ALERT_TOPIC }, "prod").alerting).toMatchObject({
      email: undefined,
      topicArn: EXTERNAL_ALERT_TOPIC,
    });
  });

  it.each([
    ["a topic in another Region, which alarms cannot notify", "arn:aws:sns:us-west-2:210987654321:pager"],
    ["a FIFO topic, which alarms cannot notify", "arn:aws:sns:us-east-2:210987654321:pager.fifo"],
    ["a queue", "arn:aws:sqs:us-east-2:210987654321:pager"],
  ])("rejects as alarmTopicArn %s", (_, arn) => {
    expect(problemsOf({ ...prod, alarmEmail: ONCALL_EMAIL, alarmTopicArn: arn })).toEqual([
      expect.stringMatching(
        /^alarmTopicArn: .* (is not allowed: arn:aws:sns:<aws:region>:<12-digit account>:<standard topic name>|is in us-west-2, but alarms and EventBridge rules notify topics in their own Region \(aws:region us-east-2\) only)$/,
      ),
    ]);
  });

  it("stops Pulumi.prod.yaml as committed before any resource, until someone names the on-call destination", () => {
    const run = stackRun("prodAsCommitted");
    expect(run.error?.message).toMatch(/alarmEmail: "payments-oncall@example.com" is at a domain reserved/);
    expect(run.resources).toEqual([]);
  });

  it("notifies the pager topic from every alarm and backup rule when alarmTopicArn is set", () => {
    const tuned = loadStack("prodTuned");
    for (const alarm of tuned.ofType(ALARM_TYPE)) expect(alarm.inputs.alarmActions).toEqual(DESTINATIONS);
    const targets = tuned.ofType("aws:cloudwatch/eventTarget:EventTarget").map((t) => t.inputs.arn);
    expect(targets.filter((arn) => arn === EXTERNAL_ALERT_TOPIC)).toHaveLength(2);
  });
});

describe("alerting configuration", () => {
  const problems = (raw: Record<string, string>) => {
    try {
      parseConfig(raw, "dev");
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it.each([
    [
      { alarmEmail: "not-an-address" },
      /^alarmEmail: "not-an-address" is not allowed: empty .* or one email address/,
    ],
    [{ alarmEmail: "a b@example.com" }, /^alarmEmail: /],
    [{ alarmErrorPercent: "0" }, /^alarmErrorPercent: "0" must be a whole number from 1 to 100/],
    [{ alarmLatencyMs: "2.5" }, /^alarmLatencyMs: "2.5" must be a whole number from 100 to 60000/],
    [{ alarmCpuPercent: "55" }, /^alarmCpuPercent: "55" must be above cpuTargetPercent \(60\)/],
    [{ alarmDbConnections: "20000" }, /^alarmDbConnections: "20000" must be a whole number from 10 to 16000/],
    [{ enableAccountDetection: "yes" }, /^enableAccountDetection: "yes" must be true or false/],
  ])("rejects %j naming the key", (raw, message) => {
    expect(problems(raw)).toEqual([expect.stringMatching(message)]);
  });

  it("accepts an address and leaves the subscription out when empty", () => {
    expect(parseConfig({ alarmEmail: "on-call+pci@payments.example.com" }, "dev").alerting.email).toBe(
      "on-call+pci@payments.example.com",
    );
    expect(parseConfig({}, "dev").alerting.email).toBeUndefined();
  });

  it("stops a bad threshold before any resource is registered", () => {
    const run = stackRun("invalidAlarmThreshold");
    expect(run.error).toBeInstanceOf(Error);
    expect(run.error!.message).toMatch(/alarmErrorPercent: "150"/);
    expect(run.resources).toEqual([]);
  });
});
