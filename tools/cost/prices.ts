/**
 * On-demand list prices (USD) per Region for what `npm run cost` counts. One entry per charge,
 * each with the AWS pricing page it is published on.
 *
 * How these were read (2026-11-28): the AWS pricing pages render their tables with JavaScript, and
 * this environment has no browser and no AWS Price List API access. A value with `checked` was
 * confirmed against a dated quote of the page; one without is the page's list price as recalled,
 * not confirmed here; `estimated` marks a Region's value that was not found and says how it was
 * derived. Check a value on its page (or `aws pricing get-products`) before relying on it.
 */

/** The date the prices below were read. */
export const PRICES_READ_ON = "2026-11-28";

/** Hours in the average month AWS uses for monthly figures (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;

export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. "hour", "GB", "month". */
  readonly per: string;
  /** The AWS pricing page that publishes it. */
  readonly page: string;
  /** Where the value was confirmed, when it was. */
  readonly checked?: string;
  /** Set when the Region's exact value was not found: how the value here was derived. */
  readonly estimated?: string;
}

const PAGE = {
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privateLink: "https://aws.amazon.com/privatelink/pricing/",
  fargate: "https://aws.amazon.com/fargate/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  cloudWatch: "https://aws.amazon.com/cloudwatch/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secretsManager: "https://aws.amazon.com/secrets-manager/pricing/",
  cloudTrail: "https://aws.amazon.com/cloudtrail/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  backup: "https://aws.amazon.com/backup/pricing/",
  dataTransfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
  s3: "https://aws.amazon.com/s3/pricing/",
  firehose: "https://aws.amazon.com/firehose/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
} as const;

/** Every charge the estimator prices, in one Region. */
export interface RegionPrices {
  readonly natGatewayHour: Price;
  readonly natGatewayGb: Price;
  readonly publicIpv4Hour: Price;
  readonly interfaceEndpointAzHour: Price;
  readonly interfaceEndpointGb: Price;
  readonly fargateVcpuHour: Readonly<Record<"X86_64" | "ARM64", Price>>;
  readonly fargateGbHour: Readonly<Record<"X86_64" | "ARM64", Price>>;
  readonly albHour: Price;
  readonly albLcuHour: Price;
  readonly wafWebAclMonth: Price;
  readonly wafRuleMonth: Price;
  readonly wafMillionRequests: Price;
  /** A standard-resolution alarm, per metric it evaluates (metric-math alarms pay per metric). */
  readonly alarmMetricMonth: Price;
  readonly highResolutionAlarmMetricMonth: Price;
  readonly dashboardMonth: Price;
  /** Custom metrics, first 10,000 (Container Insights publishes its metrics as these). */
  readonly customMetricMonth: Price;
  readonly logsIngestedGb: Price;
  readonly logsStoredGbMonth: Price;
  /** Vended logs (VPC flow logs) delivered to S3, first 10 TB. */
  readonly vendedLogsToS3Gb: Price;
  readonly kmsKeyMonth: Price;
  readonly kmsTenThousandRequests: Price;
  readonly secretMonth: Price;
  /** Management events recorded by a trail beyond the first copy in the Region. */
  readonly trailManagementCopyHundredThousandEvents: Price;
  readonly trailDataHundredThousandEvents: Price;
  /** Aurora MySQL on-demand instance hours (Aurora Standard), by instance class. */
  readonly auroraInstanceHour: Readonly<Record<string, Price>>;
  readonly auroraStorageGbMonth: Price;
  readonly auroraMillionIos: Price;
  /** AWS Backup: Aurora snapshot storage, warm. */
  readonly backupAuroraGbMonth: Price;
  readonly internetTransferOutGb: Price;
  readonly interRegionTransferOutGb: Price;
  readonly s3StandardGbMonth: Price;
  readonly ecrStorageGbMonth: Price;
  readonly firehoseIngestedGb: Price;
}

