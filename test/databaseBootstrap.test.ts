import { createHash } from "crypto";
import * as vm from "vm";
import {
  BootstrapConfigurationError,
  BootstrapSettings,
  ClusterNotReadyError,
  DataApi,
  ExcessGrantsError,
  RetryPolicy,
  bootstrap,
  bootstrapStatements,
  excessGrants,
  settingsFromEnvironment,
} from "../infra/databaseBootstrapHandler";
import { ACCOUNT_ID, MOCK_CLUSTER_RESOURCE_ID, MOCK_DB_SECRET_ARN, mockKeyArn } from "./support/mocks";
import { LoadedProgram, RegisteredResource, loadStack, statementsOf } from "./support/program";

/** The component module loads the Pulumi SDK: only the tests that need it pay for that. */
const loadBootstrapModule = () =>
  require("../infra/databaseBootstrap") as typeof import("../infra/databaseBootstrap");

const CLUSTER_ARN = `arn:aws:rds:us-east-2:${ACCOUNT_ID}:cluster:aurora-cluster-prod`;
const SETTINGS: BootstrapSettings = {
  clusterArn: CLUSTER_ARN,
  secretArn: MOCK_DB_SECRET_ARN,
  database: "payments",
  username: "payments_app",
  privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"],
};

/**
 * A stand-in for the Data API in front of MySQL 8.0: it keeps users and grants, answers the
 * statements the bootstrap runs the way MySQL does, and can fail its first calls.
 */
class FakeDataApi implements DataApi {
  readonly users = new Map<string, { plugin: string; ssl: boolean; created: number }>();
  readonly grants = new Map<string, Set<string>>();
  readonly calls: string[] = [];
  constructor(private failures: { name: string; message: string }[] = []) {}

  async executeStatement(input: { resourceArn: string; secretArn: string; sql: string }) {
    this.calls.push(input.sql);
    expect(input.resourceArn).toBe(CLUSTER_ARN);
    expect(input.secretArn).toBe(MOCK_DB_SECRET_ARN);
    const failure = this.failures.shift();
    if (failure) throw Object.assign(new Error(failure.message), { name: failure.name });
    let m: RegExpExecArray | null;
    if (
      (m = /^CREATE USER IF NOT EXISTS '(\w+)'@'%' IDENTIFIED WITH (\w+) AS 'RDS' REQUIRE SSL$/.exec(
        input.sql,
      ))
    ) {
      if (!this.users.has(m[1]))
        this.users.set(m[1], { plugin: m[2], ssl: true, created: this.calls.length });
    } else if ((m = /^ALTER USER '(\w+)'@'%' IDENTIFIED WITH (\w+) AS 'RDS' REQUIRE SSL$/.exec(input.sql))) {
      const user = this.users.get(m[1]);
      if (!user) throw new Error(`ERROR 1396: Operation ALTER USER failed for '${m[1]}'@'%'`);
      Object.assign(user, { plugin: m[2], ssl: true });
    } else if ((m = /^GRANT ([A-Z, ]+) ON (`\w+`\.\*) TO '(\w+)'@'%'$/.exec(input.sql))) {
      const key = `${m[2]}|${m[3]}`;
      const held = this.grants.get(key) ?? new Set<string>();
      m[1].split(", ").forEach((p) => held.add(p));
      this.grants.set(key, held);
    } else if ((m = /^SHOW GRANTS FOR '(\w+)'@'%'$/.exec(input.sql))) {
      const user = m[1];
      const lines = [`GRANT USAGE ON *.* TO \`${user}\`@\`%\``];
      for (const [key, held] of this.grants) {
        const [target, grantee] = key.split("|");
        const order = ["SELECT", "INSERT", "UPDATE", "DELETE", "EXECUTE", "DROP"];
        const privileges = order.filter((p) => held.has(p));
        if (grantee === user) lines.push(`GRANT ${privileges.join(", ")} ON ${target} TO \`${user}\`@\`%\``);
      }
      return { records: lines.map((line) => [{ stringValue: line }]) };
    } else {
      throw new Error(`the fake does not know ${input.sql}`);
    }
    return {};
  }
}

const noWait = (): RetryPolicy & { waits: number[] } => {
  const waits: number[] = [];
  return { attempts: 5, firstDelayMs: 10_000, sleep: async (ms) => void waits.push(ms), waits };
};

