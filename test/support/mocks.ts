import type * as pulumi from "@pulumi/pulumi";

export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-2";

/** Realistic ids for what awsx would create, so the program's wiring can be followed in tests. */
export const PUBLIC_SUBNET_IDS = ["subnet-0pub0a", "subnet-0pub0b", "subnet-0pub0c"];
export const PRIVATE_SUBNET_IDS = ["subnet-0prv0a", "subnet-0prv0b", "subnet-0prv0c"];
export const DEFAULT_NETWORK_ACL_ID = "acl-0default0";
export const VPC_ID = "vpc-0payments";

const arnOf = (service: string, resource: string, region = REGION) =>
  `arn:aws:${service}:${region}:${ACCOUNT_ID}:${resource}`;

/** The ARN the mocks give the KMS key registered under `logicalName` (e.g. `kms-data-prod`). */
export const mockKeyArn = (logicalName: string, region = REGION) =>
  arnOf("kms", `key/${logicalName}`, region);
/** The RDS-managed master secret the mocks give every Aurora cluster (in its Region). */
const mockDbSecretArn = (region = REGION) =>
  arnOf("secretsmanager", "secret:rds!cluster-3f1e-AbCdEf", region);
export const MOCK_DB_SECRET_ARN = mockDbSecretArn();

/** The resource id RDS gives the cluster, which IAM database authentication ARNs name. */
export const MOCK_CLUSTER_RESOURCE_ID = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2";

/**
 * Outputs the real providers would return, per resource type. awsx components are remote: under
 * mocks only the component is registered, so its outputs stand in for its children.
 */
export function mockOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  region = REGION,
): Record<string, unknown> {
  /** Every ARN in the Region of the resource's provider. */
  const arn = (service: string, resource: string) => arnOf(service, resource, region);
  switch (type) {
    case "awsx:ec2:Vpc":
      return {
        vpcId: VPC_ID,
        vpc: { defaultNetworkAclId: DEFAULT_NETWORK_ACL_ID },
        publicSubnetIds: PUBLIC_SUBNET_IDS,
        privateSubnetIds: PRIVATE_SUBNET_IDS,
      };
    case "awsx:lb:ApplicationLoadBalancer":
      return {
        loadBalancer: {
          arn: arn("elasticloadbalancing", `loadbalancer/app/${inputs.name}/50dc6c495c0c9188`),
          arnSuffix: `app/${inputs.name}/50dc6c495c0c9188`,
          dnsName: `${inputs.name}-1234567890.${region}.elb.amazonaws.com`,
        },
        defaultTargetGroup: {
          arn: arn("elasticloadbalancing", "targetgroup/tg/73e2d6bc24d8a067"),
          port: (inputs.defaultTargetGroup as { port?: number } | undefined)?.port,
        },
        vpcId: VPC_ID,
      };
    case "awsx:ecs:FargateService":
      return {
        service: { name: inputs.name, arn: arn("ecs", `service/${inputs.name}`) },
        taskDefinition: { arn: arn("ecs", "task-definition/payment-task:1") },
      };
    case "aws:kms/key:Key":
      return { ...inputs, arn: mockKeyArn(name, region), keyId: `${name}-key-id` };
    case "aws:backup/vault:Vault":
      return { ...inputs, arn: arn("backup", `backup-vault:${inputs.name}`) };
    case "aws:backup/plan:Plan":
      return { ...inputs, arn: arn("backup", `backup-plan:${name}-id`) };
    case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
      return { ...inputs, arn: arn("firehose", `deliverystream/${inputs.name}`) };
    case "aws:s3/bucket:Bucket":
      return { ...inputs, arn: `arn:aws:s3:::${inputs.bucket}`, bucket: inputs.bucket };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...inputs, arn: arn("logs", `log-group:${inputs.name}`) };
    case "aws:iam/role:Role":
      return { ...inputs, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${inputs.name}` };
    case "aws:ecr/repository:Repository":
      return {
        ...inputs,
        arn: arn("ecr", `repository/${inputs.name}`),
        repositoryUrl: `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${inputs.name}`,
      };
    case "aws:ecs/cluster:Cluster":
      return { ...inputs, arn: arn("ecs", `cluster/${inputs.name}`) };
    case "aws:rds/cluster:Cluster":
      return {
        ...inputs,
        arn: arn("rds", `cluster:${inputs.clusterIdentifier}`),
        endpoint: `${inputs.clusterIdentifier}.cluster-c9akciq32.${region}.rds.amazonaws.com`,
        readerEndpoint: `${inputs.clusterIdentifier}.cluster-ro-c9akciq32.${region}.rds.amazonaws.com`,
        port: 3306,
        clusterResourceId: MOCK_CLUSTER_RESOURCE_ID,
        masterUserSecrets: [
          {
            secretArn: mockDbSecretArn(region),
            kmsKeyId: inputs.masterUserSecretKmsKeyId,
            secretStatus: "active",
          },
        ],
      };
    case "aws:acm/certificate:Certificate":
      return { ...inputs, arn: arn("acm", `certificate/${name}`) };
    case "aws:cloudtrail/trail:Trail":
      return { ...inputs, arn: arn("cloudtrail", `trail/${inputs.name}`) };
    case "aws:sns/topic:Topic":
      return { ...inputs, arn: arn("sns", String(inputs.name)) };
    case "aws:cloudwatch/eventRule:EventRule":
      return { ...inputs, arn: arn("events", `rule/${inputs.name}`) };
    case "aws:lambda/function:Function":
      return { ...inputs, arn: arn("lambda", `function:${inputs.name}`) };
    case "aws:lambda/invocation:Invocation":
      return { ...inputs, result: JSON.stringify({ statements: [], grants: [] }) };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { ...inputs, arn: arn("cloudwatch", `alarm:${inputs.name}`) };
    case "aws:cloudwatch/dashboard:Dashboard":
      return {
        ...inputs,
        dashboardArn: `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${inputs.dashboardName}`,
      };
    case "aws:securityhub/standardsSubscription:StandardsSubscription":
      return { ...inputs };
    case "aws:wafv2/webAcl:WebAcl":
      return { ...inputs, arn: arn("wafv2", `regional/webacl/${inputs.name}/a1b2`) };
    case "tls:index/privateKey:PrivateKey":
      return {
        ...inputs,
        privateKeyPem: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n",
      };
    case "tls:index/selfSignedCert:SelfSignedCert":
      return { ...inputs, certPem: "-----BEGIN CERTIFICATE-----\nMIID...\n-----END CERTIFICATE-----\n" };
    default:
      return { ...inputs, arn: arn(type.split(":")[1]?.split("/")[0] ?? "unknown", name) };
  }
}

/** Results for the provider functions the program calls. */
export function mockCall(token: string): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci`, userId: "AIDACI" };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    default:
      throw new Error(`the program called ${token}, which the test mocks do not know`);
  }
}

