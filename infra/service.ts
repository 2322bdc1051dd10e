import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { NONCURRENT_VERSION_DAYS, SecureBucket } from "./bucket";
import { guardDutyAgentRepositoryArn } from "./detection";
import { AccountContext } from "./iam";
import { auditLogGroup } from "./logGroups";
import { resourceName } from "./naming";
import { awsxChildOptions } from "./provider";
import { ServiceRoles } from "./serviceRoles";

export const CONTAINER_NAME = "payment-api";
/** The default image (nginx-unprivileged) runs as uid 101; set explicitly so it is never root. */
export const CONTAINER_USER = "101";
/** Scratch space for the container (nginx keeps its pid and request buffers in /tmp). */
export const TMP_SIZE_MIB = 64;

/** The container the task runs. */
export interface ContainerSpec {
  /** Image reference; a new value rolls out new tasks. */
  readonly image: string;
  /** TCP port the container listens on (1024-65535: the container is not root). */
  readonly port: number;
}

/** Task size and how many tasks run. */
export interface TaskScaling {
  /** Fargate CPU units per task (256 = 0.25 vCPU). A new value registers a new task definition. */
  readonly cpu: number;
  /** MiB of memory per task; must be a size Fargate accepts for `cpu`. */
  readonly memory: number;
  /** Tasks at deploy time, between `minCount` and `maxCount`. */
  readonly desiredCount: number;
  /** Autoscaling lower bound. */
  readonly minCount: number;
  /** Autoscaling upper bound. */
  readonly maxCount: number;
  /** Average CPU utilisation (percent) the target-tracking policy holds. */
  readonly cpuTargetPercent: number;
}

/** How the application reaches its database. */
export interface DatabaseConnection {
  /** The writer endpoint. */
  readonly endpoint: pulumi.Input<string>;
  /** The MySQL port. */
  readonly port: pulumi.Input<number>;
  /** The schema the application uses. */
  readonly name: string;
  /** The application's own user, authenticated with IAM tokens. */
  readonly username: string;
  /** The cluster resource id (`cluster-...`) that the user's `rds-db:connect` ARN names. */
  readonly clusterResourceId: pulumi.Input<string>;
}

export interface PaymentServiceArgs {
  /** Suffix of every physical name (`ecs-cluster-{suffix}`, `payment-service-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The account and region of the repository, log group, roles and database user ARN. */
  readonly account: AccountContext;
  /** The private subnets the tasks run in, without public IPs. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The service's security group (from the ALB only). */
  readonly securityGroupId: pulumi.Input<string>;
  /** The ALB target group the tasks register with. */
  readonly targetGroupArn: pulumi.Input<string>;
  /** Customer-managed key of the repository and the application bucket. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** Customer-managed key of the container and Container Insights log groups. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days container logs are kept. */
  readonly logRetentionDays: number;
  /** The image and its port. */
  readonly container: ContainerSpec;
  /** Task size and how many tasks run. */
  readonly scaling: TaskScaling;
  /** How the application reaches its database. */
  readonly database: DatabaseConnection;
  /**
   * GuardDuty Runtime Monitoring manages its agent in the tasks (account detection on): the
   * execution role may pull the agent's image from GuardDuty's repository in the Region.
   * @default false
   */
  readonly runtimeMonitoring?: boolean;
}

/**
 * The payment API on Fargate: an ECR repository for its image, an ECS cluster with Container
 * Insights, a service of private tasks behind the ALB, explicit roles and log group (never the
 * awsx defaults), and CPU target-tracking autoscaling.
 */
export class PaymentService extends pulumi.ComponentResource {
  /** Push the application's images here. */
  public readonly repositoryUrl: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  /** The container log group (`/ecs/payment-service-{suffix}`). */
  public readonly logGroupName: pulumi.Output<string>;
  /** Container Insights' performance log group, created here so it is encrypted and kept. */
  public readonly containerInsightsLogGroupName: pulumi.Output<string>;
  /** The application's bucket (`app-data-{suffix}-{account}`). */
  public readonly appBucketName: pulumi.Output<string>;
  public readonly appBucketArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;

