import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, roleWithPolicy } from "./iam";
import { resourceName } from "./naming";

export interface ServiceRolesArgs {
  /** Suffix of the role and policy names (`ecs-execution-role-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The account the roles trust (confused-deputy condition) and the region of `kms:ViaService`. */
  readonly account: AccountContext;
  /** The payment service's ECR repository: the only images the tasks may pull. */
  readonly repositoryArn: pulumi.Input<string>;
  /** The container log group the awslogs driver writes to. */
  readonly logGroupArn: pulumi.Input<string>;
  /** The application's bucket. */
  readonly appBucketArn: pulumi.Input<string>;
  /** The data key, which encrypts the application's bucket. */
  readonly dataKeyArn: pulumi.Input<string>;
  /**
   * The application's database user for IAM authentication:
   * `arn:aws:rds-db:{region}:{account}:dbuser:{clusterResourceId}/{user}`.
   */
  readonly dbUserArn: pulumi.Input<string>;
  /**
   * GuardDuty's regional repository of its Fargate runtime agent, when Runtime Monitoring manages
   * the agent: ECS pulls that sidecar with the execution role (GuardDuty user guide,
   * "Prerequisites for AWS Fargate (Amazon ECS only) support").
   * @default no agent
   */
  readonly guardDutyAgentRepositoryArn?: pulumi.Input<string>;
}

/** Decrypt with the data key only when Secrets Manager (or S3) asks on the role's behalf. */
function viaService(account: AccountContext, service: string) {
  return { StringEquals: { "kms:ViaService": `${service}.${account.region}.amazonaws.com` } };
}

/**
 * What the ECS agent needs to start a task: pull its image (and GuardDuty's agent sidecar when
 * Runtime Monitoring is on) and write its logs. Nothing else.
 */
export function executionRoleStatements(args: ServiceRolesArgs): PolicyStatement[] {
  return [
    {
      Sid: "PullPaymentServiceImages",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: args.repositoryArn,
    },
    ...(args.guardDutyAgentRepositoryArn
      ? [
          {
            Sid: "PullGuardDutyRuntimeAgentSidecar",
            Effect: "Allow" as const,
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: args.guardDutyAgentRepositoryArn,
          },
        ]
      : []),
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
  ];
}

/**
 * What the application itself may do: use its bucket, and connect to the database as its own
 * user with IAM tokens. It never sees the master secret, so the secret's automatic rotation
 * cannot strand a running task with a stale password (PCI DSS 7.2, 8.6).
 */
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
      // The bucket uses an S3 Bucket Key, so S3 asks KMS with the bucket's ARN as encryption
      // context, never an object's (S3 User Guide, "Reducing the cost of SSE-KMS with Amazon S3
      // Bucket Keys"): the data key serves this bucket's objects and no other's.
      Condition: {
        StringEquals: {
          ...viaService(args.account, "s3").StringEquals,
          "kms:EncryptionContext:aws:s3:arn": args.appBucketArn,
        },
      },
    },
    {
      Sid: "ConnectToDatabaseAsAppUser",
      Effect: "Allow",
      Action: ["rds-db:connect"],
      Resource: args.dbUserArn,
    },
  ];
}

/**
 * The task execution role and the task role, each with one inline least-privilege policy and no
 * AWS managed policy (awsx would otherwise attach AmazonECSTaskExecutionRolePolicy, which grants
 * ECR and Logs on `*`).
 */
export class ServiceRoles extends pulumi.ComponentResource {
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
        logicalName: `${name}-ecs-execution`,
        roleName: resourceName("ecs-execution-role", suffix),
        policyName: resourceName("ecs-execution-policy", suffix),
        description: "ECS agent: pull the payment image, write its logs",
        statements: executionRoleStatements(args),
      },
      { parent: this },
    );
    const task = roleWithPolicy(
      {
        ...common,
        logicalName: `${name}-ecs-task`,
        roleName: resourceName("ecs-task-role", suffix),
        policyName: resourceName("ecs-task-policy", suffix),
        description: "Payment service: its app bucket and its IAM database user",
        statements: taskRoleStatements(args),
      },
      { parent: this },
    );
    this.executionRoleArn = execution.readyArn;
    this.taskRoleArn = task.readyArn;
    this.registerOutputs({ executionRoleArn: this.executionRoleArn, taskRoleArn: this.taskRoleArn });
  }
}
