/**
 * The subnet plan of the VPC range, with the small IPv4 CIDR arithmetic it needs. Config uses it
 * to validate `vpcCidr` and hands the plan to the network.
 */

export interface SubnetPlan {
  readonly publicCidrs: readonly string[];
  readonly privateCidrs: readonly string[];
  readonly publicMask: number;
  readonly privateMask: number;
}

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/p`; returns an error text instead when it is not a network address. */
export function parseCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return "is not an IPv4 CIDR block like 10.0.0.0/16";
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return "has an octet above 255 or a prefix above 32";
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    return `has host bits set (the network address for /${prefix} is ${formatAddress(address - (address % size))})`;
  }
  return { base: address, prefix };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatAddress(cidr.base)}/${cidr.prefix}`;
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** The `index`-th block of prefix `prefix` inside `parent`. */
export function subnetOf(parent: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr {
  const size = 2 ** (32 - prefix);
  if (prefix < parent.prefix || (index + 1) * size > 2 ** (32 - parent.prefix)) {
    throw new Error(`${formatCidr(parent)} has no /${prefix} block number ${index}`);
  }
  return { base: parent.base + index * size, prefix };
}

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((text) => parseCidr(text) as Ipv4Cidr);

/** True when the whole block lies in one of the RFC 1918 private ranges. */
export function isPrivateRange(cidr: Ipv4Cidr): boolean {
  return RFC1918.some(
    (range) =>
      cidr.prefix >= range.prefix &&
      Math.floor(cidr.base / 2 ** (32 - range.prefix)) === Math.floor(range.base / 2 ** (32 - range.prefix)),
  );
}

/**
 * Carves the VPC range: the first 1/16 holds three public subnets of 1/256 each (ALB, NAT), the
 * next three 1/16 blocks are the private subnets (tasks, database, endpoints). A /16 gives public
 * /24s and private /20s; the VPC may be /16 to /19 so public subnets stay at least /27, the
 * smallest subnet an ALB accepts.
 */
export function planSubnets(
  vpcCidr: string,
  azCount: number,
  fail: (message: string) => void,
): SubnetPlan | undefined {
  const parsed = parseCidr(vpcCidr);
  if (typeof parsed === "string") {
    fail(parsed);
    return undefined;
  }
  if (parsed.prefix < 16 || parsed.prefix > 19) {
    fail(
      "must have a prefix from /16 to /19 (AWS allows at most /16; public subnets must stay /27 or larger)",
    );
    return undefined;
  }
  if (!isPrivateRange(parsed)) {
    fail("must lie inside an RFC 1918 private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
    return undefined;
  }
  const privateMask = parsed.prefix + 4;
  const publicMask = parsed.prefix + 8;
  const publicBlock = subnetOf(parsed, privateMask, 0);
  return {
    publicMask,
    privateMask,
    publicCidrs: Array.from({ length: azCount }, (_, i) => formatCidr(subnetOf(publicBlock, publicMask, i))),
    privateCidrs: Array.from({ length: azCount }, (_, i) => formatCidr(subnetOf(parsed, privateMask, i + 1))),
  };
}
