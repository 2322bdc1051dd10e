import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

/**
 * The delivery path (issue 15): a pull request must never hold production's deploy rights. The
 * workflow is read as YAML; the IAM documents in delivery/ are rendered by delivery/apply.sh with
 * sample values and read as JSON.
 */
const ROOT = path.resolve(__dirname, "..");
const DELIVERY = path.join(ROOT, "delivery");
const WORKFLOW_FILE = path.join(ROOT, ".github/workflows/pulumi.yml");

const ACCOUNT = "123456789012";
const REPOSITORY = "octo-org/payments";
const ENVIRONMENT = "prod";
const prodSettings = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as {
  environment?: unknown;
  config: Record<string, string>;
};
/** The prod stack's suffix: the roles the workflow assumes carry it in their names. */
const SUFFIX = prodSettings.config["pci-payments:environmentSuffix"];

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  if?: string;
  needs?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowText = fs.readFileSync(WORKFLOW_FILE, "utf8");
const workflow = yaml.load(workflowText) as Workflow;
const stepsUsing = (job: Job, action: string) =>
  job.steps.filter((step) => step.uses?.split("@")[0] === action);
const onlyStep = (job: Job, action: string): Step => {
  const steps = stepsUsing(job, action);
  expect(steps).toHaveLength(1);
  return steps[0];
};

interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: { Federated?: string };
  Action: string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

function renderDocuments(): Record<string, PolicyDocument> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-"));
  const result = spawnSync(
    "bash",
    [path.join(DELIVERY, "apply.sh"), "--render-only", out, ACCOUNT, REPOSITORY, SUFFIX, ENVIRONMENT],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`apply.sh --render-only failed: ${result.stderr}`);
  const documents: Record<string, PolicyDocument> = {};
  for (const file of fs.readdirSync(out)) {
    const text = fs.readFileSync(path.join(out, file), "utf8");
    expect(text).not.toMatch(/<[A-Z_]+>/);
    documents[file.replace(/\.json$/, "")] = JSON.parse(text) as PolicyDocument;
  }
  fs.rmSync(out, { recursive: true });
  return documents;
}

const documents = renderDocuments();
const permissionDocuments = (role: "deploy" | "preview") =>
  Object.entries(documents).filter(([name]) => name.startsWith(`${role}-`));
const statementsOf = (role: "deploy" | "preview") =>
  permissionDocuments(role).flatMap(([, document]) => document.Statement);
const resourcesOf = (statement: Statement) =>
  statement.Resource === undefined ? [] : ([] as string[]).concat(statement.Resource);
/** IAM ARN matching: `*` matches any characters, `?` one. */
const arnMatches = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
  ).test(arn);

const DEPLOY_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/delivery/github-deploy-${SUFFIX}`;
const PREVIEW_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/delivery/github-preview-${SUFFIX}`;
const OIDC_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

