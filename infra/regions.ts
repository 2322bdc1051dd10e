/**
 * What the program needs to know about each commercial AWS Region (partition `aws`): one row per
 * Region, the only place a Region's facts live. Pure data: config validates `aws:region` and
 * `drRegion` against it, and docs/configuration.md lists it (`npm run docs:config`).
 */

/** The Region a stack deploys to when `aws:region` is not set. */
export const DEFAULT_REGION = "us-east-2";

/** The platform spreads its subnets, NAT gateways and database over exactly this many AZs. */
export const AZ_COUNT = 3;

/**
 * The service principal that delivers ALB access logs in Regions launched in August 2022 or later;
 * older Regions deliver as a regional Elastic Load Balancing account (ELB User Guide, "Enable access
 * logs for your Application Load Balancer", step 2).
 */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * Aurora MySQL 3.10 (MySQL 8.0.42 compatible), the current long-term-support release (3.04, the
 * previous LTS, reaches its end of support first), at its latest patch (3.10.4, 2026-03-30,
 * Aurora MySQL release notes). AWS patches LTS clusters to the latest patch of their LTS release
 * once a year even with automatic minor upgrades off (Aurora User Guide, "Aurora MySQL long-term
 * support releases"), so the cluster ignores later drift of this value (infra/database.ts).
 */
export const AURORA_MYSQL_3_10 = "8.0.mysql_aurora.3.10.4";

export interface RegionFacts {
  /** The console name, for docs and messages. */
  readonly name: string;
  /** The area whose Regions are each other's default DR Region. */
  readonly geography:
    "North America" | "South America" | "Europe" | "Asia Pacific" | "Middle East" | "Africa";
  /** Opt-in Regions must be enabled in the account before anything deploys there (Account Management, "Enable or disable AWS Regions"). */
  readonly optIn: boolean;
  /**
   * The AZ names the stack spreads over, in subnet order. Fewer than AZ_COUNT means the Region
   * cannot host the platform. In the oldest Regions, accounts created before November 2025 map
   * names to physical AZs of their own (AWS Regions and AZs, "AZ IDs"), and some AZs take no new
   * accounts: these are the names such accounts are offered, not verified against every account.
   */
  readonly availabilityZones: readonly string[];
  /** The regional ELB account that writes access logs; absent where the service principal does. */
  readonly elbLogDeliveryAccount?: string;
  /** The Aurora MySQL version created here: a patch released to some Regions first is pinned per Region. */
  readonly auroraMySqlVersion: string;
  /**
   * Where backups are copied when `drRegion` is not set: a Region that needs no opt-in, in the same
   * geography where it has one, else the nearest.
   */
  readonly defaultDrRegion: string;
}

const azs = (region: string, letters: string) => [...letters].map((letter) => `${region}${letter}`);

/**
 * ELB accounts: ELB User Guide, "Enable access logs for your Application Load Balancer" (Regions
 * available before August 2022), the same table as terraform-provider-aws
 * internal/service/elb/service_account_data_source.go.
 */
export const REGIONS = {
  "us-east-1": {
    name: "US East (N. Virginia)",
    geography: "North America",
    optIn: false,
    availabilityZones: azs("us-east-1", "abc"),
    elbLogDeliveryAccount: "127311923021",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-west-2",
  },
  "us-east-2": {
    name: "US East (Ohio)",
    geography: "North America",
    optIn: false,
    availabilityZones: azs("us-east-2", "abc"),
    elbLogDeliveryAccount: "033677994240",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-west-2",
  },
  "us-west-1": {
    name: "US West (N. California)",
    geography: "North America",
    optIn: false,
    // Three AZ ids, but an account sees two of them (usw1-az1 and usw1-az3; usw1-az2 takes no new accounts).
    availabilityZones: azs("us-west-1", "ab"),
    elbLogDeliveryAccount: "027434742980",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-west-2",
  },
  "us-west-2": {
    name: "US West (Oregon)",
    geography: "North America",
    optIn: false,
    availabilityZones: azs("us-west-2", "abc"),
    elbLogDeliveryAccount: "797873946194",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-east-2",
  },
  "ca-central-1": {
    name: "Canada (Central)",
    geography: "North America",
    optIn: false,
    // There is no ca-central-1c.
    availabilityZones: azs("ca-central-1", "abd"),
    elbLogDeliveryAccount: "985666609251",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-east-2",
  },
  "ca-west-1": {
    name: "Canada West (Calgary)",
    geography: "North America",
    optIn: true,
    availabilityZones: azs("ca-west-1", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ca-central-1",
  },
  "mx-central-1": {
    name: "Mexico (Central)",
    geography: "North America",
    optIn: true,
    availabilityZones: azs("mx-central-1", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "us-east-2",
  },
  "sa-east-1": {
    name: "South America (São Paulo)",
    geography: "South America",
    optIn: false,
    availabilityZones: azs("sa-east-1", "abc"),
    elbLogDeliveryAccount: "507241528517",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // The geography's only Region: the nearest one.
    defaultDrRegion: "us-east-1",
  },
  "eu-west-1": {
    name: "Europe (Ireland)",
    geography: "Europe",
    optIn: false,
    availabilityZones: azs("eu-west-1", "abc"),
    elbLogDeliveryAccount: "156460612806",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-central-1",
  },
  "eu-west-2": {
    name: "Europe (London)",
    geography: "Europe",
    optIn: false,
    availabilityZones: azs("eu-west-2", "abc"),
    elbLogDeliveryAccount: "652711504416",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-west-1",
  },
  "eu-west-3": {
    name: "Europe (Paris)",
    geography: "Europe",
    optIn: false,
    availabilityZones: azs("eu-west-3", "abc"),
    elbLogDeliveryAccount: "009996457667",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-central-1",
  },
  "eu-central-1": {
    name: "Europe (Frankfurt)",
    geography: "Europe",
    optIn: false,
    availabilityZones: azs("eu-central-1", "abc"),
    elbLogDeliveryAccount: "054676820928",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-west-1",
  },
  "eu-central-2": {
    name: "Europe (Zurich)",
    geography: "Europe",
    optIn: true,
    availabilityZones: azs("eu-central-2", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-central-1",
  },
  "eu-north-1": {
    name: "Europe (Stockholm)",
    geography: "Europe",
    optIn: false,
    availabilityZones: azs("eu-north-1", "abc"),
    elbLogDeliveryAccount: "897822967062",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-central-1",
  },
  "eu-south-1": {
    name: "Europe (Milan)",
    geography: "Europe",
    optIn: true,
    availabilityZones: azs("eu-south-1", "abc"),
    elbLogDeliveryAccount: "635631232127",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-central-1",
  },
  "eu-south-2": {
    name: "Europe (Spain)",
    geography: "Europe",
    optIn: true,
    availabilityZones: azs("eu-south-2", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "eu-west-3",
  },
  "il-central-1": {
    name: "Israel (Tel Aviv)",
    geography: "Middle East",
    optIn: true,
    availabilityZones: azs("il-central-1", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // The geography has no Region without opt-in: the nearest one.
    defaultDrRegion: "eu-central-1",
  },
  "me-south-1": {
    name: "Middle East (Bahrain)",
    geography: "Middle East",
    optIn: true,
    availabilityZones: azs("me-south-1", "abc"),
    elbLogDeliveryAccount: "076674570225",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // The geography has no Region without opt-in: the nearest one.
    defaultDrRegion: "ap-south-1",
  },
  "me-central-1": {
    name: "Middle East (UAE)",
    geography: "Middle East",
    optIn: true,
    availabilityZones: azs("me-central-1", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // The geography has no Region without opt-in: the nearest one.
    defaultDrRegion: "ap-south-1",
  },
  "af-south-1": {
    name: "Africa (Cape Town)",
    geography: "Africa",
    optIn: true,
    availabilityZones: azs("af-south-1", "abc"),
    elbLogDeliveryAccount: "098369216593",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // The geography's only Region: the nearest one.
    defaultDrRegion: "eu-west-1",
  },
  "ap-south-1": {
    name: "Asia Pacific (Mumbai)",
    geography: "Asia Pacific",
    optIn: false,
    availabilityZones: azs("ap-south-1", "abc"),
    elbLogDeliveryAccount: "718504428378",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-1",
  },
  "ap-south-2": {
    name: "Asia Pacific (Hyderabad)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-south-2", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-south-1",
  },
  "ap-east-1": {
    name: "Asia Pacific (Hong Kong)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-east-1", "abc"),
    elbLogDeliveryAccount: "754344448648",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-1",
  },
  "ap-east-2": {
    name: "Asia Pacific (Taipei)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-east-2", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-northeast-1",
  },
  "ap-northeast-1": {
    name: "Asia Pacific (Tokyo)",
    geography: "Asia Pacific",
    optIn: false,
    // ap-northeast-1b takes no new accounts.
    availabilityZones: azs("ap-northeast-1", "acd"),
    elbLogDeliveryAccount: "582318560864",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-northeast-3",
  },
  "ap-northeast-2": {
    name: "Asia Pacific (Seoul)",
    geography: "Asia Pacific",
    optIn: false,
    availabilityZones: azs("ap-northeast-2", "abc"),
    elbLogDeliveryAccount: "600734575887",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-northeast-1",
  },
  "ap-northeast-3": {
    name: "Asia Pacific (Osaka)",
    geography: "Asia Pacific",
    optIn: false,
    availabilityZones: azs("ap-northeast-3", "abc"),
    elbLogDeliveryAccount: "383597477331",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-northeast-1",
  },
  "ap-southeast-1": {
    name: "Asia Pacific (Singapore)",
    geography: "Asia Pacific",
    optIn: false,
    availabilityZones: azs("ap-southeast-1", "abc"),
    elbLogDeliveryAccount: "114774131450",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-2",
  },
  "ap-southeast-2": {
    name: "Asia Pacific (Sydney)",
    geography: "Asia Pacific",
    optIn: false,
    availabilityZones: azs("ap-southeast-2", "abc"),
    elbLogDeliveryAccount: "783225319266",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    // Melbourne (ap-southeast-4) keeps copies in Australia but is opt-in: set drRegion for it.
    defaultDrRegion: "ap-southeast-1",
  },
  "ap-southeast-3": {
    name: "Asia Pacific (Jakarta)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-southeast-3", "abc"),
    elbLogDeliveryAccount: "589379963580",
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-1",
  },
  "ap-southeast-4": {
    name: "Asia Pacific (Melbourne)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-southeast-4", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-2",
  },
  "ap-southeast-5": {
    name: "Asia Pacific (Malaysia)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-southeast-5", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-1",
  },
  "ap-southeast-7": {
    name: "Asia Pacific (Thailand)",
    geography: "Asia Pacific",
    optIn: true,
    availabilityZones: azs("ap-southeast-7", "abc"),
    auroraMySqlVersion: AURORA_MYSQL_3_10,
    defaultDrRegion: "ap-southeast-1",
  },
} as const satisfies Record<string, RegionFacts>;

export type RegionName = keyof typeof REGIONS;

/** Every Region of the table: where a DR copy, an archive or an external vault may live. */
export const AWS_REGIONS = Object.keys(REGIONS) as RegionName[];

/** The Regions that can host the platform: those with AZ_COUNT AZs. */
export const PLATFORM_REGIONS = AWS_REGIONS.filter(
  (region) => REGIONS[region].availabilityZones.length >= AZ_COUNT,
);

export const isRegion = (value: string): value is RegionName => Object.hasOwn(REGIONS, value);

/** The facts of a Region of the table (config has checked it is one). */
export function regionFacts(region: string): RegionFacts {
  if (!isRegion(region)) throw new Error(`${region} is not in the Region table (infra/regions.ts)`);
  return REGIONS[region];
}

/** The name of an AWS service's VPC endpoint service in a Region (`com.amazonaws.{region}.{service}`). */
export const endpointServiceName = (region: string, service: string) => `com.amazonaws.${region}.${service}`;

/** The Region's ECR layer bucket: image layers pulled from ECR come from it (ECR User Guide, "Amazon ECR interface VPC endpoints"). */
export const ecrLayerBucket = (region: string) => `prod-${region}-starport-layer-bucket`;

/** Who the ALB access-log bucket policy must let write: the regional ELB account, or the service principal. */
export function elbLogDeliveryPrincipal(
  partition: string,
  region: string,
): { readonly AWS: string } | { readonly Service: string } {
  const account = regionFacts(region).elbLogDeliveryAccount;
  return account ? { AWS: `arn:${partition}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}

/**
 * How ELB log delivery appears in CloudTrail's `userIdentity`: the regional ELB account (`accountId`)
 * in Regions launched before August 2022, the log-delivery service (`invokedBy`) in newer ones.
 */
export function elbLogDeliveryIdentity(region: string): { services: string[]; accounts: string[] } {
  const account = regionFacts(region).elbLogDeliveryAccount;
  return account
    ? { services: [], accounts: [account] }
    : { services: [ELB_LOG_DELIVERY_SERVICE], accounts: [] };
}