/** The same price in every commercial Region (these services publish one global rate). */
const GLOBAL = {
  publicIpv4Hour: {
    usd: 0.005,
    per: "hour",
    page: PAGE.vpc,
    checked: "cloudburn.io/blog/aws-nat-gateway-pricing (2026-02): $0.005/hour per IP",
  },
  wafWebAclMonth: { usd: 5, per: "month", page: PAGE.waf },
  wafRuleMonth: { usd: 1, per: "month", page: PAGE.waf },
  wafMillionRequests: { usd: 0.6, per: "million requests", page: PAGE.waf },
  dashboardMonth: { usd: 3, per: "month", page: PAGE.cloudWatch },
  kmsKeyMonth: { usd: 1, per: "month", page: PAGE.kms },
  kmsTenThousandRequests: { usd: 0.03, per: "10,000 requests", page: PAGE.kms },
  secretMonth: { usd: 0.4, per: "month", page: PAGE.secretsManager },
  trailManagementCopyHundredThousandEvents: { usd: 2, per: "100,000 events", page: PAGE.cloudTrail },
  trailDataHundredThousandEvents: { usd: 0.1, per: "100,000 events", page: PAGE.cloudTrail },
} as const satisfies Partial<Record<keyof RegionPrices, Price>>;

const fargateChecked =
  "vantage.sh/blog/fargate-pricing (us-east-1 rates); aws.amazon.com/jp/fargate/pricing lists us-east-1, " +
  "us-east-2, us-west-2 and eu-west-1 in one price group";

/** us-east-2 (Ohio). */
const US: RegionPrices = {
  ...GLOBAL,
  natGatewayHour: {
    usd: 0.045,
    per: "hour",
    page: PAGE.vpc,
    checked: "cloudburn.io/blog/aws-nat-gateway-pricing (2026-02, US East Ohio)",
  },
  natGatewayGb: {
    usd: 0.045,
    per: "GB",
    page: PAGE.vpc,
    checked: "hub.pointfive.co CER-0325: $0.045/GB in US East Ohio",
  },
  interfaceEndpointAzHour: {
    usd: 0.01,
    per: "hour",
    page: PAGE.privateLink,
    checked:
      "knbrlo.com/notes/aws/nat-gateway-data-processing (2026-05): about $0.01/hour per endpoint per AZ",
  },
  interfaceEndpointGb: { usd: 0.01, per: "GB", page: PAGE.privateLink },
  fargateVcpuHour: {
    X86_64: { usd: 0.04048, per: "vCPU-hour", page: PAGE.fargate, checked: fargateChecked },
    ARM64: { usd: 0.03238, per: "vCPU-hour", page: PAGE.fargate, checked: fargateChecked },
  },
  fargateGbHour: {
    X86_64: { usd: 0.004445, per: "GB-hour", page: PAGE.fargate, checked: fargateChecked },
    ARM64: { usd: 0.00356, per: "GB-hour", page: PAGE.fargate, checked: fargateChecked },
  },
  albHour: {
    usd: 0.0225,
    per: "hour",
    page: PAGE.elb,
    checked: "cal53.calculator.city/aws-alb-cost-calculator: US East $0.0225/hour",
  },
  albLcuHour: { usd: 0.008, per: "LCU-hour", page: PAGE.elb },
  alarmMetricMonth: { usd: 0.1, per: "metric-month", page: PAGE.cloudWatch },
  highResolutionAlarmMetricMonth: { usd: 0.3, per: "metric-month", page: PAGE.cloudWatch },
  customMetricMonth: { usd: 0.3, per: "metric-month", page: PAGE.cloudWatch },
  logsIngestedGb: { usd: 0.5, per: "GB", page: PAGE.cloudWatch },
  logsStoredGbMonth: { usd: 0.03, per: "GB-month", page: PAGE.cloudWatch },
  vendedLogsToS3Gb: { usd: 0.25, per: "GB", page: PAGE.cloudWatch },
  auroraInstanceHour: {
    "db.r6g.large": {
      usd: 0.26,
      per: "hour",
      page: PAGE.aurora,
      estimated:
        "not found on the page here; 0.26 as recalled from it, while a third-party calculator " +
        "(store-v2-khaki.vercel.app/rds-vs-aurora-cost-calculator) quotes 0.29: check it",
    },
    "db.r7g.large": {
      usd: 0.276,
      per: "hour",
      page: PAGE.aurora,
      estimated: "not found; db.r6g.large x 1.06, the usual r7g over r6g step",
    },
    "db.t4g.medium": {
      usd: 0.073,
      per: "hour",
      page: PAGE.aurora,
      estimated:
        "not found on the page here; 0.073 as recalled from it, while the same third-party calculator quotes 0.082: check it",
    },
    "db.t4g.large": { usd: 0.146, per: "hour", page: PAGE.aurora },
  },
  auroraStorageGbMonth: { usd: 0.1, per: "GB-month", page: PAGE.aurora },
  auroraMillionIos: { usd: 0.2, per: "million I/Os", page: PAGE.aurora },
  backupAuroraGbMonth: { usd: 0.021, per: "GB-month", page: PAGE.backup },
  internetTransferOutGb: {
    usd: 0.09,
    per: "GB",
    page: PAGE.dataTransfer,
    checked: "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026: $0.09/GB first 10 TB",
  },
  interRegionTransferOutGb: { usd: 0.02, per: "GB", page: PAGE.dataTransfer },
  s3StandardGbMonth: { usd: 0.023, per: "GB-month", page: PAGE.s3 },
  ecrStorageGbMonth: { usd: 0.1, per: "GB-month", page: PAGE.ecr },
  firehoseIngestedGb: { usd: 0.029, per: "GB", page: PAGE.firehose },
};

