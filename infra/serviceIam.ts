import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, roleWithPolicy } from "./iam";
import { resourceName } from "./naming";

export interface ServiceRolesArgs {
  readonly environmentSuffix: string;
  readonly account: AccountContext;
  /** The payment service's ECR repository: the only images the tasks may pull. */
  readonly repositoryArn: pulumi.Input<string>;
  /** The container log group the awslogs driver writes to. */
  readonly logGroupArn: pulumi.Input<string>;
  /** The RDS-managed master secret and the key it is encrypted with. */
  readonly dbSecretArn: pulumi.Input<string>;
  readonly dataKeyArn: pulumi.Input<string>;
  /** The application's bucket and its key. */
  readonly appBucketArn: pulumi.Input<string>;
}

/** Decrypt with the data key only when Secrets Manager (or S3) asks on the role's behalf. */
function viaService(account: AccountContext, service: string) {
  return { StringEquals: { "kms:ViaService": `${service}.${account.region}.amazonaws.com` } };
}

/** What the ECS agent needs to start a task: pull its image, write its logs, inject its secret. */
export function executionRoleStatements(args: ServiceRolesArgs): PolicyStatement[] {
  return [
    {
      Sid: "PullPaymentServiceImages",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: args.repositoryArn,
    },
    {
      Sid: "GetRegistryAuthToken",
      Effect: "Allow",
      Action: ["ecr:GetAuthorizationToken"],
      // ecr:GetAuthorizationToken supports no resource-level permissions (allow-listed).
      Resource: "*",
    },
    {
      Sid: "WriteContainerLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      // The group and its streams, in both ARN forms CloudWatch Logs authorizes against.
      Resource: [args.logGroupArn, pulumi.interpolate`${args.logGroupArn}:*`],
    },
    {
      Sid: "InjectDatabaseSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: args.dbSecretArn,
    },
    {
      Sid: "DecryptDatabaseSecret",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: args.dataKeyArn,
      Condition: viaService(args.account, "secretsmanager"),
    },
  ];
}

/** What the application itself may do: use its bucket and read the database secret. */
export function taskRoleStatements(args: ServiceRolesArgs): PolicyStatement[] {
  return [
    {
      Sid: "ListAppBucket",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: args.appBucketArn,
    },
    {
      Sid: "ReadWriteAppObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: pulumi.interpolate`${args.appBucketArn}/*`,
    },
    {
      Sid: "UseDataKeyForAppObjects",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.dataKeyArn,
      Condition: viaService(args.account, "s3"),
    },
    {
      Sid: "ReadDatabaseSecret",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: args.dbSecretArn,
    },
    {
      Sid: "DecryptDatabaseSecret",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: args.dataKeyArn,
      Condition: viaService(args.account, "secretsmanager"),
    },
  ];
}

/**
 * The task execution role and the task role, each with one inline least-privilege policy and no
 * AWS managed policy (awsx would otherwise attach AmazonECSTaskExecutionRolePolicy, which grants
 * ECR and Logs on `*`).
 */
export class ServiceRoles extends pulumi.ComponentResource {
  public readonly executionRole: aws.iam.Role;
  public readonly taskRole: aws.iam.Role;
  /**
   * Role ARNs that resolve only once the role's policy exists, so the tasks never start with a
   * role that cannot yet pull, log or read the secret.
   */
  public readonly executionRoleArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ServiceRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:security:ServiceRoles", name, {}, opts);
    const suffix = args.environmentSuffix;
    const common = { service: "ecs-tasks.amazonaws.com", account: args.account };

    const execution = roleWithPolicy(
      {
        ...common,
        roleName: resourceName("ecs-execution-role", suffix),
        policyName: resourceName("ecs-execution-policy", suffix),
        description: "ECS agent: pull the payment image, write its logs, inject its DB secret",
        statements: executionRoleStatements(args),
      },
      { parent: this },
    );
    const task = roleWithPolicy(
      {
        ...common,
        roleName: resourceName("ecs-task-role", suffix),
        policyName: resourceName("ecs-task-policy", suffix),
        description: "Payment service: its app bucket and its DB secret",
        statements: taskRoleStatements(args),
      },
      { parent: this },
    );
    this.executionRole = execution.role;
    this.taskRole = task.role;
    this.executionRoleArn = execution.readyArn;
    this.taskRoleArn = task.readyArn;
    this.registerOutputs({ executionRoleArn: this.executionRoleArn, taskRoleArn: this.taskRoleArn });
  }
}
