/**
 * What the program registers that costs money, counted from the registrations the engine receives
 * under the test mocks (test/support/harness.ts). awsx components are remote: their children (NAT
 * gateways, Elastic IPs, subnets, the ALB's nodes) are not registered under mocks, so their counts
 * are derived from the args the program passes the component, and each such count says so.
 */
import { RegisteredResource, awsProviderRegions } from "../../test/support/harness";

export interface DbInstance {
  readonly instanceClass: string;
  readonly region: string;
}

export interface FargateTasks {
  readonly name: string;
  readonly region: string;
  readonly tasks: number;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: "X86_64" | "ARM64";
}

export interface Inventory {
  /** The Region most resources are created in (the stack's `aws:region`). */
  readonly region: string;
  readonly dbInstances: readonly DbInstance[];
  /** NAT gateways awsx creates for the VPC, from its `natGateways` strategy and AZs. */
  readonly natGateways: { readonly count: number; readonly derivedFrom: string };
  /** Public IPv4 addresses: one Elastic IP per NAT gateway, one per AZ of an internet-facing ALB. */
  readonly publicIpv4: { readonly count: number; readonly derivedFrom: string };
  /** Interface endpoints, each billed once per AZ (subnet) it has a network interface in. */
  readonly interfaceEndpoints: readonly { readonly service: string; readonly azs: number }[];
  readonly fargate: readonly FargateTasks[];
  readonly loadBalancers: readonly { readonly name: string; readonly azs: number }[];
  readonly webAcls: readonly { readonly name: string; readonly rules: number }[];
  /** Alarms by resolution, each counted once per metric it evaluates. */
  readonly alarms: {
    readonly count: number;
    readonly metrics: number;
    readonly highResolutionMetrics: number;
  };
  readonly dashboards: number;
  /** Customer-managed keys, by Region. */
  readonly kmsKeys: readonly { readonly region: string }[];
  /** Secrets Manager secrets: those the program creates and those RDS manages for it. */
  readonly secrets: { readonly created: number; readonly rdsManaged: number };
  readonly trails: readonly {
    readonly name: string;
    readonly management: boolean;
    readonly dataSelectors: number;
  }[];
  readonly backupPlans: readonly {
    readonly name: string;
    /** The longest `deleteAfter` of its rules, in days. */
    readonly retentionDays: number;
    /** Copy actions to another vault (another Region or account). */
    readonly copies: number;
    readonly continuous: boolean;
  }[];
  readonly logGroups: number;
  readonly flowLogsToS3: number;
  readonly buckets: number;
  readonly ecrRepositories: number;
  /** ECS clusters with Container Insights on (its metrics are custom metrics). */
  readonly containerInsightsClusters: number;
  /** Account-level detection services the stack turns on (usage-priced). */
  readonly detection: readonly string[];
  /** Delivery streams copying evidence out (usage-priced). */
  readonly deliveryStreams: number;
}

/** awsx `Vpc` creates this many AZs when `availabilityZoneNames` is not given (awsx docs). */
const AWSX_DEFAULT_AZS = 3;

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) throw new Error("no AWS provider with a Region was registered");
  return sorted[0][0];
}

/** The NAT gateways awsx creates for one VPC, and the args that say so. */
function natGatewaysOf(vpc: RegisteredResource): { count: number; why: string } {
  const azs =
    (vpc.inputs.availabilityZoneNames as unknown[] | undefined)?.length ??
    (vpc.inputs.numberOfAvailabilityZones as number | undefined) ??
    AWSX_DEFAULT_AZS;
  // awsx (ec2/vpc.d.ts, natGateways): unset means one gateway per AZ when the VPC has both public
  // and private subnets (its default subnet specs do), else none.
  const types = (
    (vpc.inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }]) as { type: string }[]
  ).map((spec) => spec.type);
  const strategy =
    (vpc.inputs.natGateways as { strategy?: string } | undefined)?.strategy ??
    (types.includes("Public") && types.includes("Private") ? "OnePerAz" : "None");
  const why = `natGateways strategy ${strategy} over ${azs} AZs`;
  switch (strategy) {
    case "None":
      return { count: 0, why };
    case "Single":
      return { count: 1, why };
    case "OnePerAz":
      return { count: azs, why };
    default:
      throw new Error(`awsx:ec2:Vpc ${vpc.name}: unknown natGateways strategy ${strategy}`);
  }
}