describe("delivery workflow", () => {
  const { preview, deploy, test: testJob } = workflow.jobs;

  it("runs for pull requests and for pushes to main only", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
  });

  it("grants nothing at the top level and the least each job needs", () => {
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs).sort()).toEqual(["deploy", "preview", "test"]);
    expect(testJob.permissions).toEqual({ contents: "read" });
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("pins every third-party action to a full commit SHA with its release in a comment", () => {
    const uses = workflowText.split("\n").filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThanOrEqual(12);
    for (const line of uses) {
      const ref = line.replace(/^\s*-?\s*uses:\s*/, "");
      if (ref.startsWith("./")) continue;
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it("uses one commit per action everywhere it appears", () => {
    const pins = new Map<string, Set<string>>();
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps.filter((s) => s.uses)) {
        const [action, sha] = (step.uses as string).split("@");
        pins.set(action, (pins.get(action) ?? new Set()).add(sha));
      }
    }
    for (const shas of pins.values()) expect(shas.size).toBe(1);
  });

  it("never requests an organization token", () => {
    expect(workflowText).not.toMatch(/access_token:organization/);
    for (const job of [preview, deploy]) {
      const auth = onlyStep(job, "pulumi/auth-actions");
      expect(auth.with?.["requested-token-type"]).toBe("urn:pulumi:token-type:access_token:team");
    }
    expect(stepsUsing(testJob, "pulumi/auth-actions")).toHaveLength(0);
  });

  it("keeps the test job free of any credential", () => {
    expect(testJob.permissions?.["id-token"]).toBeUndefined();
    expect(stepsUsing(testJob, "aws-actions/configure-aws-credentials")).toHaveLength(0);
  });

  it("gives pull requests from forks no credential", () => {
    expect(preview.if).toContain("github.event_name == 'pull_request'");
    expect(preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("previews with the read-only role and the preview team only", () => {
    const aws = onlyStep(preview, "aws-actions/configure-aws-credentials");
    expect(aws.with?.["role-to-assume"]).toBe(
      `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role/delivery/github-preview-${SUFFIX}`,
    );
    expect(onlyStep(preview, "pulumi/auth-actions").with?.scope).toBe("team:pci-payments-preview");
    expect(onlyStep(preview, "pulumi/actions").with?.command).toBe("preview");
    expect(preview.environment).toBeUndefined();
    // Nothing of the deploy identity appears anywhere in the preview job.
    expect(JSON.stringify(preview)).not.toMatch(/github-deploy|pci-payments-deploy|production/);
  });

  it("deploys only from main, in the production environment, with the deploy identity", () => {
    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(deploy.environment).toBe("production");
    expect(deploy.needs).toBe("test");
    const aws = onlyStep(deploy, "aws-actions/configure-aws-credentials");
    expect(aws.with?.["role-to-assume"]).toBe(
      `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role/delivery/github-deploy-${SUFFIX}`,
    );
    expect(aws.with?.["allowed-account-ids"]).toBe("${{ vars.AWS_ACCOUNT_ID }}");
    expect(onlyStep(deploy, "pulumi/auth-actions").with?.scope).toBe("team:pci-payments-deploy");
    expect(onlyStep(deploy, "pulumi/actions").with?.command).toBe("up");
  });

  it("never lets two deploys of prod overlap", () => {
    expect(deploy.concurrency).toEqual({ group: "pulumi-prod-deploy", "cancel-in-progress": false });
  });

  it("runs the policy pack in both the preview and the deploy", () => {
    for (const job of [preview, deploy]) {
      expect(onlyStep(job, "pulumi/actions").with?.policyPacks).toBe("policy");
    }
  });

  it("keeps checkout tokens out of the workspace and shared caches out of credentialed jobs", () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(onlyStep(job, "actions/checkout").with?.["persist-credentials"]).toBe(false);
    }
    for (const job of [preview, deploy]) {
      const node = onlyStep(job, "actions/setup-node");
      expect(node.with?.cache).toBeUndefined();
      expect(node.with?.["package-manager-cache"]).toBe(false);
    }
  });

  it("opens no ESC environment through the prod stack, so a preview opens nothing by itself", () => {
    expect(prodSettings.environment).toBeUndefined();
  });
});

describe("delivery trust policies", () => {
  const trust = (role: "deploy" | "preview") => {
    const { Statement } = documents[`trust-${role}`];
    expect(Statement).toHaveLength(1);
    return Statement[0];
  };

  it.each([
    ["deploy", `repo:${REPOSITORY}:environment:production`],
    ["preview", `repo:${REPOSITORY}:pull_request`],
  ] as const)("lets only GitHub's OIDC tokens for %s with exactly sub %s assume the role", (role, sub) => {
    const statement = trust(role);
    expect(statement.Effect).toBe("Allow");
    expect(statement.Principal).toEqual({ Federated: OIDC_PROVIDER });
    expect(statement.Action).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    // Exactly these conditions: StringEquals, no wildcard, audience and subject both checked.
    expect(statement.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": sub,
      },
    });
  });

  it("matches the sub claim of the job that uses each role", () => {
    // A job naming an environment gets `environment:<name>`; a pull_request run gets `pull_request`.
    expect(workflow.jobs.deploy.environment).toBe("production");
    expect(workflow.on).toHaveProperty("pull_request");
  });
});

