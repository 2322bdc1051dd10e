import { PolicyDocument, evaluate, resourcePoliciesOf, resourcePolicyFor } from "../../tools/iam/model";
import { MOCK_CLUSTER_RESOURCE_ID } from "../support/mocks";
import { ACCOUNT, OTHER_ACCOUNT, recordsOf } from "./scenarios";

/**
 * The payment service's roles do what the application needs and nothing next to it: the
 * execution role pulls the image and writes the logs; the task role uses its bucket (through the
 * data key, with the S3 Bucket Key's context) and connects to the database as its own user.
 */
const A = ACCOUNT;
const REGION = "us-east-2";

describe.each(["prod", "prodTuned"] as const)("workload roles in the %s scenario", (name) => {
  const records = recordsOf(name);
  const policies = resourcePoliciesOf(records, A);
  const inline = (roleName: string) =>
    records
      .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === roleName)
      .map((r) => JSON.parse(String(r.inputs.policy)) as PolicyDocument);
  const appBucket = `arn:aws:s3:::app-data-prod-${A}`;
  const dataKey = `arn:aws:kms:${REGION}:${A}:key/kms-data-prod`;
  const viaS3 = (bucketArn: string) => ({
    "kms:ViaService": `s3.${REGION}.amazonaws.com`,
    "kms:EncryptionContext:aws:s3:arn": bucketArn,
  });
  const as =
    (roleName: string) =>
    async (action: string, arn: string, context: Record<string, string> = {}) =>
      evaluate({
        principal: `arn:aws:iam::${A}:role/${roleName}`,
        action,
        arn,
        account: arn.includes(OTHER_ACCOUNT) ? OTHER_ACCOUNT : A,
        context,
        identityPolicies: inline(roleName),
        resourcePolicy: resourcePolicyFor(policies, arn),
      });

  describe("the execution role", () => {
    const execution = as("ecs-execution-role-prod");
    const repository = `arn:aws:ecr:${REGION}:${A}:repository/payment-api-prod`;
    const logGroup = `arn:aws:logs:${REGION}:${A}:log-group:/ecs/payment-service-prod`;

    it("pulls the service image and writes the container logs", async () => {
      // ECS Developer Guide, "Amazon ECS task execution IAM role": ECR auth token and image layers,
      // CreateLogStream and PutLogEvents for the awslogs driver.
      expect(await execution("ecr:GetAuthorizationToken", "*")).toBe("Allowed");
      for (const action of [
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
      ]) {
        expect(await execution(action, repository)).toBe("Allowed");
      }
      for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
        expect(
          await execution(action, `${logGroup}:log-stream:payment-api/payment-api/0123456789abcdef`),
        ).toBe("Allowed");
      }
    });

    it("pulls no other repository and writes no other log group", async () => {
      expect(
        await execution("ecr:BatchGetImage", `arn:aws:ecr:${REGION}:${A}:repository/payment-api-other`),
      ).toBe("ImplicitlyDenied");
      expect(
        await execution(
          "logs:PutLogEvents",
          `arn:aws:logs:${REGION}:${A}:log-group:/aws/cloudtrail/cloudtrail-prod:log-stream:x`,
        ),
      ).toBe("ImplicitlyDenied");
      expect(await execution("ecr:PutImage", repository)).toBe("ImplicitlyDenied");
    });
  });

  describe("the database bootstrap role", () => {
    const bootstrap = as("db-bootstrap-role-prod");
    const cluster = `arn:aws:rds:${REGION}:${A}:cluster:aurora-cluster-prod`;
    const secret = `arn:aws:secretsmanager:${REGION}:${A}:secret:rds!cluster-3f1e-AbCdEf`;
    const logGroup = `arn:aws:logs:${REGION}:${A}:log-group:/aws/lambda/db-bootstrap-prod`;
    const viaSecretsManager = (secretArn: string) => ({
      "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`,
      "kms:EncryptionContext:SecretARN": secretArn,
    });

    it("runs statements through the Data API with the master secret, and writes its logs", async () => {
      // Aurora User Guide, "Authorizing access to the RDS Data API": rds-data:ExecuteStatement on the
      // cluster and secretsmanager:GetSecretValue on the secret, which Secrets Manager decrypts with
      // the caller's permissions through the data key (Secrets Manager User Guide, "Secret encryption
      // and decryption": kms:ViaService and the SecretARN encryption context). Lambda Developer Guide,
      // "Sending Lambda function logs to CloudWatch Logs": CreateLogStream and PutLogEvents.
      expect(await bootstrap("rds-data:ExecuteStatement", cluster)).toBe("Allowed");
      expect(await bootstrap("secretsmanager:GetSecretValue", secret)).toBe("Allowed");
      expect(await bootstrap("kms:Decrypt", dataKey, viaSecretsManager(secret))).toBe("Allowed");
      for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
        expect(await bootstrap(action, `${logGroup}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`)).toBe(
          "Allowed",
        );
      }
    });

    it("reaches no other cluster, secret, key use or log group, and never connects as a database user", async () => {
      expect(
        await bootstrap(
          "rds-data:ExecuteStatement",
          `arn:aws:rds:${REGION}:${A}:cluster:aurora-cluster-other`,
        ),
      ).toBe("ImplicitlyDenied");
      const otherSecret = `arn:aws:secretsmanager:${REGION}:${A}:secret:other-AbCdEf`;
      expect(await bootstrap("secretsmanager:GetSecretValue", otherSecret)).toBe("ImplicitlyDenied");
      expect(await bootstrap("kms:Decrypt", dataKey, viaS3(appBucket))).toBe("ImplicitlyDenied");
      expect(
        await bootstrap(
          "kms:Decrypt",
          `arn:aws:kms:${REGION}:${A}:key/kms-logs-prod`,
          viaSecretsManager(secret),
        ),
      ).toBe("ImplicitlyDenied");
      expect(
        await bootstrap(
          "logs:PutLogEvents",
          `arn:aws:logs:${REGION}:${A}:log-group:/aws/cloudtrail/cloudtrail-prod:log-stream:x`,
        ),
      ).toBe("ImplicitlyDenied");
      expect(
        await bootstrap(
          "rds-db:connect",
          `arn:aws:rds-db:${REGION}:${A}:dbuser:${MOCK_CLUSTER_RESOURCE_ID}/payments_app`,
        ),
      ).toBe("ImplicitlyDenied");
    });
  });

  describe("the task role", () => {
    const task = as("ecs-task-role-prod");
    const dbUser = (user: string) =>
      `arn:aws:rds-db:${REGION}:${A}:dbuser:${MOCK_CLUSTER_RESOURCE_ID}/${user}`;

    it("reads and writes its bucket through the data key with the bucket's encryption context", async () => {
      // S3 User Guide, "Using server-side encryption with AWS KMS keys" (the caller needs
      // kms:GenerateDataKey to write and kms:Decrypt to read) and "S3 Bucket Keys" (context = bucket ARN).
      expect(await task("s3:ListBucket", appBucket)).toBe("Allowed");
      for (const action of ["s3:GetObject", "s3:PutObject"]) {
        expect(await task(action, `${appBucket}/payments/2026/receipt.json`)).toBe("Allowed");
      }
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        expect(await task(action, dataKey, viaS3(appBucket))).toBe("Allowed");
      }
    });

    it("connects to the database as its own user only", async () => {
      // RDS User Guide, "Creating and using an IAM policy for IAM database access".
      expect(await task("rds-db:connect", dbUser("payments_app"))).toBe("Allowed");
      expect(await task("rds-db:connect", dbUser("payments_admin"))).toBe("ImplicitlyDenied");
    });

    it("touches no other bucket, key use or account", async () => {
      expect(await task("s3:GetObject", `arn:aws:s3:::flow-logs-prod-${A}/AWSLogs/x`)).toBe(
        "ImplicitlyDenied",
      );
      expect(await task("s3:GetObject", `arn:aws:s3:::app-data-prod-${OTHER_ACCOUNT}/x`)).toBe(
        "ImplicitlyDenied",
      );
      // The data key also encrypts the database, its secret and the images: the role may not use it
      // for another bucket's objects, or through another service.
      expect(await task("kms:Decrypt", dataKey, viaS3(`arn:aws:s3:::other-bucket-${A}`))).toBe(
        "ImplicitlyDenied",
      );
      expect(
        await task("kms:Decrypt", dataKey, {
          "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": appBucket,
        }),
      ).toBe("ImplicitlyDenied");
      expect(
        await task("kms:Decrypt", `arn:aws:kms:${REGION}:${A}:key/kms-logs-prod`, viaS3(appBucket)),
      ).toBe("ImplicitlyDenied");
      expect(
        await task(
          "secretsmanager:GetSecretValue",
          `arn:aws:secretsmanager:${REGION}:${A}:secret:rds!cluster-3f1e-AbCdEf`,
        ),
      ).toBe("ImplicitlyDenied");
      expect(await task("s3:GetObject", `${appBucket}/x`, { "aws:SecureTransport": "false" })).toBe(
        "ExplicitlyDenied",
      );
    });
  });
});