describe("database bootstrap: the statements", () => {
  it("creates the user for IAM authentication over TLS, and grants row access on the app schema only", () => {
    expect(bootstrapStatements(SETTINGS)).toEqual([
      "CREATE USER IF NOT EXISTS 'payments_app'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "ALTER USER 'payments_app'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `payments`.* TO 'payments_app'@'%'",
    ]);
  });

  it("never names a password, a wildcard schema or a privilege beyond rows", () => {
    const sql = bootstrapStatements(SETTINGS).join("\n");
    expect(sql).not.toMatch(/PASSWORD|BY '|\*\.\*|ALL PRIVILEGES|GRANT OPTION|SUPER|DROP/i);
  });

  it.each([
    ["a user name that could end the quoted string", { username: "app'@'%' --" }, /username/],
    ["a schema name with a backtick", { database: "pay`ments" }, /database/],
    ["a privilege beyond rows", { privileges: ["SELECT", "DROP"] }, /privileges DROP are not among/],
    ["ALL PRIVILEGES", { privileges: ["ALL PRIVILEGES"] }, /privileges ALL PRIVILEGES are not among/],
    ["no privilege at all", { privileges: [] }, /privileges is empty/],
    ["a cluster that is not an RDS cluster ARN", { clusterArn: "aurora-cluster-prod" }, /clusterArn/],
  ])("refuses %s before any statement runs", async (_, change, message) => {
    const settings = { ...SETTINGS, ...change } as BootstrapSettings;
    expect(() => bootstrapStatements(settings)).toThrow(BootstrapConfigurationError);
    expect(() => bootstrapStatements(settings)).toThrow(message);
    const api = new FakeDataApi();
    await expect(bootstrap(settings, api, noWait())).rejects.toThrow(BootstrapConfigurationError);
    expect(api.calls).toEqual([]);
  });

  it("reads its settings from the environment the stack sets", () => {
    expect(
      settingsFromEnvironment({
        CLUSTER_ARN,
        SECRET_ARN: MOCK_DB_SECRET_ARN,
        DATABASE_NAME: "payments",
        APP_USERNAME: "payments_app",
        APP_PRIVILEGES: "SELECT,INSERT,UPDATE,DELETE",
      }),
    ).toEqual(SETTINGS);
  });
});

describe("database bootstrap: a run", () => {
  it("converges to the same user and grants however often it runs (idempotent on every up)", async () => {
    const api = new FakeDataApi();
    const first = await bootstrap(SETTINGS, api, noWait());
    const second = await bootstrap(SETTINGS, api, noWait());
    expect(second).toEqual(first);
    expect(api.users.get("payments_app")).toEqual({
      plugin: "AWSAuthenticationPlugin",
      ssl: true,
      created: 1,
    });
    expect(first.grants).toEqual([
      "GRANT USAGE ON *.* TO `payments_app`@`%`",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `payments`.* TO `payments_app`@`%`",
    ]);
  });

  it("converts a user that already existed with a password to IAM authentication and TLS", async () => {
    const api = new FakeDataApi();
    api.users.set("payments_app", { plugin: "caching_sha2_password", ssl: false, created: 0 });
    await bootstrap(SETTINGS, api, noWait());
    expect(api.users.get("payments_app")).toMatchObject({ plugin: "AWSAuthenticationPlugin", ssl: true });
  });

  it("fails, naming the extra grant, when the user holds more than it asks for", async () => {
    const api = new FakeDataApi();
    api.grants.set("`payments`.*|payments_app", new Set(["SELECT", "DROP"]));
    api.grants.set("`mysql`.*|payments_app", new Set(["SELECT"]));
    await expect(bootstrap(SETTINGS, api, noWait())).rejects.toThrow(ExcessGrantsError);
    expect(
      excessGrants(SETTINGS, [
        "GRANT USAGE ON *.* TO `payments_app`@`%`",
        "GRANT SELECT, DROP ON `payments`.* TO `payments_app`@`%`",
        "GRANT SELECT ON `mysql`.* TO `payments_app`@`%`",
        "GRANT SUPER ON *.* TO `payments_app`@`%`",
        "GRANT `rds_superuser_role`@`%` TO `payments_app`@`%`",
      ]),
    ).toEqual([
      "GRANT SELECT, DROP ON `payments`.* TO `payments_app`@`%`",
      "GRANT SELECT ON `mysql`.* TO `payments_app`@`%`",
      "GRANT SUPER ON *.* TO `payments_app`@`%`",
      "GRANT `rds_superuser_role`@`%` TO `payments_app`@`%`",
    ]);
  });
});

describe("database bootstrap: a cluster that is not ready", () => {
  const unavailable = { name: "DatabaseUnavailableException", message: "The writer is not available" };

  it("waits out a writer that is still starting, doubling the wait, then succeeds", async () => {
    const api = new FakeDataApi([unavailable, unavailable]);
    const retry = noWait();
    await expect(bootstrap(SETTINGS, api, retry)).resolves.toMatchObject({ statements: expect.any(Array) });
    expect(retry.waits).toEqual([10_000, 20_000]);
  });

  it("gives up after the last attempt with an error that names the cluster and the next step", async () => {
    const api = new FakeDataApi(Array(5).fill(unavailable));
    const retry = noWait();
    const run = bootstrap(SETTINGS, api, retry);
    await expect(run).rejects.toThrow(ClusterNotReadyError);
    await expect(bootstrap(SETTINGS, new FakeDataApi(Array(5).fill(unavailable)), noWait())).rejects.toThrow(
      /^aurora-cluster-prod is not ready for statements after 5 attempts \(DatabaseUnavailableException: .*\)\. Wait until its writer instance is `available`.*run `pulumi up` again/,
    );
    expect(retry.waits).toEqual([10_000, 20_000, 40_000, 80_000]);
  });

  it("says at once that the Data API is off, and how to check, rather than waiting", async () => {
    const off = {
      name: "BadRequestException",
      message: "HttpEndpoint is not enabled for cluster aurora-cluster-prod",
    };
    const retry = noWait();
    await expect(bootstrap(SETTINGS, new FakeDataApi([off]), retry)).rejects.toThrow(
      /^aurora-cluster-prod does not accept the RDS Data API .*HttpEndpointEnabled/,
    );
    expect(retry.waits).toEqual([]);
  });

  it("passes any other error through unchanged, without retrying (e.g. a missing permission)", async () => {
    const denied = {
      name: "AccessDeniedException",
      message: "not authorized to perform secretsmanager:GetSecretValue",
    };
    const retry = noWait();
    await expect(bootstrap(SETTINGS, new FakeDataApi([denied]), retry)).rejects.toThrow(
      /not authorized to perform secretsmanager:GetSecretValue/,
    );
    expect(retry.waits).toEqual([]);
  });
});

describe("database bootstrap in the stack (prod)", () => {
  let program: LoadedProgram;
  let fn: RegisteredResource;
  beforeAll(() => {
    program = loadStack("prod");
    fn = program.one("aws:lambda/function:Function");
  });
  const policy = () =>
    statementsOf(program.one("aws:iam/rolePolicy:RolePolicy", "db-bootstrap").inputs.policy);

  it("runs a small function outside the VPC: no network path into the private subnets", () => {
    expect(fn.inputs).toMatchObject({
      name: "db-bootstrap-prod",
      runtime: "nodejs22.x",
      handler: "index.handler",
      timeout: 300,
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/db-bootstrap-prod" },
    });
    expect(fn.inputs.vpcConfig).toBeUndefined();
    // Nothing opens a path into the VPC for it: no security group, rule or endpoint names it.
    const network = program.resources.filter((r) => r.type.startsWith("aws:ec2/"));
    expect(JSON.stringify(network.map((r) => r.inputs))).not.toMatch(/bootstrap|lambda/i);
  });

  it("configures the function with resource names only, never a credential", () => {
    expect(fn.inputs.environment.variables).toEqual({
      CLUSTER_ARN,
      SECRET_ARN: MOCK_DB_SECRET_ARN,
      DATABASE_NAME: "payments",
      APP_USERNAME: "payments_app",
      APP_PRIVILEGES: "SELECT,INSERT,UPDATE,DELETE",
    });
  });

  it("logs to its own encrypted log group, kept seven years", () => {
    expect(program.one("aws:cloudwatch/logGroup:LogGroup", "db-bootstrap").inputs).toMatchObject({
      name: "/aws/lambda/db-bootstrap-prod",
      retentionInDays: 2557,
      kmsKeyId: mockKeyArn("kms-logs-prod"),
    });
  });

  it("lets only Lambda in this account assume its role", () => {
    expect(statementsOf(program.one("aws:iam/role:Role", "db-bootstrap").inputs.assumeRolePolicy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "lambda.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
      }),
    ]);
    expect(program.one("aws:iam/role:Role", "db-bootstrap").inputs.name).toBe("db-bootstrap-role-prod");
  });

  it("grants the Data API on this cluster, the master secret, its key through Secrets Manager, and its logs: nothing else", () => {
    const logGroup = `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/aws/lambda/db-bootstrap-prod`;
    expect(policy()).toEqual([
      {
        Sid: "RunStatementsOnThisClusterThroughTheDataApi",
        Effect: "Allow",
        Action: ["rds-data:ExecuteStatement"],
        Resource: CLUSTER_ARN,
      },
      {
        Sid: "ReadTheMasterSecretWhenTheDataApiSignsIn",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: MOCK_DB_SECRET_ARN,
      },
      {
        Sid: "DecryptTheMasterSecretOnlyThroughSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: mockKeyArn("kms-data-prod"),
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
      },
      {
        Sid: "WriteItsOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [logGroup, `${logGroup}:*`],
      },
    ]);
  });

  it("lets the data key decrypt for principals of the account only through Secrets Manager, as the role asks", () => {
    const key = program.one("aws:kms/key:Key", "kms-data");
    const use = statementsOf(key.inputs.policy).find(
      (s) => s.Sid === "AccountPrincipalsUseTheKeyOnlyThroughTheseServices",
    )!;
    expect(use.Condition?.StringEquals["kms:ViaService"]).toContain("secretsmanager.us-east-2.amazonaws.com");
  });

  describe("its invocation", () => {
    let invocation: RegisteredResource;
    beforeAll(() => {
      invocation = program.one("aws:lambda/invocation:Invocation");
    });

    it("invokes the bootstrap function", () => {
      expect(invocation.inputs.functionName).toBe("db-bootstrap-prod");
    });

    it("re-runs on a new cluster, other settings or other code (its triggers), and not otherwise", async () => {
      const { bootstrapFunctionCode } = loadBootstrapModule();
      expect(invocation.inputs.triggers).toEqual({
        clusterResourceId: MOCK_CLUSTER_RESOURCE_ID,
        settings: JSON.stringify({
          DATABASE_NAME: "payments",
          APP_USERNAME: "payments_app",
          APP_PRIVILEGES: "SELECT,INSERT,UPDATE,DELETE",
        }),
        code: createHash("sha256").update(bootstrapFunctionCode()).digest("hex"),
      });
    });

    it("waits for the writer instance: the function runs only once the Data API can reach it", () => {
      const writer = program
        .ofType("aws:rds/clusterInstance:ClusterInstance")
        .find((i) => i.name.endsWith("-1"))!;
      expect(fn.propertyDependencies.environment).toContain(writer.urn);
      // And after a cluster replacement: the trigger that re-runs it waits for the new writer too.
      expect(invocation.propertyDependencies.triggers).toContain(writer.urn);
    });
  });

  it("exports the function's name, to re-run it by hand", () => {
    expect(program.outputs.dbBootstrapFunctionName).toBe("db-bootstrap-prod");
  });
});

