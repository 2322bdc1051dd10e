/**
 * The database bootstrap function's whole source. The stack transpiles this file to JavaScript
 * at deploy time (infra/databaseBootstrap.ts) and ships it as the function's only file, so it
 * imports nothing: the Lambda Node.js runtime provides the AWS SDK for JavaScript v3, loaded
 * with `require` only inside `handler`.
 *
 * It runs a fixed, idempotent set of statements through the RDS Data API with the master secret,
 * which the Data API reads from Secrets Manager on each call (so a rotated secret is simply the
 * one used next time), then reads the user's grants back and fails if they are wider than asked.
 */

/** What the function sets up; read from its environment, never from the invocation's payload. */
export interface BootstrapSettings {
  /** The Aurora cluster, with its HTTP endpoint (Data API) enabled. */
  readonly clusterArn: string;
  /** The RDS-managed master user secret the Data API signs in with. */
  readonly secretArn: string;
  /** The application's schema: the only one the user gets privileges on. */
  readonly database: string;
  /** The application's user, authenticated with IAM tokens only. */
  readonly username: string;
  /** Row privileges on the schema; each one of `ALLOWED_PRIVILEGES`. */
  readonly privileges: readonly string[];
}

/** The privileges the function will ever grant: data access, never DDL, DCL or administration. */
export const ALLOWED_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE", "EXECUTE"] as const;

/** MySQL account names are at most 32 characters; schema names at most 64. Kept to safe characters. */
const USERNAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[a-z][a-z0-9-]{0,62}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/;

/** A setting the function refuses, named, before any statement runs. */
export class BootstrapConfigurationError extends Error {
  override readonly name = "BootstrapConfigurationError";
}

/** The cluster cannot take statements yet (or at all): a clear cause and what to do next. */
export class ClusterNotReadyError extends Error {
  override readonly name = "ClusterNotReadyError";
}

/** The user holds grants beyond the ones asked for. */
export class ExcessGrantsError extends Error {
  override readonly name = "ExcessGrantsError";
}

/** Validates the settings and returns them normalised (privileges upper-cased, in a fixed order). */
export function validateSettings(settings: BootstrapSettings): BootstrapSettings {
  const problems: string[] = [];
  if (!CLUSTER_ARN.test(settings.clusterArn))
    problems.push(`clusterArn ${settings.clusterArn} is not an RDS cluster ARN`);
  if (!SECRET_ARN.test(settings.secretArn))
    problems.push(`secretArn ${settings.secretArn} is not a Secrets Manager ARN`);
  if (!SCHEMA.test(settings.database))
    problems.push(`database ${JSON.stringify(settings.database)} is not a plain schema name`);
  if (!USERNAME.test(settings.username)) {
    problems.push(
      `username ${JSON.stringify(settings.username)} is not a plain MySQL user name of at most 32 characters`,
    );
  }
  const privileges = settings.privileges.map((p) => p.trim().toUpperCase());
  const unknown = privileges.filter((p) => !(ALLOWED_PRIVILEGES as readonly string[]).includes(p));
  if (unknown.length > 0)
    problems.push(`privileges ${unknown.join(", ")} are not among ${ALLOWED_PRIVILEGES.join(", ")}`);
  if (privileges.length === 0) problems.push("privileges is empty");
  if (problems.length > 0) throw new BootstrapConfigurationError(problems.join("; "));
  return {
    ...settings,
    privileges: ALLOWED_PRIVILEGES.filter((p) => privileges.includes(p)),
  };
}

/**
 * The statements, in order. Each is idempotent, so every run converges an existing user too:
 * - CREATE USER IF NOT EXISTS: IAM authentication (AWSAuthenticationPlugin, Aurora User Guide
 *   "Creating a database account using IAM authentication") and TLS required (MySQL 8.0 CREATE USER
 *   tls_option `REQUIRE SSL`);
 * - ALTER USER: the same settings on a user that already existed with others (e.g. a password);
 * - GRANT: row privileges on the application's schema only (GRANT adds nothing twice).
 */
export function bootstrapStatements(settings: BootstrapSettings): string[] {
  const s = validateSettings(settings);
  const account = `'${s.username}'@'%'`;
  const authentication = "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL";
  return [
    `CREATE USER IF NOT EXISTS ${account} ${authentication}`,
    `ALTER USER ${account} ${authentication}`,
    `GRANT ${s.privileges.join(", ")} ON \`${s.database}\`.* TO ${account}`,
  ];
}

/** Reads the user's grants back (MySQL 8.0 SHOW GRANTS). */
export function showGrantsStatement(settings: BootstrapSettings): string {
  const s = validateSettings(settings);
  return `SHOW GRANTS FOR '${s.username}'@'%'`;
}

/**
 * The grant lines wider than asked: anything on `*.*` but USAGE, any other schema, or a privilege
 * on the application's schema that was not asked for. SHOW GRANTS quotes names with backticks.
 */
