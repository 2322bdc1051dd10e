import * as pulumi from "@pulumi/pulumi";
import { AuditTrail } from "../infra/auditTrail";
import { DatabaseBackup, DrBackupVault } from "../infra/backup";
import { BackupFailureAlerts } from "../infra/backupAlerts";
import { SecureBucket } from "../infra/bucket";
import { SelfSignedCertificate } from "../infra/certificate";
import { OpsDashboard } from "../infra/dashboard";
import { Database } from "../infra/database";
import { DatabaseBootstrap } from "../infra/databaseBootstrap";
import { AccountDetection, GUARDDUTY_AGENT_ACCOUNTS, guardDutyAgentRepositoryArn } from "../infra/detection";
import { EvidenceArchive } from "../infra/evidenceArchive";
import { VpcFlowLogs } from "../infra/flowLogs";
import { AccountContext } from "../infra/iam";
import { EncryptionKey } from "../infra/kms";
import { PaymentsLoadBalancer } from "../infra/loadBalancer";
import { Network } from "../infra/network";
import { AlertTopic } from "../infra/notifications";
import { SecurityAlarms } from "../infra/securityAlarms";
import { SECURITY_EVENT_FILTERS } from "../infra/securityEvents";
import { SecurityGroups } from "../infra/securityGroups";
import { PaymentService } from "../infra/service";
import { ServiceAlarms } from "../infra/serviceAlarms";
import { ServiceRoles } from "../infra/serviceRoles";
import { planSubnets } from "../infra/subnetPlan";
import { WebFirewall } from "../infra/waf";
import { ACCOUNT_ID } from "./support/mocks";
import { LoadedProgram, build, statementsOf } from "./support/program";

/**
 * Each component built alone from small args, as a newcomer would reuse it: GIVEN the args,
 * WHEN the component is built under mocks, THEN one behaviour. The whole-program suites remain
 * the specification of the platform.
 */

const account: AccountContext = {
  accountId: pulumi.output(ACCOUNT_ID),
  partition: pulumi.output("aws"),
  region: "us-east-2",
};
const AZS = ["us-east-2a", "us-east-2b", "us-east-2c"];
const KEY = "arn:aws:kms:us-east-2:123456789012:key/test";

/** The public output fields of a component: what its registerOutputs must name. */
const publicFields = (component: pulumi.ComponentResource) =>
  Object.keys(component)
    .filter((key) => !key.startsWith("__") && key !== "urn")
    .sort();

/** Builds the components `make` returns and checks each registered exactly its public fields. */
async function buildComponents(
  make: () => pulumi.ComponentResource[],
): Promise<LoadedProgram & { fields: string[][]; registered: string[][] }> {
  let components: pulumi.ComponentResource[] = [];
  const run = await build(() => {
    components = make();
    return Object.fromEntries(components.map((c, i) => [`urn${i}`, c.urn]));
  });
  const registered = components.map((_, i) =>
    [...run.registeredOutputs[String(run.outputs[`urn${i}`])]].sort(),
  );
  return { ...run, fields: components.map(publicFields), registered };
}