describe("database bootstrap: the code Lambda runs", () => {
  it("is the handler module transpiled; it runs the bootstrap with the runtime's AWS SDK", async () => {
    const { bootstrapFunctionCode } = loadBootstrapModule();
    const api = new FakeDataApi();
    const sent: string[] = [];
    class ExecuteStatementCommand {
      constructor(readonly input: { resourceArn: string; secretArn: string; sql: string }) {}
    }
    class RDSDataClient {
      send(command: ExecuteStatementCommand) {
        sent.push(command.input.sql);
        return api.executeStatement(command.input);
      }
    }
    const module = { exports: {} as Record<string, unknown> };
    const sandbox = {
      module,
      exports: module.exports,
      require: (id: string) => {
        if (id !== "@aws-sdk/client-rds-data") throw new Error(`the function requires ${id}`);
        return { RDSDataClient, ExecuteStatementCommand };
      },
      process: {
        env: {
          CLUSTER_ARN,
          SECRET_ARN: MOCK_DB_SECRET_ARN,
          DATABASE_NAME: "payments",
          APP_USERNAME: "payments_app",
          APP_PRIVILEGES: "SELECT,INSERT,UPDATE,DELETE",
        },
      },
      console: { log: () => undefined },
      setTimeout,
    };
    vm.runInNewContext(bootstrapFunctionCode(), sandbox);
    const handler = module.exports.handler as (event: unknown) => Promise<{ grants: string[] }>;
    // The payload cannot change what runs: it is ignored.
    const result = await handler({ username: "root", privileges: ["ALL PRIVILEGES"] });
    expect(sent).toEqual([...bootstrapStatements(SETTINGS), "SHOW GRANTS FOR 'payments_app'@'%'"]);
    expect(result.grants).toContain(
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `payments`.* TO `payments_app`@`%`",
    );
  });
});