  constructor(name: string, args: PaymentServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:compute:PaymentService", name, {}, opts);
    const { account, container, scaling } = args;
    const suffix = args.environmentSuffix;
    const child = { parent: this };

    const repository = new aws.ecr.Repository(
      name,
      {
        name: resourceName("payment-api", suffix),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.dataKeyArn }],
        // Destroyable with images in it.
        forceDelete: true,
      },
      child,
    );

    // Container Insights writes to this group, and would create it itself (unencrypted, never
    // expiring, left behind on destroy) if it did not exist when the cluster turns it on
    // (CloudWatch User Guide, "Container Insights performance log events for Amazon ECS").
    const clusterName = resourceName("ecs-cluster", suffix);
    const insightsLogGroup = auditLogGroup(
      `${name}-container-insights`,
      {
        name: `/aws/ecs/containerinsights/${clusterName}/performance`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.logsKeyArn,
      },
      child,
    );
    const cluster = new aws.ecs.Cluster(
      name,
      { name: clusterName, settings: [{ name: "containerInsights", value: "enabled" }] },
      { parent: this, dependsOn: [insightsLogGroup] },
    );

    const logGroup = auditLogGroup(
      name,
      {
        name: `/ecs/${resourceName("payment-service", suffix)}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.logsKeyArn,
      },
      child,
    );

    const appBucket = new SecureBucket(
      `${name}-app-data`,
      {
        type: "app-data",
        environmentSuffix: suffix,
        account,
        encryption: { kmsKeyArn: args.dataKeyArn },
        noncurrentExpireDays: NONCURRENT_VERSION_DAYS,
      },
      child,
    );

    const roles = new ServiceRoles(
      `${name}-roles`,
      {
        environmentSuffix: suffix,
        account,
        repositoryArn: repository.arn,
        logGroupArn: logGroup.arn,
        appBucketArn: appBucket.arn,
        dataKeyArn: args.dataKeyArn,
        dbUserArn: pulumi.interpolate`arn:${account.partition}:rds-db:${account.region}:${account.accountId}:dbuser:${args.database.clusterResourceId}/${args.database.username}`,
        guardDutyAgentRepositoryArn: args.runtimeMonitoring
          ? guardDutyAgentRepositoryArn(account)
          : undefined,
      },
      child,
    );

    const serviceName = resourceName("payment-service", suffix);
    const service = new awsx.ecs.FargateService(
      name,
      {
        name: serviceName,
        cluster: cluster.arn,
        desiredCount: scaling.desiredCount,
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          assignPublicIp: false,
          securityGroups: [args.securityGroupId],
        },
        loadBalancers: [
          {
            targetGroupArn: args.targetGroupArn,
            containerName: CONTAINER_NAME,
            containerPort: container.port,
          },
        ],
        deploymentCircuitBreaker: { enable: true, rollback: true },
        // Keep full capacity while a deployment replaces tasks.
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        healthCheckGracePeriodSeconds: 60,
        platformVersion: "LATEST",
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        enableExecuteCommand: false,
        taskDefinitionArgs: {
          family: resourceName("payment-task", suffix),
          cpu: String(scaling.cpu),
          memory: String(scaling.memory),
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
          executionRole: { roleArn: roles.executionRoleArn },
          taskRole: { roleArn: roles.taskRoleArn },
          // The log group above is used instead of awsx's, which never expires.
          logGroup: { skip: true },
          container: {
            name: CONTAINER_NAME,
            image: container.image,
            essential: true,
            user: CONTAINER_USER,
            readonlyRootFilesystem: true,
            linuxParameters: {
              capabilities: { drop: ["ALL"] },
              initProcessEnabled: true,
              // The only writable path. A tmpfs (Fargate supports them since January 2026) rather
              // than a bind mount, which is root-owned (0755), so uid 101 could not write. A tmpfs
              // is mode 1777 by default, so no `mode=` option is needed.
              tmpfs: [
                {
                  containerPath: "/tmp",
                  size: TMP_SIZE_MIB,
                  mountOptions: ["rw", "nosuid", "nodev", "noexec"],
                },
              ],
            },
            portMappings: [{ containerPort: container.port, protocol: "tcp" }],
            // No password anywhere: the application signs a 15-minute IAM token for DB_USERNAME
            // with its task role (RDS User Guide, "IAM database authentication"), over TLS.
            environment: [
              { name: "DB_HOST", value: pulumi.output(args.database.endpoint) },
              { name: "DB_PORT", value: pulumi.output(args.database.port).apply(String) },
              { name: "DB_NAME", value: args.database.name },
              { name: "DB_USERNAME", value: args.database.username },
              { name: "DB_AUTH", value: "iam" },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": logGroup.name,
                "awslogs-region": account.region,
                "awslogs-stream-prefix": CONTAINER_NAME,
              },
            },
          },
        },
      },
      awsxChildOptions(this),
    );

    const target = new aws.appautoscaling.Target(
      `${name}-cpu-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        // The service's own name output: the target waits until awsx has created the service.
        resourceId: pulumi.interpolate`service/${cluster.name}/${service.service.name}`,
        minCapacity: scaling.minCount,
        maxCapacity: scaling.maxCount,
      },
      child,
    );
    new aws.appautoscaling.Policy(
      `${name}-cpu-scaling`,
      {
        name: resourceName("cpu-scaling", suffix),
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: scaling.cpuTargetPercent,
          scaleInCooldown: 120,
          scaleOutCooldown: 60,
        },
      },
      child,
    );

    this.repositoryUrl = repository.repositoryUrl;
    this.clusterName = cluster.name;
    this.serviceName = service.service.name;
    this.logGroupName = logGroup.name;
    this.containerInsightsLogGroupName = insightsLogGroup.name;
    this.appBucketName = appBucket.name;
    this.appBucketArn = appBucket.arn;
    this.taskRoleArn = roles.taskRoleArn;
    this.registerOutputs({
      repositoryUrl: this.repositoryUrl,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
      containerInsightsLogGroupName: this.containerInsightsLogGroupName,
      appBucketName: this.appBucketName,
      appBucketArn: this.appBucketArn,
      taskRoleArn: this.taskRoleArn,
    });
  }
}
