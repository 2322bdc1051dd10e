/**
 * Prices an inventory: fixed monthly charges (what the stack costs idle) in the total, usage-based
 * charges as rates with an example volume, never in the total.
 */
import { Inventory } from "./inventory";
import { HOURS_PER_MONTH, Price, RegionPrices, pricesFor } from "./prices";

/** A charge the stack pays every month whatever its traffic. */
export interface FixedCharge {
  readonly item: string;
  /** How the quantity was counted, e.g. "2 x 730 h". */
  readonly quantity: string;
  readonly usd: number;
  readonly prices: readonly Price[];
  /** Config keys that change it. */
  readonly config?: string;
}

/** A charge that depends on traffic or data volume: its rate and what an example volume costs. */
export interface UsageCharge {
  readonly item: string;
  readonly rate: string;
  readonly example: string;
  /** The example's monthly cost; absent where no single rate applies (priced per account usage). */
  readonly exampleUsd?: number;
  readonly prices: readonly Price[];
}

export interface Estimate {
  readonly region: string;
  readonly fixed: readonly FixedCharge[];
  readonly usage: readonly UsageCharge[];
  /** The sum of the fixed charges only. */
  readonly totalUsd: number;
  /** What the counts rest on (awsx children derived from component args, free tiers not applied). */
  readonly notes: readonly string[];
}