/** A Region's value derived from us-east-2's by a factor, saying so. */
function scaled(base: Price, factor: number, why: string): Price {
  return {
    usd: Math.round(base.usd * factor * 100000) / 100000,
    per: base.per,
    page: base.page,
    estimated: `not found; us-east-2 x ${factor} (${why})`,
  };
}
/** A Region's value known from its page but not confirmed here against a copy of it. */
const unconfirmed = (base: Price, usd: number, why: string): Price => ({
  usd,
  per: base.per,
  page: base.page,
  estimated: `not found in the sources searched; ${why}`,
});

const auroraScaled = (factor: number, why: string) =>
  Object.fromEntries(
    Object.entries(US.auroraInstanceHour).map(([cls, price]) => [cls, scaled(price, factor, why)]),
  );

/** A value this Region's page was not read for: us-east-2's, saying so. */
const assumedAsUsEast2 = (p: Price): Price => ({
  usd: p.usd,
  per: p.per,
  page: p.page,
  estimated: "not found for this Region; assumed equal to us-east-2",
});

/**
 * us-east-2's prices for another Region, each marked as assumed, except the global ones and the
 * `confirmed` keys, whose us-east-2 value was confirmed for this Region too.
 */
function likeUsEast2(confirmed: readonly (keyof RegionPrices)[]): RegionPrices {
  const keep = new Set<string>([...Object.keys(GLOBAL), ...confirmed]);
  return Object.fromEntries(
    Object.entries(US).map(([key, value]) => [
      key,
      keep.has(key)
        ? value
        : "usd" in value
          ? assumedAsUsEast2(value as Price)
          : Object.fromEntries(
              Object.entries(value as Record<string, Price>).map(([k, v]) => [k, assumedAsUsEast2(v)]),
            ),
    ]),
  ) as unknown as RegionPrices;
}

const US_WEST_2: RegionPrices = {
  ...likeUsEast2(["fargateVcpuHour", "fargateGbHour"]),
  natGatewayHour: {
    ...US.natGatewayHour,
    checked: "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026: US West (Oregon) ~$0.045",
  },
  natGatewayGb: {
    ...US.natGatewayGb,
    checked: "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026: US West (Oregon) ~$0.045",
  },
};

