import {
  LoadedProgram,
  PolicyStatementJson,
  RegisteredResource,
  loadStack,
  statementsOf,
} from "./support/program";
import { ACCOUNT_ID, MOCK_CLUSTER_RESOURCE_ID, PRIVATE_SUBNET_IDS, mockKeyArn } from "./support/mocks";

const DATA_KEY_ARN = mockKeyArn("kms-data-prod");
const REPOSITORY_ARN = `arn:aws:ecr:us-east-2:${ACCOUNT_ID}:repository/payment-api-prod`;
const LOG_GROUP_ARN = `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/ecs/payment-service-prod`;
const APP_BUCKET_ARN = `arn:aws:s3:::app-data-prod-${ACCOUNT_ID}`;

describe("service", () => {
  let program: LoadedProgram;
  let fargate: RegisteredResource;
  // prodTuned: containerPort 8443, 1024 CPU / 2048 MiB, 2-12 tasks, 3 at deploy time.
  beforeAll(() => {
    program = loadStack("prodTuned");
    fargate = program.one("awsx:ecs:FargateService");
  });
  const taskDefinition = () => fargate.inputs.taskDefinitionArgs;
  const container = () => taskDefinition().container;

  describe("ECS cluster", () => {
    it("is named by convention with Container Insights on", () => {
      expect(program.one("aws:ecs/cluster:Cluster").inputs).toMatchObject({
        name: "ecs-cluster-prod",
        settings: [{ name: "containerInsights", value: "enabled" }],
      });
    });

    it("gets Container Insights' log group from the stack first: encrypted, kept seven years, destroyed with it", () => {
      const group = program.one("aws:cloudwatch/logGroup:LogGroup", "container-insights");
      expect(group.inputs).toMatchObject({
        name: "/aws/ecs/containerinsights/ecs-cluster-prod/performance",
        retentionInDays: 2557,
        kmsKeyId: mockKeyArn("kms-logs-prod"),
        skipDestroy: false,
      });
      expect(program.one("aws:ecs/cluster:Cluster").dependencies).toContain(group.urn);
    });
  });

  describe("Fargate service", () => {
    it("runs 512 CPU / 1024 MiB tasks on Fargate Linux by default", () => {
      const prod = loadStack("prod").one("awsx:ecs:FargateService").inputs.taskDefinitionArgs;
      expect(prod).toMatchObject({
        family: "payment-task-prod",
        cpu: "512",
        memory: "1024",
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      });
    });

    it("runs the task size the stack configures", () => {
      expect(taskDefinition()).toMatchObject({ cpu: "1024", memory: "2048" });
    });

    it("places tasks in the private subnets, without public IPs, behind the service security group", () => {
      expect(fargate.inputs.networkConfiguration).toEqual({
        subnets: PRIVATE_SUBNET_IDS,
        assignPublicIp: false,
        securityGroups: ["security-groups-prod-service-sg-id"],
      });
    });

    it("registers the container with the ALB's target group on the container port", () => {
      expect(fargate.inputs.loadBalancers).toEqual([
        {
          targetGroupArn: expect.stringContaining(":targetgroup/"),
          containerName: "payment-api",
          containerPort: 8443,
        },
      ]);
      expect(container().portMappings).toEqual([{ containerPort: 8443, protocol: "tcp" }]);
    });

    it("runs the configured number of tasks, at least two", () => {
      expect(fargate.inputs.desiredCount).toBe(3);
    });

    it("rolls back a deployment that fails to stabilise", () => {
      expect(fargate.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
    });

    it("uses the explicit roles and log group, never the awsx defaults", () => {
      expect(taskDefinition().executionRole).toEqual({
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecs-execution-role-prod`,
      });
      expect(taskDefinition().taskRole).toEqual({
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecs-task-role-prod`,
      });
      expect(taskDefinition().logGroup).toEqual({ skip: true });
      expect(container().logConfiguration).toEqual({
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/ecs/payment-service-prod",
          "awslogs-region": "us-east-2",
          "awslogs-stream-prefix": "payment-api",
        },
      });
    });

    it("hardens the container: read-only root, non-root user, no capabilities, not privileged", () => {
      expect(container()).toMatchObject({
        readonlyRootFilesystem: true,
        user: "101",
        linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      });
      expect(container().privileged).not.toBe(true);
    });

    it("gives the non-root process a writable /tmp as a non-executable tmpfs (mode 1777 by default)", () => {
      expect(container().linuxParameters.tmpfs).toEqual([
        { containerPath: "/tmp", size: 64, mountOptions: ["rw", "nosuid", "nodev", "noexec"] },
      ]);
      expect(container().mountPoints).toBeUndefined();
      expect(taskDefinition().volumes).toBeUndefined();
    });

    it("connects to the database as its own user with IAM tokens: no password, no master secret", () => {
      expect(container().secrets).toBeUndefined();
      expect(container().environment).toEqual([
        { name: "DB_HOST", value: expect.stringContaining("aurora-cluster-prod.cluster-") },
        { name: "DB_PORT", value: "3306" },
        { name: "DB_NAME", value: "payments" },
        { name: "DB_USERNAME", value: "payments_app" },
        { name: "DB_AUTH", value: "iam" },
      ]);
    });

    it("runs the configured image", () => {
      expect(container().image).toBe("public.ecr.aws/nginx/nginx-unprivileged:stable");
    });
  });

  describe("autoscaling", () => {
    it("tracks average CPU between the configured bounds", () => {
      expect(program.one("aws:appautoscaling/target:Target").inputs).toMatchObject({
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/ecs-cluster-prod/payment-service-prod",
        minCapacity: 2,
        maxCapacity: 12,
      });
      expect(program.one("aws:appautoscaling/policy:Policy").inputs).toMatchObject({
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: 60,
        },
      });
    });
  });

  describe("container log group", () => {
    it("is kept seven years and encrypted with the logs key", () => {
      const group = program
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .find((g) => g.inputs.name === "/ecs/payment-service-prod");
      expect(group?.inputs).toMatchObject({
        retentionInDays: 2557,
        kmsKeyId: mockKeyArn("kms-logs-prod"),
      });
    });
  });

  describe("ECR repository", () => {
    it("is KMS-encrypted, immutable, scanned on push and destroyable with images", () => {
      expect(program.one("aws:ecr/repository:Repository").inputs).toMatchObject({
        name: "payment-api-prod",
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: DATA_KEY_ARN }],
        forceDelete: true,
      });
      expect(program.outputs.ecrRepositoryUrl).toBe(
        `${ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/payment-api-prod`,
      );
    });
  });

  describe("application bucket", () => {
    it("is KMS-encrypted with the data key, versioned, private and TLS-only", () => {
      const part = (type: string) => program.one(type, "payment-service");
      expect(
        part("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs
          .rules[0].applyServerSideEncryptionByDefault,
      ).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: DATA_KEY_ARN });
      expect(part("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status).toBe(
        "Enabled",
      );
      expect(part("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs.blockPublicPolicy).toBe(
        true,
      );
      expect(statementsOf(part("aws:s3/bucketPolicy:BucketPolicy").inputs.policy)[0].Sid).toBe(
        "DenyRequestsWithoutTls",
      );
    });
  });

  describe("IAM", () => {
    const policyOf = (name: string) =>
      statementsOf(program.one("aws:iam/rolePolicy:RolePolicy", name).inputs.policy);
    const bySid = (statements: PolicyStatementJson[]) =>
      Object.fromEntries(statements.map((s) => [s.Sid, s]));

    it("lets only ECS tasks of this account assume the service roles", () => {
      for (const name of ["ecs-execution", "ecs-task"]) {
        expect(statementsOf(program.one("aws:iam/role:Role", name).inputs.assumeRolePolicy)).toEqual([
          {
            Sid: "TrustServiceFromThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: ["sts:AssumeRole"],
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
          },
        ]);
      }
    });

    it("attaches no AWS managed policy", () => {
      expect(program.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
      for (const role of program.ofType("aws:iam/role:Role")) {
        expect(role.inputs.managedPolicyArns).toBeUndefined();
      }
    });

    it("lets the execution role pull only the payment repository and GuardDuty's agent, and log only to its group", () => {
      const s = bySid(policyOf("ecs-execution-policy"));
      expect(Object.keys(s)).toEqual([
        "PullPaymentServiceImages",
        "PullGuardDutyRuntimeAgentSidecar",
        "GetRegistryAuthToken",
        "WriteContainerLogs",
      ]);
      expect(s.PullPaymentServiceImages.Resource).toBe(REPOSITORY_ARN);
      expect(s.WriteContainerLogs.Resource).toEqual([LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`]);
    });

    it("pulls GuardDuty's runtime agent from its us-east-2 repository only when detection is on", () => {
      // GuardDuty user guide, "ECR repository for GuardDuty agent on AWS Fargate (Amazon ECS only)".
      expect(bySid(policyOf("ecs-execution-policy")).PullGuardDutyRuntimeAgentSidecar).toEqual({
        Sid: "PullGuardDutyRuntimeAgentSidecar",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: "arn:aws:ecr:us-east-2:307168627858:repository/aws-guardduty-agent-fargate",
      });
      const withoutDetection = statementsOf(
        loadStack("prod").one("aws:iam/rolePolicy:RolePolicy", "ecs-execution").inputs.policy,
      );
      expect(withoutDetection.map((st) => st.Sid)).not.toContain("PullGuardDutyRuntimeAgentSidecar");
    });

    it("lets the task role use only its bucket, and connect to the database only as the app user", () => {
      const s = bySid(policyOf("ecs-task-policy"));
      expect(s.ListAppBucket.Resource).toBe(APP_BUCKET_ARN);
      expect(s.ReadWriteAppObjects).toMatchObject({
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `${APP_BUCKET_ARN}/*`,
      });
      expect(s.UseDataKeyForAppObjects.Condition).toEqual({
        StringEquals: {
          "kms:ViaService": "s3.us-east-2.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": APP_BUCKET_ARN,
        },
      });
      expect(s.ConnectToDatabaseAsAppUser).toEqual({
        Sid: "ConnectToDatabaseAsAppUser",
        Effect: "Allow",
        Action: ["rds-db:connect"],
        Resource: `arn:aws:rds-db:us-east-2:${ACCOUNT_ID}:dbuser:${MOCK_CLUSTER_RESOURCE_ID}/payments_app`,
      });
    });

    it("never lets a service role read the master secret", () => {
      const actions = program
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.name.includes("ecs-"))
        .flatMap((p) => statementsOf(p.inputs.policy))
        .flatMap((st) => st.Action);
      expect(actions.filter((a) => a.startsWith("secretsmanager:"))).toEqual([]);
    });

    it("uses no wildcard action, and Resource * only for ecr:GetAuthorizationToken", () => {
      const statements = program
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .flatMap((p) => statementsOf(p.inputs.policy));
      expect(statements.flatMap((s) => s.Action).filter((a) => a.includes("*"))).toEqual([]);
      const unscoped = statements.filter((s) => [s.Resource].flat().includes("*"));
      expect(unscoped.map((s) => s.Action)).toEqual([["ecr:GetAuthorizationToken"]]);
    });
  });

  it("exports the cluster, service, bucket and log group names", () => {
    expect(program.outputs).toMatchObject({
      ecsClusterName: "ecs-cluster-prod",
      ecsServiceName: "payment-service-prod",
      appBucketName: `app-data-prod-${ACCOUNT_ID}`,
      logGroupNames: expect.objectContaining({
        container: "/ecs/payment-service-prod",
        containerInsights: "/aws/ecs/containerinsights/ecs-cluster-prod/performance",
      }),
    });
  });
});