/** Cents, so that a total is the sum of the lines it shows. */
const cents = (usd: number) => Math.round(usd * 100) / 100;
const usdRate = (p: Price) => `${p.usd} USD per ${p.per}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The cost of `hours` (default a month) of something priced per hour. */
export function hourly(count: number, price: Price, hours = HOURS_PER_MONTH): number {
  return cents(count * hours * price.usd);
}

/** Example volumes for usage-based charges: a small production service, stated in the output. */
export const EXAMPLE = {
  natGb: 100,
  endpointGb: 50,
  albLcus: 1,
  wafMillionRequests: 10,
  internetOutGb: 100,
  dbStorageGb: 50,
  dbMillionIos: 50,
  /** Share of the database that changes per day, for incremental backup storage. */
  dbDailyChange: 0.01,
  logsGb: 20,
  flowLogsGb: 30,
  bucketGb: 100,
  imageGb: 2,
  managementEvents: 500_000,
  dataEvents: 1_000_000,
  kmsRequests: 1_000_000,
  archiveGb: 10,
} as const;

function fixedCharges(
  inv: Inventory,
  p: RegionPrices,
  pricesIn: (region: string) => RegionPrices,
): FixedCharge[] {
  const lines: FixedCharge[] = [];
  const add = (line: FixedCharge) => {
    if (line.usd > 0) lines.push({ ...line, usd: cents(line.usd) });
  };

  const classes = new Map<string, number>();
  for (const db of inv.dbInstances) {
    const key = `${db.instanceClass}@${db.region}`;
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  for (const [key, n] of classes) {
    const [instanceClass, region] = key.split("@");
    const price = pricesIn(region).auroraInstanceHour[instanceClass];
    if (!price) {
      throw new Error(
        `tools/cost/prices.ts has no Aurora MySQL price for ${instanceClass} in ${region}; add it with its pricing page`,
      );
    }
    add({
      item: `Aurora MySQL instances (writer + readers): ${n} x ${instanceClass}`,
      quantity: `${n} x ${HOURS_PER_MONTH} h`,
      usd: hourly(n, price),
      prices: [price],
      config: "`dbInstanceClass`, `dbReaderCount`",
    });
  }

  add({
    item: `NAT gateways: ${inv.natGateways.count} (${inv.natGateways.derivedFrom})`,
    quantity: `${inv.natGateways.count} x ${HOURS_PER_MONTH} h`,
    usd: hourly(inv.natGateways.count, p.natGatewayHour),
    prices: [p.natGatewayHour],
  });
  add({
    item: `Public IPv4 addresses: ${inv.publicIpv4.count} (${inv.publicIpv4.derivedFrom})`,
    quantity: `${inv.publicIpv4.count} x ${HOURS_PER_MONTH} h`,
    usd: hourly(inv.publicIpv4.count, p.publicIpv4Hour),
    prices: [p.publicIpv4Hour],
  });
  const endpointAzs = inv.interfaceEndpoints.reduce((n, e) => n + e.azs, 0);
  const azsEach = [...new Set(inv.interfaceEndpoints.map((e) => e.azs))].join("/");
  add({
    item: `Interface VPC endpoints: ${inv.interfaceEndpoints.length} x ${azsEach} AZs`,
    quantity: `${endpointAzs} x ${HOURS_PER_MONTH} h`,
    usd: hourly(endpointAzs, p.interfaceEndpointAzHour),
    prices: [p.interfaceEndpointAzHour],
    config: "`enableInterfaceEndpoints`",
  });
  for (const f of inv.fargate) {
    const fp = pricesIn(f.region);
    const vcpuHours = f.tasks * f.vcpu * HOURS_PER_MONTH;
    const gbHours = f.tasks * f.memoryGb * HOURS_PER_MONTH;
    const vcpu = fp.fargateVcpuHour[f.architecture];
    const gb = fp.fargateGbHour[f.architecture];
    add({
      item: `Fargate: ${plural(f.tasks, "task")} of ${f.vcpu} vCPU / ${f.memoryGb} GB (${f.architecture}) at the desired count`,
      quantity: `${vcpuHours} vCPU-h + ${gbHours} GB-h`,
      usd: vcpuHours * vcpu.usd + gbHours * gb.usd,
      prices: [vcpu, gb],
      config: "`taskCpu`, `taskMemory`, `desiredCount`",
    });
  }
  add({
    item: `Application Load Balancer: ${inv.loadBalancers.length} (hours; LCUs are usage)`,
    quantity: `${inv.loadBalancers.length} x ${HOURS_PER_MONTH} h`,
    usd: hourly(inv.loadBalancers.length, p.albHour),
    prices: [p.albHour],
  });
  const rules = inv.webAcls.reduce((n, w) => n + w.rules, 0);
  add({
    item: `WAF: ${plural(inv.webAcls.length, "web ACL")} + ${plural(rules, "rule")}`,
    quantity: `${inv.webAcls.length} ACL + ${rules} rules`,
    usd: inv.webAcls.length * p.wafWebAclMonth.usd + rules * p.wafRuleMonth.usd,
    prices: [p.wafWebAclMonth, p.wafRuleMonth],
  });
  const { alarms } = inv;
  add({
    item: `CloudWatch alarms: ${alarms.count} (${alarms.metrics + alarms.highResolutionMetrics} metrics)`,
    quantity: `${alarms.metrics} standard + ${alarms.highResolutionMetrics} high-resolution metrics`,
    usd:
      alarms.metrics * p.alarmMetricMonth.usd +
      alarms.highResolutionMetrics * p.highResolutionAlarmMetricMonth.usd,
    prices: [p.alarmMetricMonth, p.highResolutionAlarmMetricMonth],
    config: "`alarm*` thresholds do not change it",
  });
  add({
    item: `CloudWatch dashboards: ${inv.dashboards}`,
    quantity: `${inv.dashboards}`,
    usd: inv.dashboards * p.dashboardMonth.usd,
    prices: [p.dashboardMonth],
  });
  const keyRegions = [...new Set(inv.kmsKeys.map((k) => k.region))];
  add({
    item: `KMS customer-managed keys: ${inv.kmsKeys.length} (${keyRegions.join(", ")}; +1 USD each for each of the first two yearly rotations)`,
    quantity: `${inv.kmsKeys.length} keys`,
    // One price in every Region (KMS pricing), so a DR Region needs no price list of its own.
    usd: inv.kmsKeys.length * p.kmsKeyMonth.usd,
    prices: [p.kmsKeyMonth],
    config: "`backupEnabled`, `drRegion` (the DR key)",
  });
  const secrets = inv.secrets.created + inv.secrets.rdsManaged;
  add({
    item: `Secrets Manager secrets: ${secrets} (${inv.secrets.rdsManaged} managed by RDS for the master user)`,
    quantity: `${secrets}`,
    usd: secrets * p.secretMonth.usd,
    prices: [p.secretMonth],
  });
  return lines;
}

function usageCharges(inv: Inventory, p: RegionPrices): UsageCharge[] {
  const lines: UsageCharge[] = [];
  const add = (line: UsageCharge) =>
    lines.push({ ...line, exampleUsd: line.exampleUsd === undefined ? undefined : cents(line.exampleUsd) });

  if (inv.natGateways.count > 0) {
    add({
      item: "NAT gateway data processing",
      rate: usdRate(p.natGatewayGb),
      example: `${EXAMPLE.natGb} GB`,
      exampleUsd: EXAMPLE.natGb * p.natGatewayGb.usd,
      prices: [p.natGatewayGb],
    });
  }
  if (inv.interfaceEndpoints.length > 0) {
    add({
      item: "Interface endpoint data processing",
      rate: usdRate(p.interfaceEndpointGb),
      example: `${EXAMPLE.endpointGb} GB`,
      exampleUsd: EXAMPLE.endpointGb * p.interfaceEndpointGb.usd,
      prices: [p.interfaceEndpointGb],
    });
  }
  if (inv.loadBalancers.length > 0) {
    add({
      item: "ALB capacity units (new connections, active connections, bytes, rule evaluations)",
      rate: usdRate(p.albLcuHour),
      example: `${EXAMPLE.albLcus} LCU on average, ${HOURS_PER_MONTH} h`,
      exampleUsd: hourly(inv.loadBalancers.length * EXAMPLE.albLcus, p.albLcuHour),
      prices: [p.albLcuHour],
    });
    add({
      item: "Data transfer out to the internet",
      rate: `${usdRate(p.internetTransferOutGb)} (first 10 TB; first 100 GB a month free per account)`,
      example: `${EXAMPLE.internetOutGb} GB`,
      exampleUsd: EXAMPLE.internetOutGb * p.internetTransferOutGb.usd,
      prices: [p.internetTransferOutGb],
    });
  }
  if (inv.webAcls.length > 0) {
    add({
      item: "WAF requests inspected",
      rate: usdRate(p.wafMillionRequests),
      example: `${EXAMPLE.wafMillionRequests} million requests`,
      exampleUsd: EXAMPLE.wafMillionRequests * p.wafMillionRequests.usd,
      prices: [p.wafMillionRequests],
    });
  }
  if (inv.dbInstances.length > 0) {
    add({
      item: "Aurora storage (Aurora Standard)",
      rate: usdRate(p.auroraStorageGbMonth),
      example: `${EXAMPLE.dbStorageGb} GB`,
      exampleUsd: EXAMPLE.dbStorageGb * p.auroraStorageGbMonth.usd,
      prices: [p.auroraStorageGbMonth],
    });
    add({
      item: "Aurora I/O (Aurora Standard)",
      rate: usdRate(p.auroraMillionIos),
      example: `${EXAMPLE.dbMillionIos} million I/Os`,
      exampleUsd: EXAMPLE.dbMillionIos * p.auroraMillionIos.usd,
      prices: [p.auroraMillionIos],
    });
  }
  for (const plan of inv.backupPlans) {
    // Incremental snapshots: one full copy plus each day's changes, kept for the retention.
    const storedGb = EXAMPLE.dbStorageGb * (1 + EXAMPLE.dbDailyChange * plan.retentionDays);
    const copiedGb = EXAMPLE.dbStorageGb * EXAMPLE.dbDailyChange * 30;
    add({
      item:
        `AWS Backup ${plan.name}: snapshots kept ${plan.retentionDays} days` +
        `${plan.continuous ? " + point-in-time" : ""}, in this Region and ${plural(plan.copies, "copy", "copies")}`,
      rate: usdRate(p.backupAuroraGbMonth),
      example:
        `${EXAMPLE.dbStorageGb} GB database, ${EXAMPLE.dbDailyChange * 100}% daily change: ` +
        `${storedGb} GB in each of ${1 + plan.copies} vaults`,
      exampleUsd: storedGb * (1 + plan.copies) * p.backupAuroraGbMonth.usd,
      prices: [p.backupAuroraGbMonth],
    });
    if (plan.copies > 0) {
      add({
        item: "Cross-Region transfer of the daily backup copies",
        rate: usdRate(p.interRegionTransferOutGb),
        example: `${copiedGb} GB (a month of daily changes; the first copy is the full ${EXAMPLE.dbStorageGb} GB)`,
        exampleUsd: copiedGb * plan.copies * p.interRegionTransferOutGb.usd,
        prices: [p.interRegionTransferOutGb],
      });
    }
  }
  if (inv.logGroups > 0) {
    add({
      item: `CloudWatch Logs ingestion (${inv.logGroups} log groups, RDS enhanced monitoring, Container Insights)`,
      rate: usdRate(p.logsIngestedGb),
      example: `${EXAMPLE.logsGb} GB`,
      exampleUsd: EXAMPLE.logsGb * p.logsIngestedGb.usd,
      prices: [p.logsIngestedGb],
    });
    add({
      item: "CloudWatch Logs storage (kept 7 years, so it grows every month)",
      rate: usdRate(p.logsStoredGbMonth),
      example: `${EXAMPLE.logsGb * 12} GB stored after a year`,
      exampleUsd: EXAMPLE.logsGb * 12 * p.logsStoredGbMonth.usd,
      prices: [p.logsStoredGbMonth],
    });
  }
  if (inv.flowLogsToS3 > 0) {
    add({
      item: "VPC flow logs delivered to S3 (vended logs)",
      rate: usdRate(p.vendedLogsToS3Gb),
      example: `${EXAMPLE.flowLogsGb} GB`,
      exampleUsd: EXAMPLE.flowLogsGb * p.vendedLogsToS3Gb.usd,
      prices: [p.vendedLogsToS3Gb],
    });
  }
  if (inv.buckets > 0) {
    add({
      item: `S3 storage (${inv.buckets} buckets: logs, trail, application data)`,
      rate: usdRate(p.s3StandardGbMonth),
      example: `${EXAMPLE.bucketGb} GB`,
      exampleUsd: EXAMPLE.bucketGb * p.s3StandardGbMonth.usd,
      prices: [p.s3StandardGbMonth],
    });
  }
  if (inv.ecrRepositories > 0) {
    add({
      item: `ECR image storage (${plural(inv.ecrRepositories, "repository", "repositories")})`,
      rate: usdRate(p.ecrStorageGbMonth),
      example: `${EXAMPLE.imageGb} GB of images`,
      exampleUsd: EXAMPLE.imageGb * p.ecrStorageGbMonth.usd,
      prices: [p.ecrStorageGbMonth],
    });
  }
  if (inv.containerInsightsClusters > 0) {
    add({
      item: `Container Insights metrics (${plural(inv.containerInsightsClusters, "cluster")}; its performance logs are in the log ingestion above)`,
      rate: `${usdRate(p.customMetricMonth)}; the number of metrics grows with services and task families`,
      example: "not estimated",
      prices: [p.customMetricMonth],
    });
  }
  const managementTrails = inv.trails.filter((t) => t.management).length;
  if (managementTrails > 0) {
    add({
      item:
        `CloudTrail management events beyond the first trail (${managementTrails} here; ` +
        "paid when the account already has a trail, e.g. an organization trail)",
      rate: usdRate(p.trailManagementCopyHundredThousandEvents),
      example: `${EXAMPLE.managementEvents.toLocaleString("en-US")} events`,
      exampleUsd: (EXAMPLE.managementEvents / 100_000) * p.trailManagementCopyHundredThousandEvents.usd,
      prices: [p.trailManagementCopyHundredThousandEvents],
    });
  }
  const dataSelectors = inv.trails.reduce((n, t) => n + t.dataSelectors, 0);
  if (dataSelectors > 0) {
    add({
      item: `CloudTrail data events (${plural(dataSelectors, "selector")})`,
      rate: usdRate(p.trailDataHundredThousandEvents),
      example: `${EXAMPLE.dataEvents.toLocaleString("en-US")} events`,
      exampleUsd: (EXAMPLE.dataEvents / 100_000) * p.trailDataHundredThousandEvents.usd,
      prices: [p.trailDataHundredThousandEvents],
    });
  }
  if (inv.kmsKeys.length > 0) {
    add({
      item: "KMS requests",
      rate: usdRate(p.kmsTenThousandRequests),
      example: `${EXAMPLE.kmsRequests.toLocaleString("en-US")} requests`,
      exampleUsd: (EXAMPLE.kmsRequests / 10_000) * p.kmsTenThousandRequests.usd,
      prices: [p.kmsTenThousandRequests],
    });
  }
  if (inv.deliveryStreams > 0) {
    add({
      item: `Evidence archive: Firehose (${inv.deliveryStreams} stream) and S3 replication`,
      rate: `${usdRate(p.firehoseIngestedGb)} + ${usdRate(p.interRegionTransferOutGb)} replicated`,
      example: `${EXAMPLE.archiveGb} GB`,
      exampleUsd: EXAMPLE.archiveGb * (p.firehoseIngestedGb.usd + p.interRegionTransferOutGb.usd),
      prices: [p.firehoseIngestedGb, p.interRegionTransferOutGb],
    });
  }
  for (const service of inv.detection) {
    add({
      item: `${service} (account-level, per Region)`,
      rate: "usage-based (events, findings, configuration items); see its pricing page",
      example: "not estimated",
      prices: [],
    });
  }
  return lines;
}

/** Prices the inventory with the list prices of its Regions. */
export function estimate(inv: Inventory, pricesIn: (region: string) => RegionPrices = pricesFor): Estimate {
  const p = pricesIn(inv.region);
  const fixed = fixedCharges(inv, p, pricesIn);
  return {
    region: inv.region,
    fixed,
    usage: usageCharges(inv, p),
    totalUsd: cents(fixed.reduce((sum, line) => sum + line.usd, 0)),
    notes: [
      "NAT gateways, their Elastic IPs and the ALB's public addresses are counted from the args the program passes " +
        "the awsx components: awsx components are remote, so their children are not registered under the test mocks.",
      `Monthly figures use ${HOURS_PER_MONTH} hours. No free tier is applied (the first 10 alarm metrics and 3 dashboards of an account are free).`,
      "Usage-based charges are not in the total: each shows its rate and what an example volume would cost.",
    ],
  };
}