const EU_WEST_1: RegionPrices = {
  ...likeUsEast2(["fargateVcpuHour", "fargateGbHour"]),
  natGatewayHour: unconfirmed(
    US.natGatewayHour,
    0.048,
    "Ireland's rate as recalled from the page, unconfirmed",
  ),
  natGatewayGb: unconfirmed(US.natGatewayGb, 0.048, "Ireland's rate as recalled from the page, unconfirmed"),
  interfaceEndpointAzHour: unconfirmed(
    US.interfaceEndpointAzHour,
    0.011,
    "Ireland's rate as recalled from the page, unconfirmed",
  ),
  albHour: {
    ...US.albHour,
    usd: 0.0252,
    checked: "cal53.calculator.city/aws-alb-cost-calculator: Europe (Ireland) $0.0252/hour",
  },
  auroraInstanceHour: auroraScaled(1.1, "the usual Ireland premium on RDS instance hours"),
  auroraStorageGbMonth: unconfirmed(
    US.auroraStorageGbMonth,
    0.11,
    "Ireland's rate as recalled from the page, unconfirmed",
  ),
  auroraMillionIos: unconfirmed(
    US.auroraMillionIos,
    0.22,
    "Ireland's rate as recalled from the page, unconfirmed",
  ),
  logsIngestedGb: unconfirmed(
    US.logsIngestedGb,
    0.57,
    "Ireland's rate as recalled from the page, unconfirmed",
  ),
};

const AP_SOUTHEAST_2: RegionPrices = {
  ...likeUsEast2([]),
  natGatewayHour: unconfirmed(
    US.natGatewayHour,
    0.059,
    "the Asia Pacific rate; Singapore's $0.059 quoted by basavytix.com",
  ),
  natGatewayGb: unconfirmed(
    US.natGatewayGb,
    0.059,
    "the Asia Pacific rate; Singapore's $0.059 quoted by basavytix.com",
  ),
  interfaceEndpointAzHour: unconfirmed(
    US.interfaceEndpointAzHour,
    0.013,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  fargateVcpuHour: {
    X86_64: unconfirmed(
      US.fargateVcpuHour.X86_64,
      0.04856,
      "Sydney's rate as recalled from the page, unconfirmed",
    ),
    ARM64: unconfirmed(
      US.fargateVcpuHour.ARM64,
      0.03885,
      "Sydney's rate as recalled from the page, unconfirmed",
    ),
  },
  fargateGbHour: {
    X86_64: unconfirmed(
      US.fargateGbHour.X86_64,
      0.00532,
      "Sydney's rate as recalled from the page, unconfirmed",
    ),
    ARM64: unconfirmed(
      US.fargateGbHour.ARM64,
      0.00426,
      "Sydney's rate as recalled from the page, unconfirmed",
    ),
  },
  albHour: unconfirmed(US.albHour, 0.0252, "Sydney's rate as recalled from the page, unconfirmed"),
  auroraInstanceHour: auroraScaled(1.2, "the usual Sydney premium on RDS instance hours"),
  auroraStorageGbMonth: unconfirmed(
    US.auroraStorageGbMonth,
    0.11,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  auroraMillionIos: unconfirmed(
    US.auroraMillionIos,
    0.22,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  logsIngestedGb: unconfirmed(
    US.logsIngestedGb,
    0.57,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  internetTransferOutGb: unconfirmed(
    US.internetTransferOutGb,
    0.114,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  interRegionTransferOutGb: unconfirmed(
    US.interRegionTransferOutGb,
    0.098,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
  s3StandardGbMonth: unconfirmed(
    US.s3StandardGbMonth,
    0.025,
    "Sydney's rate as recalled from the page, unconfirmed",
  ),
};

/** List prices by Region. A Region missing here is refused by the estimator, never guessed. */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-2": US,
  "us-west-2": US_WEST_2,
  "eu-west-1": EU_WEST_1,
  "ap-southeast-2": AP_SOUTHEAST_2,
};

/** The prices of `region`; throws naming this file when the Region has none. */
export function pricesFor(region: string): RegionPrices {
  const prices = PRICES[region];
  if (!prices) {
    throw new Error(
      `tools/cost/prices.ts has no prices for ${region} (it has ${Object.keys(PRICES).join(", ")}); ` +
        "add the Region's list prices with their pricing pages",
    );
  }
  return prices;
}