describe("SecureBucket", () => {
  const bucket = (name: string, encryption: { sseS3: true } | { kmsKeyArn: string }) =>
    new SecureBucket(name, {
      type: "alb-access-logs",
      environmentSuffix: name,
      account,
      encryption,
      noncurrentExpireDays: 30,
    });
  let built: Awaited<ReturnType<typeof buildComponents>>;
  // Two instances side by side: one with SSE-S3, one with a KMS key.
  beforeAll(async () => {
    built = await buildComponents(() => [bucket("a", { sseS3: true }), bucket("b", { kmsKeyArn: KEY })]);
  });
  const ofBucket = (type: string, name: string) =>
    built.resources.find((r) => r.type === type && r.name === name)!;

  it("GIVEN SSE-S3 and no lifecycle ages, WHEN built, THEN it encrypts with AES-256 and never transitions or expires current objects", () => {
    const sse = ofBucket(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "a",
    );
    expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const lifecycle = ofBucket(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "a",
    ).inputs;
    expect(lifecycle.transitionDefaultMinimumObjectSize).toBeUndefined();
    expect(lifecycle.rules[0].transitions).toBeUndefined();
    expect(lifecycle.rules[0].expiration).toBeUndefined();
    expect(lifecycle.rules[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
    expect(ofBucket("aws:s3/bucket:Bucket", "a").inputs.bucket).toBe(`alb-access-logs-a-${ACCOUNT_ID}`);
    expect(built.registered).toEqual(built.fields);
  });

  it("GIVEN two instances with different names, WHEN built side by side, THEN no two resources share a URN", () => {
    const urns = built.resources.map((r) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(built.ofType("aws:s3/bucket:Bucket")).toHaveLength(2);
  });
});

describe("EncryptionKey", () => {
  it("GIVEN no service statements, WHEN built, THEN its policy holds only the account's manage and via-service use statements", async () => {
    const built = await buildComponents(() => [
      new EncryptionKey("kms-data-t", {
        purpose: "kms-data",
        description: "test",
        environmentSuffix: "t",
        account,
        viaServices: ["rds"],
      }),
    ]);
    const statements = statementsOf(built.one("aws:kms/key:Key").inputs.policy);
    expect(statements.map((s) => s.Sid)).toEqual([
      "AccountAdministratorsManageTheKey",
      "AccountPrincipalsUseTheKeyOnlyThroughTheseServices",
    ]);
    expect(statements[1].Condition?.StringEquals["kms:ViaService"]).toEqual(["rds.us-east-2.amazonaws.com"]);
    expect(built.one("aws:kms/alias:Alias").inputs.name).toBe("alias/kms-data-t");
    expect(built.registered).toEqual(built.fields);
  });
});

describe("Network", () => {
  const network = (name: string, enableInterfaceEndpoints?: boolean) =>
    new Network(name, {
      environmentSuffix: name,
      account,
      availabilityZones: AZS,
      vpcCidr: "10.1.0.0/16",
      subnets: planSubnets("10.1.0.0/16", 3, (message) => {
        throw new Error(message);
      })!,
      enableInterfaceEndpoints,
    });
  let built: Awaited<ReturnType<typeof buildComponents>>;
  // Two networks side by side: "a" without the endpoint switch, "b" with it off.
  beforeAll(async () => {
    built = await buildComponents(() => [network("a"), network("b", false)]);
  });

  it("GIVEN no endpoint switch, WHEN built, THEN the four interface endpoints come by default", () => {
    expect(built.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.name.split("-vpce-")[0])).toEqual([
      "a",
      "a",
      "a",
      "a",
    ]);
    expect(built.one("awsx:ec2:Vpc", "a").inputs.subnetSpecs[0].cidrBlocks).toEqual([
      "10.1.0.0/24",
      "10.1.1.0/24",
      "10.1.2.0/24",
    ]);
    expect(built.registered).toEqual(built.fields);
  });

  it("GIVEN two networks, WHEN built side by side, THEN every child is named from its component", () => {
    const urns = built.resources.map((r) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(built.ofType("awsx:ec2:Vpc").map((v) => v.name)).toEqual(["a", "b"]);
  });
});

describe("VpcFlowLogs", () => {
  it("GIVEN a VPC id, WHEN built, THEN it logs ALL traffic to its own bucket under that VPC's prefix", async () => {
    const built = await buildComponents(() => [
      new VpcFlowLogs("fl", {
        environmentSuffix: "t",
        account,
        vpcId: "vpc-1",
        logsKeyArn: KEY,
        retentionDays: 2557,
      }),
    ]);
    expect(built.one("aws:ec2/flowLog:FlowLog").inputs).toMatchObject({
      trafficType: "ALL",
      logDestination: `arn:aws:s3:::flow-logs-t-${ACCOUNT_ID}/vpc-1/`,
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("SecurityGroups", () => {
  it("GIVEN a container port, WHEN built, THEN the ALB reaches the service only on that port", async () => {
    const built = await buildComponents(() => [
      new SecurityGroups("sg", { environmentSuffix: "t", vpcId: "vpc-1", containerPort: 9000 }),
    ]);
    const rule = built.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "service-from-alb");
    expect(rule.inputs).toMatchObject({
      fromPort: 9000,
      toPort: 9000,
      referencedSecurityGroupId: "sg-alb-sg-id",
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("Database", () => {
  const database = (readerCount: number, instanceClass = "db.r6g.large") =>
    new Database("db", {
      environmentSuffix: "t",
      account,
      availabilityZones: AZS,
      privateSubnetIds: ["s1", "s2", "s3"],
      securityGroupId: "sg-db",
      dataKeyArn: KEY,
      logsKeyArn: KEY,
      logRetentionDays: 2557,
      instanceClass,
      readerCount,
      production: true,
    });

  it("GIVEN four readers over three AZs, WHEN built, THEN they wrap around the AZs other than the writer's", async () => {
    const built = await buildComponents(() => [database(4)]);
    const azs = built.ofType("aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.availabilityZone);
    expect(azs).toEqual(["us-east-2a", "us-east-2b", "us-east-2c", "us-east-2b", "us-east-2c"]);
    expect(built.registered).toEqual(built.fields);
  });

  it("GIVEN a production database on a burstable class, WHEN built, THEN it warns, naming the class", async () => {
    const built = await buildComponents(() => [database(2, "db.t4g.medium")]);
    expect(built.warnings).toEqual([expect.stringMatching(/^dbInstanceClass db\.t4g\.medium is burstable/)]);
  });
});

describe("SelfSignedCertificate", () => {
  it("GIVEN a domain and validity, WHEN built, THEN the certificate names the domain and lasts that long", async () => {
    const built = await buildComponents(() => [
      new SelfSignedCertificate("cert", {
        environmentSuffix: "t",
        domain: "a.example.com",
        organization: "Org",
        validityDays: 90,
      }),
    ]);
    expect(built.one("tls:index/selfSignedCert:SelfSignedCert").inputs).toMatchObject({
      dnsNames: ["a.example.com"],
      validityPeriodHours: 90 * 24,
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("PaymentsLoadBalancer", () => {
  it("GIVEN a target port and health path, WHEN built, THEN the target group checks that path on that port", async () => {
    const built = await buildComponents(() => [
      new PaymentsLoadBalancer("lb", {
        environmentSuffix: "t",
        account,
        vpcId: "vpc-1",
        publicSubnetIds: ["p1", "p2", "p3"],
        securityGroupId: "sg-alb",
        certificateArn: "arn:aws:acm:us-east-2:123456789012:certificate/c",
        targetPort: 9000,
        healthCheckPath: "/healthz",
        logRetentionDays: 2557,
      }),
    ]);
    expect(built.one("awsx:lb:ApplicationLoadBalancer").inputs.defaultTargetGroup).toMatchObject({
      port: 9000,
      healthCheck: { path: "/healthz" },
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("WebFirewall", () => {
  it("GIVEN a rate limit, WHEN built, THEN its rate rule blocks above it", async () => {
    const built = await buildComponents(() => [
      new WebFirewall("waf", {
        environmentSuffix: "t",
        account,
        loadBalancerArn: "arn:lb",
        logsKeyArn: KEY,
        logRetentionDays: 2557,
        rateLimit: 500,
      }),
    ]);
    const rules = built.one("aws:wafv2/webAcl:WebAcl").inputs.rules;
    expect(rules[rules.length - 1].statement.rateBasedStatement.limit).toBe(500);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("ServiceRoles", () => {
  it("GIVEN a database user ARN, WHEN built, THEN only the task role may connect as that user", async () => {
    const built = await buildComponents(() => [
      new ServiceRoles("roles", {
        environmentSuffix: "t",
        account,
        repositoryArn: "arn:repo",
        logGroupArn: "arn:logs",
        appBucketArn: "arn:aws:s3:::b",
        dataKeyArn: KEY,
        dbUserArn: "arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-X/app",
      }),
    ]);
    const connecting = built
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .filter((p) => statementsOf(p.inputs.policy).some((s) => s.Action.includes("rds-db:connect")));
    expect(connecting.map((p) => p.inputs.name)).toEqual(["ecs-task-policy-t"]);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("PaymentService", () => {
  it("GIVEN a task size and bounds, WHEN built, THEN the task and the autoscaling target follow them", async () => {
    const built = await buildComponents(() => [
      new PaymentService("svc", {
        environmentSuffix: "t",
        account,
        privateSubnetIds: ["s1"],
        securityGroupId: "sg-svc",
        targetGroupArn: "arn:tg",
        dataKeyArn: KEY,
        logsKeyArn: KEY,
        logRetentionDays: 2557,
        container: { image: "repo/app:1", port: 9000 },
        scaling: { cpu: 1024, memory: 2048, desiredCount: 2, minCount: 2, maxCount: 4, cpuTargetPercent: 50 },
        database: {
          endpoint: "db",
          port: 3306,
          name: "payments",
          username: "app",
          clusterResourceId: "cluster-X",
        },
      }),
    ]);
    expect(built.one("awsx:ecs:FargateService").inputs.taskDefinitionArgs).toMatchObject({
      cpu: "1024",
      memory: "2048",
    });
    expect(built.one("aws:appautoscaling/target:Target").inputs).toMatchObject({
      minCapacity: 2,
      maxCapacity: 4,
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("AuditTrail", () => {
  it("GIVEN an application bucket, WHEN built, THEN the trail logs its objects and is multi-region with validation", async () => {
    const built = await buildComponents(() => [
      new AuditTrail("trail", {
        environmentSuffix: "t",
        account,
        logsKeyArn: KEY,
        logRetentionDays: 2557,
        dataEventBucketArns: ["arn:aws:s3:::app"],
      }),
    ]);
    const trail = built.one("aws:cloudtrail/trail:Trail").inputs;
    expect(trail).toMatchObject({
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
    });
    const arns = trail.advancedEventSelectors.flatMap((s: { fieldSelectors: { startsWiths?: string[] }[] }) =>
      s.fieldSelectors.flatMap((f) => f.startsWiths ?? []),
    );
    expect(arns).toContain("arn:aws:s3:::app/");
    expect(built.registered).toEqual(built.fields);
  });
});

describe("SecurityAlarms", () => {
  it("GIVEN a log group and a topic, WHEN built, THEN it adds one filter and one alarm per CIS event", async () => {
    let component: SecurityAlarms | undefined;
    const built = await buildComponents(() => {
      component = new SecurityAlarms("security-alarms-unit", {
        environmentSuffix: "unit",
        trailLogGroupName: "/aws/cloudtrail/trail-unit",
        topicArn: "arn:aws:sns:us-east-2:123456789012:alerts-unit",
      });
      return [component];
    });
    const arns = await new Promise<string[]>((resolve) => component!.alarmArns.apply(resolve));
    expect(arns).toHaveLength(SECURITY_EVENT_FILTERS.length);
    expect(arns).toContain("arn:aws:cloudwatch:us-east-2:123456789012:alarm:vpc-changes-unit");
    const filters = built.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
    expect(filters.map((f) => f.inputs.logGroupName)).toEqual(
      SECURITY_EVENT_FILTERS.map(() => "/aws/cloudtrail/trail-unit"),
    );
    expect(new Set(filters.map((f) => f.inputs.metricTransformation.namespace))).toEqual(
      new Set(["PaymentsSecurity/unit"]),
    );
    expect(built.registered).toEqual(built.fields);
  });
});

describe("SecurityAlarms with audit-log buckets", () => {
  it("GIVEN audit-log buckets and their delivery, WHEN built, THEN one more filter and alarm watch their objects", async () => {
    let component: SecurityAlarms | undefined;
    const built = await buildComponents(() => {
      component = new SecurityAlarms("security-alarms-unit", {
        environmentSuffix: "unit",
        trailLogGroupName: "/aws/cloudtrail/trail-unit",
        topicArn: "arn:aws:sns:us-east-2:123456789012:alerts-unit",
        auditLogs: {
          bucketNames: ["trail-bucket", pulumi.output("flow-bucket")],
          delivery: { services: ["delivery.logs.amazonaws.com"], accounts: ["033677994240"] },
        },
      });
      return [component];
    });
    const arns = await new Promise<string[]>((resolve) => component!.alarmArns.apply(resolve));
    expect(arns).toHaveLength(SECURITY_EVENT_FILTERS.length + 1);
    expect(arns).toContain("arn:aws:cloudwatch:us-east-2:123456789012:alarm:audit-log-changes-unit");
    const filter = built.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "audit-log-changes");
    expect(filter.inputs.logGroupName).toBe("/aws/cloudtrail/trail-unit");
    expect(filter.inputs.pattern).toContain('($.requestParameters.bucketName = "flow-bucket")');
    expect(built.registered).toEqual(built.fields);
  });
});

describe("ServiceAlarms", () => {
  it("GIVEN a minimum task count, WHEN built, THEN a running-task alarm fires below it and treats silence as breaching", async () => {
    const built = await buildComponents(() => [
      new ServiceAlarms("alarms", {
        environmentSuffix: "t",
        region: "us-east-2",
        topicArn: "arn:aws:sns:us-east-2:123456789012:alerts-t",
        loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/alb-t/1",
        targetGroupArn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/tg-t/2",
        ecsClusterName: "ecs-cluster-t",
        ecsServiceName: "payment-service-t",
        dbClusterIdentifier: "aurora-cluster-t",
        webAclName: "waf-acl-t",
        thresholds: {
          alb5xxPercent: 5,
          albP99LatencyMs: 2000,
          minRunningTasks: 3,
          cpuPercent: 80,
          memoryPercent: 80,
          dbFreeableMemoryMiB: 1024,
          dbReplicaLagMs: 1000,
          dbConnections: 800,
          wafBlockedRequests: 1000,
        },
      }),
    ]);
    const tasks = built
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .find((a) => a.inputs.name === "ecs-running-tasks-low-t");
    expect(tasks?.inputs).toMatchObject({ threshold: 3, treatMissingData: "breaching" });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("AlertTopic", () => {
  it("GIVEN an email, WHEN built, THEN the encrypted topic gets an email subscription", async () => {
    const built = await buildComponents(() => [
      new AlertTopic("alerts", { environmentSuffix: "t", account, kmsKeyArn: KEY, email: "a@example.com" }),
    ]);
    expect(built.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId).toBe(KEY);
    expect(built.one("aws:sns/topicSubscription:TopicSubscription").inputs).toMatchObject({
      protocol: "email",
      endpoint: "a@example.com",
    });
    expect(built.registered).toEqual(built.fields);
  });
});

describe("DatabaseBootstrap", () => {
  it("GIVEN a cluster, its secret and a user, WHEN built, THEN a function outside any VPC is invoked with that cluster as a trigger", async () => {
    const cluster = `arn:aws:rds:us-east-2:${ACCOUNT_ID}:cluster:aurora-cluster-t`;
    const built = await buildComponents(() => [
      new DatabaseBootstrap("boot", {
        environmentSuffix: "t",
        account,
        clusterArn: cluster,
        clusterResourceId: "cluster-XYZ",
        secretArn: `arn:aws:secretsmanager:us-east-2:${ACCOUNT_ID}:secret:rds!cluster-x-AbC`,
        dataKeyArn: KEY,
        logsKeyArn: KEY,
        logRetentionDays: 2557,
        database: "shop",
        username: "shop_app",
        privileges: ["SELECT"],
      }),
    ]);
    const fn = built.one("aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({
      name: "db-bootstrap-t",
      role: `arn:aws:iam::${ACCOUNT_ID}:role/db-bootstrap-role-t`,
    });
    expect(fn.inputs.vpcConfig).toBeUndefined();
    expect(fn.inputs.environment.variables).toMatchObject({
      CLUSTER_ARN: cluster,
      APP_USERNAME: "shop_app",
      APP_PRIVILEGES: "SELECT",
    });
    expect(built.one("aws:lambda/invocation:Invocation").inputs.triggers.clusterResourceId).toBe(
      "cluster-XYZ",
    );
    expect(built.registered).toEqual(built.fields);
  });
});

describe("BackupFailureAlerts", () => {
  it("GIVEN two topics, WHEN built, THEN each failure rule targets both", async () => {
    const topics = [
      `arn:aws:sns:us-east-2:${ACCOUNT_ID}:alerts-t`,
      "arn:aws:sns:us-east-2:210987654321:pager",
    ];
    const built = await buildComponents(() => [
      new BackupFailureAlerts("backup-alerts", { environmentSuffix: "t", topicArns: topics }),
    ]);
    expect(built.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.inputs.name)).toEqual([
      "backup-job-failed-t",
      "copy-job-failed-t",
    ]);
    const targets = built.ofType("aws:cloudwatch/eventTarget:EventTarget");
    expect(targets.map((t) => `${t.inputs.rule} -> ${t.inputs.arn}`).sort()).toEqual([
      `backup-job-failed-t -> ${topics[0]}`,
      `backup-job-failed-t -> ${topics[1]}`,
      `copy-job-failed-t -> ${topics[0]}`,
      `copy-job-failed-t -> ${topics[1]}`,
    ]);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("OpsDashboard", () => {
  it("GIVEN alarm ARNs, WHEN built, THEN the dashboard opens with their states", async () => {
    const built = await buildComponents(() => [
      new OpsDashboard("dash", {
        environmentSuffix: "t",
        region: "us-east-2",
        loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/alb-t/1",
        targetGroupArn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/tg-t/2",
        ecsClusterName: "c",
        ecsServiceName: "s",
        dbClusterIdentifier: "d",
        webAclName: "w",
        securityAlarmArns: ["arn:security"],
        serviceAlarmArns: ["arn:service"],
      }),
    ]);
    const body = JSON.parse(built.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    const alarms = body.widgets.flatMap(
      (w: { properties: { alarms?: string[] } }) => w.properties.alarms ?? [],
    );
    expect(alarms).toEqual(expect.arrayContaining(["arn:security", "arn:service"]));
    expect(built.registered).toEqual(built.fields);
  });
});

describe("AccountDetection", () => {
  it("names GuardDuty's agent repository for every Region it lists, and refuses one it does not", () => {
    const inRegion = (region: string) => ({ ...account, region });
    for (const [region, owner] of Object.entries(GUARDDUTY_AGENT_ACCOUNTS)) {
      expect(owner).toMatch(/^\d{12}$/);
      expect(region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    }
    expect(() => guardDutyAgentRepositoryArn(inRegion("xx-nowhere-1"))).toThrow(
      /xx-nowhere-1 is not listed in GUARDDUTY_AGENT_ACCOUNTS/,
    );
  });

  it("GIVEN the switch on, WHEN built, THEN GuardDuty, Security Hub and a Config recorder exist", async () => {
    const built = await buildComponents(() => [
      new AccountDetection("detect", {
        environmentSuffix: "t",
        account,
        logsKeyArn: KEY,
        logRetentionDays: 2557,
      }),
    ]);
    expect(built.ofType("aws:guardduty/detector:Detector")).toHaveLength(1);
    expect(built.ofType("aws:securityhub/account:Account")).toHaveLength(1);
    expect(built.ofType("aws:cfg/recorder:Recorder")).toHaveLength(1);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("DatabaseBackup", () => {
  const EXTERNAL_VAULT = "arn:aws:backup:us-east-2:210987654321:backup-vault:payments-backup-account";

  it("GIVEN a vault of a backup account and 14 days, WHEN built, THEN it keeps and copies recovery points 14 days", async () => {
    let backup: DatabaseBackup | undefined;
    const built = await buildComponents(() => {
      backup = new DatabaseBackup("unit", {
        environmentSuffix: "unit",
        account,
        clusterArn: "arn:aws:rds:us-east-2:123456789012:cluster:aurora-cluster-unit",
        vaultKeyArn: KEY,
        copyTo: { vaultArn: EXTERNAL_VAULT, region: "us-east-2", accountId: "210987654321" },
        retentionDays: 14,
      });
      return [backup];
    });
    expect(
      built.resources
        .filter((r) => r.type !== "payments:backup:DatabaseBackup")
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      "aws:backup/plan:Plan",
      "aws:backup/selection:Selection",
      "aws:backup/vault:Vault",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
    ]);
    const rules = built.one("aws:backup/plan:Plan").inputs.rules;
    expect(rules.map((r: { lifecycle: unknown }) => r.lifecycle)).toEqual([
      { deleteAfter: 14 },
      { deleteAfter: 14 },
    ]);
    expect(rules[0].copyActions).toEqual([
      { destinationVaultArn: EXTERNAL_VAULT, lifecycle: { deleteAfter: 14 } },
    ]);
    const copyVaultArn = await new Promise((resolve) => backup!.copyVaultArn.apply(resolve));
    expect(copyVaultArn).toBe(EXTERNAL_VAULT);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("DrBackupVault", () => {
  it("GIVEN the DR Region, WHEN built, THEN its key names that Region's endpoints and the vault force-destroys", async () => {
    const built = await buildComponents(() => [
      new DrBackupVault("dr", { environmentSuffix: "t", account: { ...account, region: "us-west-2" } }),
    ]);
    const policy = statementsOf(built.one("aws:kms/key:Key").inputs.policy);
    expect(policy[1].Condition?.StringEquals["kms:ViaService"]).toEqual([
      "backup.us-west-2.amazonaws.com",
      "rds.us-west-2.amazonaws.com",
    ]);
    expect(built.one("aws:backup/vault:Vault").inputs.forceDestroy).toBe(true);
    expect(built.registered).toEqual(built.fields);
  });
});

describe("EvidenceArchive", () => {
  it("GIVEN one bucket and one log group, WHEN built, THEN it replicates the one and streams the other", async () => {
    const built = await buildComponents(() => [
      new EvidenceArchive("archive", {
        environmentSuffix: "t",
        account,
        destination: {
          bucketArn: "arn:aws:s3:::archive",
          kmsKeyArn: "arn:aws:kms:us-west-2:210987654321:key/k",
          accountId: "210987654321",
          region: "us-west-2",
        },
        buckets: [{ key: "flow-logs", bucketArn: "arn:aws:s3:::flow", versionedBucketName: "flow" }],
        logGroups: [{ key: "waf", name: "aws-waf-logs-t" }],
        logsKeyArn: KEY,
      }),
    ]);
    expect(built.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.bucket).toBe("flow");
    expect(built.one("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").inputs.logGroup).toBe(
      "aws-waf-logs-t",
    );
    expect(built.registered).toEqual(built.fields);
  });
});
