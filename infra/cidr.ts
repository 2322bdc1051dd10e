/** Small IPv4 CIDR arithmetic: enough to validate the VPC range and plan its subnets. */

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