/** Physical ids as AWS returns them where the program uses `id` as a name. */
export function mockId(type: string, name: string, inputs: Record<string, unknown>): string {
  switch (type) {
    case "awsx:ec2:Vpc":
      return VPC_ID;
    case "aws:s3/bucket:Bucket":
      return String(inputs.bucket);
    case "aws:cloudwatch/logGroup:LogGroup":
    case "aws:iam/role:Role":
      return String(inputs.name);
    default:
      return `${name}-id`;
  }
}

/** The Region of each AWS provider the program registers, by provider name. */
const providerRegions = new Map<string, string>();
/** `urn:...::pulumi:providers:aws::<name>::<id>` -> the Region that provider was given. */
const regionOf = (providerRef?: string) => providerRegions.get(providerRef?.split("::")[3] ?? "") ?? REGION;

/**
 * The providers map of the registration being mocked. A remote (awsx) component names its AWS
 * provider there, not as `provider`, which is all the mock monitor passes on: the harness sets
 * this just before the monitor calls `newResource` (synchronously) for that registration.
 */
let registeringProviders: Readonly<Record<string, string>> = {};
export const setRegisteringProviders = (providers: Readonly<Record<string, string>>) => {
  registeringProviders = providers;
};

/**
 * Which engine run the mocks answer: "up" (an update: every resource exists, ids and outputs
 * known) or "preview" (a first `pulumi preview`: nothing exists yet).
 */
export type EngineView = "up" | "preview";

/** The wire form of a value the engine does not know yet (@pulumi/pulumi runtime/rpc.js `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * What a first preview answers for a resource to be created: no id, and only its inputs, which
 * the SDK passes through; every other output is unknown (runtime/resource.js resolveOutputs).
 * awsx components answer their outputs, every id in them unknown; the lists keep their length
 * (one id per subnet), as the provider's construct returns them.
 */
function previewState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const unknowns = (n: number) => Array.from({ length: n }, () => UNKNOWN);
  switch (type) {
    case "awsx:ec2:Vpc": {
      const azs = (inputs.availabilityZoneNames as string[] | undefined)?.length ?? 3;
      return { vpcId: UNKNOWN, publicSubnetIds: unknowns(azs), privateSubnetIds: unknowns(azs) };
    }
    case "awsx:lb:ApplicationLoadBalancer":
      return {
        loadBalancer: { arn: UNKNOWN, arnSuffix: UNKNOWN, dnsName: UNKNOWN },
        defaultTargetGroup: {
          arn: UNKNOWN,
          port: (inputs.defaultTargetGroup as { port?: number } | undefined)?.port,
        },
        vpcId: UNKNOWN,
      };
    case "awsx:ecs:FargateService":
      return { service: { name: inputs.name, arn: UNKNOWN }, taskDefinition: { arn: UNKNOWN } };
    default:
      return {};
  }
}

export function mocks(view: EngineView = "up"): pulumi.runtime.Mocks {
  return {
    newResource: (args) => {
      if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string") {
        providerRegions.set(args.name, args.inputs.region);
      }
      if (view === "preview") return { id: "", state: previewState(args.type, args.inputs) };
      const provider = args.provider || registeringProviders.aws;
      return {
        id: mockId(args.type, args.name, args.inputs),
        state: mockOutputs(args.type, args.name, args.inputs, regionOf(provider)),
      };
    },
    call: (args) => mockCall(args.token),
  };
}
