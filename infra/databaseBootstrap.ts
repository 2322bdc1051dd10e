import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { AccountContext, PolicyStatement, roleWithPolicy } from "./iam";
import { auditLogGroup } from "./logGroups";
import { resourceName } from "./naming";

/** A runtime AWS supports until 2027 (Lambda "Supported runtimes"); it ships the AWS SDK v3 the function uses. */
export const BOOTSTRAP_RUNTIME = "nodejs22.x";
/** The function waits out a writer that is not ready for about 2.5 minutes (infra/databaseBootstrapHandler.ts). */
export const BOOTSTRAP_TIMEOUT_SECONDS = 300;
const HANDLER_SOURCE = path.join(__dirname, "databaseBootstrapHandler.ts");

/** The function's code: the handler module transpiled to CommonJS, as Lambda runs it. */
export function bootstrapFunctionCode(): string {
  const source = fs.readFileSync(HANDLER_SOURCE, "utf8");
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

export interface DatabaseBootstrapScope {
  readonly account: AccountContext;
  readonly clusterArn: pulumi.Input<string>;
  readonly secretArn: pulumi.Input<string>;
  /** The data key, which encrypts the master secret. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** The function's own log group. */
  readonly logGroupArn: pulumi.Input<string>;
}

/**
 * Everything the function may do: run statements on this cluster through the Data API, which
 * reads the master secret with the caller's permissions (Aurora User Guide, "Authorizing access to
 * the RDS Data API"), decrypt that secret only through Secrets Manager, and write its own logs.
 */
export function databaseBootstrapStatements(scope: DatabaseBootstrapScope): PolicyStatement[] {
  return [
    {
      Sid: "RunStatementsOnThisClusterThroughTheDataApi",
      Effect: "Allow",
      Action: ["rds-data:ExecuteStatement"],
      Resource: scope.clusterArn,
    },
    {
      Sid: "ReadTheMasterSecretWhenTheDataApiSignsIn",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: scope.secretArn,
    },
    {
      Sid: "DecryptTheMasterSecretOnlyThroughSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: scope.dataKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `secretsmanager.${scope.account.region}.amazonaws.com` },
      },
    },
    {
      Sid: "WriteItsOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [scope.logGroupArn, pulumi.interpolate`${scope.logGroupArn}:*`],
    },
  ];
}

export interface DatabaseBootstrapArgs {
  /** Suffix of the function, role and policy names (`db-bootstrap-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The account the role trusts Lambda in and the Region of `kms:ViaService`. */
  readonly account: AccountContext;
  /**
   * The Aurora cluster, with `enableHttpEndpoint` on; pass an ARN that resolves once the writer
   * instance exists (`Database.writerReadyClusterArn`), so the function runs only when it can work.
   */
  readonly clusterArn: pulumi.Input<string>;
  /**
   * The cluster's resource id: it changes when the cluster is replaced, and so re-runs the
   * bootstrap on the new cluster.
   */
  readonly clusterResourceId: pulumi.Input<string>;
  /** The RDS-managed master user secret; read by the Data API at each call, so rotation needs nothing. */
  readonly secretArn: pulumi.Input<string>;
  /** The data key, which encrypts the master secret. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** The customer-managed logs key for the function's log group. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days the function's log group is kept (seven years or more). */
  readonly logRetentionDays: number;
  /** The application's schema. */
  readonly database: string;
  /** The application's user. */
  readonly username: string;
  /** Row privileges the user gets on the schema. */
  readonly privileges: readonly string[];
}

/**
 * Creates the application's IAM-authenticated database user at deploy time, with no network path
 * into the VPC: a small function outside the VPC calls the RDS Data API with the master secret,
 * and an `aws.lambda.Invocation` runs it when the cluster, the settings or the code change.
 * docs/database-bootstrap.md compares the options and lists the IAM surface and CloudTrail records.
 */
export class DatabaseBootstrap extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** What the last run did and the user's grants after it (JSON). */
  public readonly result: pulumi.Output<string>;

  constructor(name: string, args: DatabaseBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:data:DatabaseBootstrap", name, {}, opts);
    const { account } = args;
    const suffix = args.environmentSuffix;
    const child = { parent: this };
    const functionName = resourceName("db-bootstrap", suffix);

    // Lambda's own default group name, created first under the logs key and kept seven years.
    const logGroup = auditLogGroup(
      `${name}-logs`,
      {
        name: `/aws/lambda/${functionName}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.logsKeyArn,
      },
      child,
    );

    const role = roleWithPolicy(
      {
        logicalName: `${name}-role`,
        roleName: resourceName("db-bootstrap-role", suffix),
        policyName: resourceName("db-bootstrap-policy", suffix),
        description: "Database bootstrap: create the application's IAM database user through the Data API",
        service: "lambda.amazonaws.com",
        account,
        statements: databaseBootstrapStatements({
          account,
          clusterArn: args.clusterArn,
          secretArn: args.secretArn,
          dataKeyArn: args.dataKeyArn,
          logGroupArn: logGroup.arn,
        }),
      },
      child,
    );

    const code = bootstrapFunctionCode();
    const settings = {
      DATABASE_NAME: args.database,
      APP_USERNAME: args.username,
      APP_PRIVILEGES: args.privileges.join(","),
    };
    const fn = new aws.lambda.Function(
      name,
      {
        name: functionName,
        description: `Creates ${args.username} (IAM authentication, TLS) with ${args.privileges.join(", ")} on ${args.database}`,
        runtime: BOOTSTRAP_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code) }),
        role: role.readyArn,
        timeout: BOOTSTRAP_TIMEOUT_SECONDS,
        memorySize: 128,
        // Settings come from the environment, not the payload, so an invoker cannot change them.
        // They name resources, never a credential.
        environment: {
          variables: { ...settings, CLUSTER_ARN: args.clusterArn, SECRET_ARN: args.secretArn },
        },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      },
      { parent: this, dependsOn: [logGroup] },
    );

    // Runs on create and whenever a trigger changes: a new cluster, other settings, other code.
    // Each run is idempotent (CREATE USER IF NOT EXISTS, ALTER USER, GRANT).
    const invocation = new aws.lambda.Invocation(
      name,
      {
        functionName: fn.name,
        input: JSON.stringify({ purpose: "bootstrap the application's database user" }),
        triggers: {
          // Resolved with the writer-ready cluster ARN, so that after a cluster replacement the
          // invocation waits for the new writer instance too, not only for the new cluster.
          clusterResourceId: pulumi
            .all([args.clusterResourceId, args.clusterArn])
            .apply(([clusterResourceId]) => clusterResourceId),
          settings: JSON.stringify(settings),
          code: createHash("sha256").update(code).digest("hex"),
        },
      },
      child,
    );

    this.functionName = fn.name;
    this.roleArn = role.readyArn;
    this.logGroupName = logGroup.name;
    this.result = invocation.result;
    this.registerOutputs({
      functionName: this.functionName,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      result: this.result,
    });
  }
}
