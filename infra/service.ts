import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { NONCURRENT_VERSION_DAYS, SecureBucket } from "./bucket";
import { PlatformConfig } from "./config";
import { AccountContext } from "./iam";
import { auditLogGroup } from "./logGroups";
import { resourceName } from "./naming";
import { ServiceRoles } from "./serviceIam";

export const CONTAINER_NAME = "payment-api";
/** The default image (nginx-unprivileged) runs as uid 101; set explicitly so it is never root. */
export const CONTAINER_USER = "101";
/** Scratch space for the container (nginx keeps its pid and request buffers in /tmp). */
export const TMP_SIZE_MIB = 64;

export interface PaymentServiceArgs {
  readonly config: PlatformConfig;
  readonly account: AccountContext;
  readonly provider: aws.Provider;
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArn: pulumi.Input<string>;
  readonly dataKeyArn: pulumi.Input<string>;
  readonly logsKeyArn: pulumi.Input<string>;
  readonly database: {
    readonly endpoint: pulumi.Input<string>;
    readonly port: pulumi.Input<number>;
    readonly name: pulumi.Input<string>;
    readonly secretArn: pulumi.Input<string>;
  };
}

/**
 * The payment API on Fargate: an ECR repository for its image, an ECS cluster with Container
 * Insights, a service of private tasks behind the ALB, explicit roles and log group (never the
 * awsx defaults), and CPU target-tracking autoscaling.
 */
export class PaymentService extends pulumi.ComponentResource {
  public readonly repository: aws.ecr.Repository;
  public readonly cluster: aws.ecs.Cluster;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly appBucket: SecureBucket;
  public readonly roles: ServiceRoles;
  public readonly service: awsx.ecs.FargateService;
  public readonly serviceName: string;

  constructor(name: string, args: PaymentServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:compute:PaymentService", name, {}, opts);
    const { config, account } = args;
    const suffix = config.environmentSuffix;
    const svc = config.service;
    const child = { parent: this };

    this.repository = new aws.ecr.Repository(
      resourceName("payment-api", suffix),
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

    this.cluster = new aws.ecs.Cluster(
      resourceName("ecs-cluster", suffix),
      {
        name: resourceName("ecs-cluster", suffix),
        settings: [{ name: "containerInsights", value: "enabled" }],
      },
      child,
    );

    this.logGroup = auditLogGroup(
      resourceName("payment-service", suffix),
      {
        name: `/ecs/${resourceName("payment-service", suffix)}`,
        retentionInDays: config.logRetentionDays,
        kmsKeyArn: args.logsKeyArn,
      },
      child,
    );

    this.appBucket = new SecureBucket(
      resourceName("payment-service", suffix),
      {
        type: "app-data",
        environmentSuffix: suffix,
        account,
        encryption: { kmsKeyArn: args.dataKeyArn },
        noncurrentExpireDays: NONCURRENT_VERSION_DAYS,
      },
      child,
    );

    this.roles = new ServiceRoles(
      resourceName("payment-service", suffix),
      {
        environmentSuffix: suffix,
        account,
        repositoryArn: this.repository.arn,
        logGroupArn: this.logGroup.arn,
        dbSecretArn: args.database.secretArn,
        dataKeyArn: args.dataKeyArn,
        appBucketArn: this.appBucket.arn,
      },
      child,
    );

    this.serviceName = resourceName("payment-service", suffix);
    this.service = new awsx.ecs.FargateService(
      this.serviceName,
      {
        name: this.serviceName,
        cluster: this.cluster.arn,
        desiredCount: svc.desiredCount,
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          assignPublicIp: false,
          securityGroups: [args.securityGroupId],
        },
        loadBalancers: [
          { targetGroupArn: args.targetGroupArn, containerName: CONTAINER_NAME, containerPort: svc.port },
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
          cpu: String(svc.cpu),
          memory: String(svc.memory),
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
          executionRole: { roleArn: this.roles.executionRoleArn },
          taskRole: { roleArn: this.roles.taskRoleArn },
          // The log group above is used instead of awsx's, which never expires.
          logGroup: { skip: true },
          container: {
            name: CONTAINER_NAME,
            image: svc.image,
            essential: true,
            user: CONTAINER_USER,
            readonlyRootFilesystem: true,
            linuxParameters: {
              capabilities: { drop: ["ALL"] },
              initProcessEnabled: true,
              // The only writable path. A tmpfs (Fargate supports them since 2026) rather than a
              // bind mount: bind mounts are root-owned, so a non-root process could not write.
              tmpfs: [
                {
                  containerPath: "/tmp",
                  size: TMP_SIZE_MIB,
                  mountOptions: ["rw", "nosuid", "nodev", "noexec", "mode=1777"],
                },
              ],
            },
            portMappings: [{ containerPort: svc.port, protocol: "tcp" }],
            environment: [
              { name: "DB_HOST", value: pulumi.output(args.database.endpoint) },
              { name: "DB_PORT", value: pulumi.output(args.database.port).apply(String) },
              { name: "DB_NAME", value: pulumi.output(args.database.name) },
            ],
            // Credentials come from Secrets Manager at task start, never as plain environment.
            secrets: [
              { name: "DB_USERNAME", valueFrom: pulumi.interpolate`${args.database.secretArn}:username::` },
              { name: "DB_PASSWORD", valueFrom: pulumi.interpolate`${args.database.secretArn}:password::` },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": this.logGroup.name,
                "awslogs-region": config.region,
                "awslogs-stream-prefix": CONTAINER_NAME,
              },
            },
          },
        },
      },
      { parent: this, providers: [args.provider] },
    );

    const target = new aws.appautoscaling.Target(
      resourceName("cpu-scaling", suffix),
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        // The service's own name output: the target waits until awsx has created the service.
        resourceId: pulumi.interpolate`service/${this.cluster.name}/${this.service.service.name}`,
        minCapacity: svc.minCount,
        maxCapacity: svc.maxCount,
      },
      child,
    );
    new aws.appautoscaling.Policy(
      resourceName("cpu-scaling", suffix),
      {
        name: resourceName("cpu-scaling", suffix),
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: svc.cpuTargetPercent,
          scaleInCooldown: 120,
          scaleOutCooldown: 60,
        },
      },
      child,
    );

    this.registerOutputs({
      clusterName: this.cluster.name,
      serviceName: this.serviceName,
      repositoryUrl: this.repository.repositoryUrl,
    });
  }
}