/** Counts the priced parts of one evaluation of the program. */
export function inventory(resources: readonly RegisteredResource[]): Inventory {
  const providerRegion = awsProviderRegions(resources);
  const regionOf = (r: RegisteredResource) => providerRegion(r) ?? "";
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const region = mostCommon(resources.filter((r) => r.custom || r.remote).map(regionOf));

  const vpcs = ofType("awsx:ec2:Vpc");
  const natPerVpc = vpcs.map(natGatewaysOf);
  const nat = natPerVpc.reduce((n, v) => n + v.count, 0);
  const albs = ofType("awsx:lb:ApplicationLoadBalancer").map((r) => ({
    name: String(r.inputs.name ?? r.name),
    azs: ((r.inputs.subnetIds ?? r.inputs.subnets) as unknown[] | undefined)?.length ?? AWSX_DEFAULT_AZS,
    internal: r.inputs.internal === true,
  }));
  const publicAlbAzs = albs.filter((a) => !a.internal).reduce((n, a) => n + a.azs, 0);

  const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => {
    const queries = (r.inputs.metricQueries as { metric?: { period?: number } }[] | undefined) ?? [];
    const metrics = queries.filter((q) => q.metric);
    const periods = metrics.length > 0 ? metrics.map((q) => q.metric!.period ?? 60) : [r.inputs.period ?? 60];
    return { metrics: Math.max(1, metrics.length), highResolution: periods.some((p) => Number(p) < 60) };
  });

  return {
    region,
    dbInstances: ofType("aws:rds/clusterInstance:ClusterInstance").map((r) => ({
      instanceClass: String(r.inputs.instanceClass),
      region: regionOf(r),
    })),
    natGateways: {
      count: nat,
      derivedFrom: `awsx:ec2:Vpc args: ${natPerVpc.map((v) => v.why).join("; ") || "no VPC"}`,
    },
    publicIpv4: {
      count: nat + publicAlbAzs,
      derivedFrom: `${nat} NAT Elastic IPs + ${publicAlbAzs} for the internet-facing ALB's AZs (at least one each)`,
    },
    interfaceEndpoints: ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((r) => r.inputs.vpcEndpointType === "Interface")
      .map((r) => ({
        service: String(r.inputs.serviceName),
        azs: (r.inputs.subnetIds as unknown[] | undefined)?.length ?? 0,
      })),
    fargate: ofType("awsx:ecs:FargateService").map((r) => {
      const task = (r.inputs.taskDefinitionArgs ?? {}) as {
        cpu?: string;
        memory?: string;
        runtimePlatform?: { cpuArchitecture?: string };
      };
      return {
        name: String(r.inputs.name ?? r.name),
        region: regionOf(r),
        // ECS runs one task when desiredCount is not set.
        tasks: Number(r.inputs.desiredCount ?? 1),
        vcpu: Number(task.cpu) / 1024,
        memoryGb: Number(task.memory) / 1024,
        architecture: task.runtimePlatform?.cpuArchitecture === "ARM64" ? "ARM64" : "X86_64",
      };
    }),
    loadBalancers: albs.map(({ name, azs }) => ({ name, azs })),
    webAcls: ofType("aws:wafv2/webAcl:WebAcl").map((r) => ({
      name: String(r.inputs.name),
      rules: ((r.inputs.rules as unknown[] | undefined) ?? []).length,
    })),
    alarms: {
      count: alarms.length,
      metrics: alarms.filter((a) => !a.highResolution).reduce((n, a) => n + a.metrics, 0),
      highResolutionMetrics: alarms.filter((a) => a.highResolution).reduce((n, a) => n + a.metrics, 0),
    },
    dashboards: ofType("aws:cloudwatch/dashboard:Dashboard").length,
    kmsKeys: ofType("aws:kms/key:Key").map((r) => ({ region: regionOf(r) })),
    secrets: {
      created: ofType("aws:secretsmanager/secret:Secret").length,
      rdsManaged: ofType("aws:rds/cluster:Cluster").filter((r) => r.inputs.manageMasterUserPassword === true)
        .length,
    },
    trails: ofType("aws:cloudtrail/trail:Trail").map((r) => {
      const selectors = (r.inputs.advancedEventSelectors ?? []) as {
        fieldSelectors: { field: string; equals?: string[] }[];
      }[];
      const category = (s: (typeof selectors)[number]) =>
        s.fieldSelectors.find((f) => f.field === "eventCategory")?.equals?.[0];
      return {
        name: String(r.inputs.name),
        // A trail without advanced selectors logs management events by default.
        management: selectors.length === 0 || selectors.some((s) => category(s) === "Management"),
        dataSelectors: selectors.filter((s) => category(s) === "Data").length,
      };
    }),
    backupPlans: ofType("aws:backup/plan:Plan").map((r) => {
      const rules = (r.inputs.rules ?? []) as {
        lifecycle?: { deleteAfter?: number };
        copyActions?: unknown[];
        enableContinuousBackup?: boolean;
      }[];
      return {
        name: String(r.inputs.name),
        retentionDays: Math.max(0, ...rules.map((rule) => rule.lifecycle?.deleteAfter ?? 0)),
        copies: rules.reduce((n, rule) => n + (rule.copyActions?.length ?? 0), 0),
        continuous: rules.some((rule) => rule.enableContinuousBackup === true),
      };
    }),
    logGroups: ofType("aws:cloudwatch/logGroup:LogGroup").length,
    flowLogsToS3: ofType("aws:ec2/flowLog:FlowLog").filter((r) => r.inputs.logDestinationType === "s3")
      .length,
    buckets: ofType("aws:s3/bucket:Bucket").length,
    ecrRepositories: ofType("aws:ecr/repository:Repository").length,
    containerInsightsClusters: ofType("aws:ecs/cluster:Cluster").filter((r) =>
      ((r.inputs.settings ?? []) as { name: string; value: string }[]).some(
        (x) => x.name === "containerInsights" && x.value !== "disabled",
      ),
    ).length,
    detection: [
      ["aws:guardduty/detector:Detector", "GuardDuty"],
      ["aws:securityhub/account:Account", "Security Hub"],
      ["aws:cfg/recorder:Recorder", "AWS Config"],
    ]
      .filter(([type]) => ofType(type).length > 0)
      .map(([, name]) => name),
    deliveryStreams: ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").length,
  };
}