describe("delivery permission documents", () => {
  const all = Object.entries(documents).filter(([name]) => !name.startsWith("trust-"));

  it("are exactly the documents apply.sh attaches: seven for deploy, two for preview", () => {
    const onDisk = fs
      .readdirSync(DELIVERY)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.replace(/\.json$/, ""))
      .sort();
    expect(Object.keys(documents).sort()).toEqual(onDisk);
    expect(permissionDocuments("deploy")).toHaveLength(7);
    expect(permissionDocuments("preview")).toHaveLength(2);
  });

  it.each(all)("%s fits in one managed policy (6,144 characters without whitespace)", (_, document) => {
    expect(JSON.stringify(document).replace(/\s/g, "").length).toBeLessThanOrEqual(6144);
    expect(document.Version).toBe("2012-10-17");
  });

  it.each(all)(
    "%s has a distinct Sid on every statement and no wildcard action in an Allow",
    (_, document) => {
      const sids = document.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const statement of document.Statement.filter((s) => s.Effect === "Allow")) {
        expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
        for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
    },
  );

  it.each(all)("%s names this account in every ARN it grants on", (_, document) => {
    for (const statement of document.Statement.filter((s) => s.Effect === "Allow")) {
      for (const resource of resourcesOf(statement).filter((r) => r !== "*")) {
        expect(resource).toMatch(/^arn:aws:/);
        expect(resource).toContain(ACCOUNT);
        // The stack's region, or the backup copy region; only IAM, S3, dashboards and Aurora global
        // clusters (which the cluster read lists) are global.
        const [, , service, region] = resource.split(":");
        if (region === "") expect(["iam", "s3", "cloudwatch", "rds"]).toContain(service);
        else expect(["us-east-2", "us-west-2"]).toContain(region);
      }
    }
  });

  it("lets the preview role only read, and never read data", () => {
    const dataReads = [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "secretsmanager:GetSecretValue",
      "kms:Decrypt",
      "logs:GetLogEvents",
      "logs:FilterLogEvents",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:GetAuthorizationToken",
      "rds:DownloadDBLogFilePortion",
      "acm:ExportCertificate",
    ];
    const statements = statementsOf("preview");
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      for (const action of statement.Action) {
        expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z0-9]*$/);
        expect(dataReads).not.toContain(action);
      }
    }
  });

  it("scopes every deploy grant by the stack's name, a tag or service condition, or says why not", () => {
    // Resources named without the suffix, each with the reason IAM cannot name this stack's own.
    const unnamed: Record<string, string> = {
      [`arn:aws:ec2:us-east-2:${ACCOUNT}:vpc/*`]: "DescribeVpcAttribute: VPC ids are generated; read only",
      [`arn:aws:rds:us-east-2:${ACCOUNT}:og:default:*`]: "Aurora uses the engine's default option group",
      [`arn:aws:rds:us-east-2:${ACCOUNT}:pg:default.*`]: "instances use the engine's default parameter group",
      [`arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:rds!cluster-*`]: "RDS names its managed secret",
      [`arn:aws:wafv2:us-east-2:${ACCOUNT}:regional/managedruleset/*/*`]: "AWS managed rule groups",
      [`arn:aws:securityhub:us-east-2:${ACCOUNT}:hub/default`]: "one hub per account and region",
      [`arn:aws:config:us-east-2:${ACCOUNT}:configuration-recorder/*`]: "one recorder per account and region",
      [`arn:aws:rds::${ACCOUNT}:global-cluster:*`]:
        "DescribeGlobalClusters, which the provider's cluster read calls by cluster filter; read only",
      [`arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`]:
        "service-linked roles, limited by iam:AWSServiceName",
    };
    for (const statement of statementsOf("deploy").filter((s) => s.Effect === "Allow")) {
      const conditioned = statement.Condition !== undefined;
      for (const resource of resourcesOf(statement).filter((r) => r !== "*")) {
        const named = resource.includes(`-${SUFFIX}`);
        if (!named && !conditioned) expect(Object.keys(unnamed)).toContain(resource);
      }
    }
  });

  it("uses Resource * only in statements that say the action supports no resource-level permission", () => {
    for (const statement of [...statementsOf("deploy"), ...statementsOf("preview")]) {
      if (statement.Effect === "Allow" && resourcesOf(statement).includes("*")) {
        expect(resourcesOf(statement)).toEqual(["*"]);
        expect(statement.Sid).toMatch(/NoResource/);
      }
    }
  });

  it("passes the stack's roles only to the services that use them, and creates only listed service-linked roles", () => {
    const deploy = statementsOf("deploy").filter((s) => s.Effect === "Allow");
    const passRole = deploy.filter((s) => s.Action.includes("iam:PassRole"));
    expect(passRole).toHaveLength(1);
    expect(passRole[0].Action).toEqual(["iam:PassRole"]);
    expect(passRole[0].Condition?.StringEquals["iam:PassedToService"]).toEqual(
      expect.arrayContaining(["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com"]),
    );
    const linked = deploy.filter((s) => s.Action.includes("iam:CreateServiceLinkedRole"));
    expect(linked).toHaveLength(1);
    expect(linked[0].Condition?.StringEquals["iam:AWSServiceName"]).toContain("ecs.amazonaws.com");
  });

  it("never lets the deploy role change the delivery identities, create credentials or read secrets", () => {
    const deploy = statementsOf("deploy");
    const guard = deploy.find((s) => s.Sid === "NeverChangeTheDeliveryIdentitiesThemselves");
    expect(guard).toMatchObject({ Effect: "Deny", Action: ["iam:*"] });
    for (const arn of [DEPLOY_ROLE_ARN, PREVIEW_ROLE_ARN, OIDC_PROVIDER]) {
      expect(resourcesOf(guard as Statement).some((pattern) => arnMatches(pattern, arn))).toBe(true);
    }
    for (const statement of deploy.filter((s) => s.Effect === "Allow")) {
      if (statement.Action.some((action) => action.startsWith("iam:"))) {
        for (const arn of [DEPLOY_ROLE_ARN, PREVIEW_ROLE_ARN]) {
          expect(resourcesOf(statement).some((pattern) => arnMatches(pattern, arn))).toBe(false);
        }
      }
      for (const forbidden of [
        "iam:CreateUser",
        "iam:CreateAccessKey",
        "iam:CreatePolicy",
        "iam:AttachRolePolicy",
        "secretsmanager:GetSecretValue",
        "s3:GetObject",
        "backup:PutBackupVaultLockConfiguration",
      ]) {
        expect(statement.Action).not.toContain(forbidden);
      }
    }
  });

  it("scopes the stack's service roles by name", () => {
    const roleStatements = statementsOf("deploy").filter((s) => s.Action.some((a) => a.startsWith("iam:")));
    const roles = roleStatements.filter(
      (s) => s.Effect === "Allow" && !s.Action.includes("iam:CreateServiceLinkedRole"),
    );
    for (const statement of roles) {
      expect(resourcesOf(statement)).toEqual([`arn:aws:iam::${ACCOUNT}:role/*-role-${SUFFIX}`]);
    }
    expect(
      arnMatches(
        `arn:aws:iam::${ACCOUNT}:role/*-role-${SUFFIX}`,
        `arn:aws:iam::${ACCOUNT}:role/ecs-task-role-${SUFFIX}`,
      ),
    ).toBe(true);
  });
});