export function excessGrants(settings: BootstrapSettings, grants: readonly string[]): string[] {
  const s = validateSettings(settings);
  return grants.filter((line) => {
    const match = /^GRANT (.+) ON (\S+) TO /.exec(line);
    if (!match) return true; // A role grant or a form this check does not know: report it.
    const [, privileges, target] = match;
    if (target === "*.*") return privileges !== "USAGE";
    if (target !== `\`${s.database}\`.*`) return true;
    return privileges.split(",").some((p) => !s.privileges.includes(p.trim()));
  });
}

/** The part of the Data API client the function uses (ExecuteStatement). */
export interface DataApi {
  executeStatement(input: {
    resourceArn: string;
    secretArn: string;
    sql: string;
  }): Promise<{ records?: { stringValue?: string }[][] }>;
}

export interface RetryPolicy {
  /** Attempts per statement while the cluster is not ready. */
  readonly attempts: number;
  /** Wait before the second attempt; doubled for each one after. */
  readonly firstDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** 10 + 20 + 40 + 80 seconds: about 2.5 minutes of waiting, inside the function's 5-minute timeout. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  firstDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Data API errors that mean "not yet": the writer is starting, failing over or being modified
 * (RDS Data API reference, "Errors": DatabaseUnavailableException, DatabaseResumingException,
 * ServiceUnavailableError; a dropped connection surfaces as "Communications link failure").
 */
const TRANSIENT =
  /DatabaseUnavailableException|DatabaseResumingException|ServiceUnavailableError|Communications link failure/;

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? "Error"}: ${e?.message ?? String(error)}`;
}

/** Runs one statement, waiting out a cluster that is not ready yet; any other error is final. */
async function run(api: DataApi, s: BootstrapSettings, sql: string, retry: RetryPolicy) {
  const cluster = s.clusterArn.split(":").pop();
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.executeStatement({ resourceArn: s.clusterArn, secretArn: s.secretArn, sql });
    } catch (error) {
      const cause = describe(error);
      if (/HttpEndpoint is not enabled|not enabled for the Data API/i.test(cause)) {
        throw new ClusterNotReadyError(
          `${cluster} does not accept the RDS Data API (${cause}). The stack enables it ` +
            "(enableHttpEndpoint); it needs Aurora MySQL 3.07 or later and a non-T instance class. Check " +
            "`aws rds describe-db-clusters --query 'DBClusters[0].HttpEndpointEnabled'`, then run `pulumi up` again.",
        );
      }
      if (!TRANSIENT.test(cause)) throw error;
      if (attempt >= retry.attempts) {
        throw new ClusterNotReadyError(
          `${cluster} is not ready for statements after ${attempt} attempts (${cause}). Wait until its ` +
            "writer instance is `available` (aws rds describe-db-instances), then run `pulumi up` again; " +
            "the bootstrap is idempotent.",
        );
      }
      await retry.sleep(retry.firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

export interface BootstrapResult {
  /** The statements run, in order (no secret is ever part of them). */
  readonly statements: string[];
  /** The user's grants after the run, as SHOW GRANTS reports them. */
  readonly grants: string[];
}

/** Runs the statements, then proves the user holds exactly the grants asked for. */
export async function bootstrap(
  settings: BootstrapSettings,
  api: DataApi,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<BootstrapResult> {
  const s = validateSettings(settings);
  const statements = bootstrapStatements(s);
  for (const sql of statements) await run(api, s, sql, retry);
  const shown = await run(api, s, showGrantsStatement(s), retry);
  const grants = (shown.records ?? []).map((row) => row[0]?.stringValue ?? "");
  const excess = excessGrants(s, grants);
  if (excess.length > 0) {
    throw new ExcessGrantsError(
      `${s.username} holds grants beyond ${s.privileges.join(", ")} on ${s.database}.*: ${excess.join("; ")}. ` +
        'Revoke them (docs/database-bootstrap.md, "Grants wider than asked"), then run `pulumi up` again.',
    );
  }
  return { statements, grants };
}

/** The settings from the function's environment, which the stack sets. */
export function settingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): BootstrapSettings {
  return {
    clusterArn: env.CLUSTER_ARN ?? "",
    secretArn: env.SECRET_ARN ?? "",
    database: env.DATABASE_NAME ?? "",
    username: env.APP_USERNAME ?? "",
    privileges: (env.APP_PRIVILEGES ?? "").split(",").filter((p) => p !== ""),
  };
}

/** The Lambda entry point. The payload is ignored: an invoker cannot change what is run. */
export async function handler(): Promise<BootstrapResult> {
  // Provided by the Lambda Node.js runtime (AWS SDK for JavaScript v3); not a project dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@aws-sdk/client-rds-data");
  const client = new sdk.RDSDataClient({});
  const api: DataApi = { executeStatement: (input) => client.send(new sdk.ExecuteStatementCommand(input)) };
  const result = await bootstrap(settingsFromEnvironment(process.env), api);
  console.log(JSON.stringify({ message: "database bootstrap complete", ...result }));
  return result;
}
