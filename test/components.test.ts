import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../infra/bucket";
import { SelfSignedCertificate } from "../infra/certificate";
import { Database } from "../infra/database";
import { VpcFlowLogs } from "../infra/flowLogs";
import { AccountContext } from "../infra/iam";
import { EncryptionKey } from "../infra/kms";
import { PaymentsLoadBalancer } from "../infra/loadBalancer";
import { Network } from "../infra/network";
import { SecurityGroups } from "../infra/securityGroups";
import { PaymentService } from "../infra/service";
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
  it("GIVEN SSE-S3 and no lifecycle ages, WHEN built, THEN it encrypts with AES-256 and never transitions or expires current objects", async () => {
    const built = await buildComponents(() => [
      new SecureBucket("logs", {
        type: "alb-access-logs",
        environmentSuffix: "t",
        account,
        encryption: { sseS3: true },
        noncurrentExpireDays: 30,
      }),
    ]);
    const sse = built.one(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const lifecycle = built.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
    expect(lifecycle.transitionDefaultMinimumObjectSize).toBeUndefined();
    expect(lifecycle.rules[0].transitions).toBeUndefined();
    expect(lifecycle.rules[0].expiration).toBeUndefined();
    expect(lifecycle.rules[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
    expect(built.one("aws:s3/bucket:Bucket").inputs.bucket).toBe(`alb-access-logs-t-${ACCOUNT_ID}`);
    expect(built.registered).toEqual(built.fields);
  });

  it("GIVEN two instances with different names, WHEN built side by side, THEN no two resources share a URN", async () => {
    const built = await buildComponents(() =>
      ["a", "b"].map(
        (name) =>
          new SecureBucket(name, {
            type: "app-data",
            environmentSuffix: name,
            account,
            encryption: { kmsKeyArn: KEY },
            noncurrentExpireDays: 30,
          }),
      ),
    );
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

  it("GIVEN no endpoint switch, WHEN built, THEN the four interface endpoints come by default", async () => {
    const built = await buildComponents(() => [network("n")]);
    expect(built.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).toHaveLength(4);
    expect(built.one("awsx:ec2:Vpc").inputs.subnetSpecs[0].cidrBlocks).toEqual([
      "10.1.0.0/24",
      "10.1.1.0/24",
      "10.1.2.0/24",
    ]);
    expect(built.registered).toEqual(built.fields);
  });

  it("GIVEN two networks, WHEN built side by side, THEN every child is named from its component", async () => {
    const built = await buildComponents(() => [network("a", false), network("b", false)]);
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