describe("delivery/apply.sh", () => {
  it("refuses an account id that is not 12 digits, naming the argument", () => {
    const result = spawnSync(
      "bash",
      [
        path.join(DELIVERY, "apply.sh"),
        "--render-only",
        os.tmpdir(),
        "12345",
        REPOSITORY,
        SUFFIX,
        ENVIRONMENT,
      ],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(64);
    expect(result.stderr).toContain("ACCOUNT_ID must be 12 digits, got '12345'");
  });

  it("refuses a repository that is not owner/repo", () => {
    const result = spawnSync(
      "bash",
      [
        path.join(DELIVERY, "apply.sh"),
        "--render-only",
        os.tmpdir(),
        ACCOUNT,
        "payments",
        SUFFIX,
        ENVIRONMENT,
      ],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(64);
    expect(result.stderr).toContain("GITHUB_REPOSITORY must be owner/repo");
  });

  it("renders the stack's Region and DR Region into every Regional ARN, and only those", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-"));
    const result = spawnSync(
      "bash",
      [
        path.join(DELIVERY, "apply.sh"),
        "--render-only",
        out,
        ACCOUNT,
        REPOSITORY,
        SUFFIX,
        ENVIRONMENT,
        "eu-west-1",
        "eu-central-1",
      ],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(0);
    const text = fs
      .readdirSync(out)
      .map((file) => fs.readFileSync(path.join(out, file), "utf8"))
      .join("\n");
    fs.rmSync(out, { recursive: true });
    expect(text).not.toMatch(/<[A-Z_]+>|us-east-2|us-west-2/);
    expect(text).toContain(`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:*-${SUFFIX}`);
    expect(text).toContain(`arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:*-${SUFFIX}`);
    expect(text).toContain('"backup.eu-central-1.amazonaws.com"');
  });

  it("refuses a Region that is not a Region code, and a DR Region equal to the Region, naming the argument", () => {
    const render = (region: string, drRegion: string) =>
      spawnSync(
        "bash",
        [
          path.join(DELIVERY, "apply.sh"),
          "--render-only",
          os.tmpdir(),
          ACCOUNT,
          REPOSITORY,
          SUFFIX,
          ENVIRONMENT,
          region,
          drRegion,
        ],
        { encoding: "utf8" },
      );
    expect(render("euwest1", "eu-central-1").stderr).toContain("REGION must be an AWS Region code");
    expect(render("eu-west-1", "eu-west-1").stderr).toContain("DR_REGION must differ from REGION");
    expect(render("eu-west-1", "eu-west-1").status).toBe(64);
  });
});
