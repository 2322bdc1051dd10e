import { LoadedProgram, PolicyStatementJson, loadStack, statementsOf } from "./support/program";
import { ACCOUNT_ID, VPC_ID } from "./support/mocks";

const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;

describe("encryption keys", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prod");
  });
  const key = (purpose: string) => program.one("aws:kms/key:Key", purpose);
  const policy = (purpose: string) => statementsOf(key(purpose).inputs.policy);
  const statement = (purpose: string, sid: string) => {
    const found = policy(purpose).find((s) => s.Sid === sid);
    expect(found).toBeDefined();
    return found as PolicyStatementJson;
  };

  it.each([
    ["kms-data", 30],
    ["kms-logs", 7],
  ])("%s rotates yearly and, in prod, can be deleted after %i days", (purpose, days) => {
    // The data key encrypts the final snapshot: prod keeps the longest window KMS allows.
    expect(key(String(purpose)).inputs).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: days,
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    });
  });

  it("aliases each key by convention", () => {
    expect(
      program
        .ofType("aws:kms/alias:Alias")
        .map((a) => a.inputs.name)
        .sort(),
    ).toEqual(["alias/kms-data-prod", "alias/kms-dr-prod", "alias/kms-logs-prod"]);
  });

  it.each(["kms-data", "kms-logs"])(
    "%s gives account administrators management, not use, with no wildcard",
    (purpose) => {
      const admin = statement(purpose, "AccountAdministratorsManageTheKey");
      expect(admin.Principal).toEqual({ AWS: ROOT });
      expect(admin.Action).toEqual(expect.arrayContaining(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]));
      expect(admin.Action).not.toContain("kms:Decrypt");
      for (const s of policy(purpose)) {
        expect(s.Action.filter((a) => a.includes("*"))).toEqual([]);
      }
    },
  );

  it("lets account principals use the data key only through RDS, Secrets Manager, ECR, S3 and AWS Backup", () => {
    const use = statement("kms-data", "AccountPrincipalsUseTheKeyOnlyThroughTheseServices");
    expect(use.Condition).toEqual({
      StringEquals: {
        "kms:CallerAccount": ACCOUNT_ID,
        "kms:ViaService": [
          "rds.us-east-2.amazonaws.com",
          "secretsmanager.us-east-2.amazonaws.com",
          "ecr.us-east-2.amazonaws.com",
          "s3.us-east-2.amazonaws.com",
          "backup.us-east-2.amazonaws.com",
        ],
      },
    });
  });

  it("lets CloudWatch Logs use the logs key only for this account's log groups", () => {
    const logs = statement("kms-logs", "CloudWatchLogsEncryptsThisAccountsLogGroups");
    expect(logs.Principal).toEqual({ Service: "logs.us-east-2.amazonaws.com" });
    expect(logs.Condition).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:*` },
    });
  });

  it("lets log delivery encrypt flow logs only for this account", () => {
    const delivery = statement("kms-logs", "LogDeliveryEncryptsFlowLogs");
    expect(delivery.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
    expect(delivery.Condition?.StringEquals).toEqual({ "aws:SourceAccount": ACCOUNT_ID });
  });

  it("grants no service principal on the data key", () => {
    expect(
      policy("kms-data").filter(
        (s) => s.Principal !== undefined && s.Principal !== "*" && "Service" in s.Principal,
      ),
    ).toEqual([]);
  });
});

describe("security groups", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prodTuned");
  });
  // The mocks give a resource the id `{logical name}-id`.
  const sgId = (type: string) => `security-groups-prod-${type}-id`;
  const rules = (kind: "Ingress" | "Egress", sg: string) =>
    program
      .ofType(`aws:vpc/securityGroup${kind}Rule:SecurityGroup${kind}Rule`)
      .filter((r) => r.inputs.securityGroupId === sgId(sg))
      .map((r) => ({
        port: [r.inputs.fromPort, r.inputs.toPort],
        protocol: r.inputs.ipProtocol,
        peer: r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId,
      }));

  it("creates the tier groups in the VPC, named by convention", () => {
    const groups = program
      .ofType("aws:ec2/securityGroup:SecurityGroup")
      .filter((g) => g.inputs.name !== "vpce-sg-prod");
    expect(groups.map((g) => g.inputs.name).sort()).toEqual(["alb-sg-prod", "db-sg-prod", "service-sg-prod"]);
    for (const group of groups) {
      expect(group.inputs.vpcId).toBe(VPC_ID);
      expect(group.inputs.ingress).toBeUndefined();
      expect(group.inputs.egress).toBeUndefined();
    }
  });

  it("lets the internet reach the ALB on 443 only, and the ALB reach only the service port", () => {
    expect(rules("Ingress", "alb-sg")).toEqual([{ port: [443, 443], protocol: "tcp", peer: "0.0.0.0/0" }]);
    expect(rules("Egress", "alb-sg")).toEqual([
      { port: [8443, 8443], protocol: "tcp", peer: sgId("service-sg") },
    ]);
  });

  it("lets only the ALB reach the service, on the container port", () => {
    expect(rules("Ingress", "service-sg")).toEqual([
      { port: [8443, 8443], protocol: "tcp", peer: sgId("alb-sg") },
    ]);
    expect(rules("Egress", "service-sg")).toEqual(
      expect.arrayContaining([
        { port: [3306, 3306], protocol: "tcp", peer: sgId("db-sg") },
        { port: [443, 443], protocol: "tcp", peer: "0.0.0.0/0" },
      ]),
    );
    expect(rules("Egress", "service-sg")).toHaveLength(2);
  });

  it("lets only the service reach the database, on 3306, with no CIDR rule and no egress", () => {
    expect(rules("Ingress", "db-sg")).toEqual([
      { port: [3306, 3306], protocol: "tcp", peer: sgId("service-sg") },
    ]);
    expect(rules("Egress", "db-sg")).toEqual([]);
  });
});
