import { Ipv4Cidr, parseCidr } from "../infra/subnetPlan";
import { LoadedProgram, RegisteredResource, loadStack } from "./support/program";
import { DEFAULT_NETWORK_ACL_ID, PRIVATE_SUBNET_IDS, PUBLIC_SUBNET_IDS } from "./support/mocks";

interface Entry {
  ruleNo: number;
  action: string;
  protocol: string;
  cidrBlock: string;
  fromPort: number;
  toPort: number;
}

const toInt = (ip: string) => ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
const contains = (cidr: string, ip: string) => {
  const { base, prefix } = parseCidr(cidr) as Ipv4Cidr;
  return Math.floor(toInt(ip) / 2 ** (32 - prefix)) === Math.floor(base / 2 ** (32 - prefix));
};

/** A network ACL as AWS evaluates it: entries in rule order, the first match decides, else deny. */
function admits(entries: Entry[], peer: string, port: number): boolean {
  const match = [...entries]
    .sort((a, b) => a.ruleNo - b.ruleNo)
    .find(
      (e) =>
        contains(e.cidrBlock, peer) &&
        (e.protocol === "-1" || (e.protocol === "tcp" && e.fromPort <= port && port <= e.toPort)),
    );
  return match?.action === "allow";
}

// Addresses in the prod plan (10.0.0.0/16): public 10.0.0-2.0/24, private 10.0.16.0/20 and up.
const CLIENT = "203.0.113.5";
const INTERNET_API = "198.51.100.7";
const ALB = "10.0.0.10";
const TASK = "10.0.16.20";
const DATABASE = "10.0.32.30";
const ENDPOINT = "10.0.48.40";
const EPHEMERAL = 40000;

describe("network ACLs", () => {
  let program: LoadedProgram;
  let publicAcl: RegisteredResource;
  let privateAcl: RegisteredResource;
  beforeAll(() => {
    program = loadStack("prod");
    publicAcl = program.one("aws:ec2/networkAcl:NetworkAcl", "public");
    privateAcl = program.one("aws:ec2/networkAcl:NetworkAcl", "private");
  });
  const tierOf = (ip: string) =>
    contains("10.0.0.0/20", ip) ? publicAcl : contains("10.0.0.0/16", ip) ? privateAcl : undefined;
  /** A TCP connection and its reply, each checked out of the source's ACL and into the destination's. */
  const flows = (from: string, to: string, port: number) => {
    const leg = (src: string, dst: string, dstPort: number) =>
      (tierOf(src) === undefined || admits(tierOf(src)!.inputs.egress, dst, dstPort)) &&
      (tierOf(dst) === undefined || admits(tierOf(dst)!.inputs.ingress, src, dstPort));
    return leg(from, to, port) && leg(to, from, EPHEMERAL);
  };
  /** Through a NAT gateway: task to NAT, NAT to the internet, with the replies. */
  const throughNat = (from: string, to: string, port: number) =>
    admits(privateAcl.inputs.egress, to, port) &&
    admits(publicAcl.inputs.ingress, from, port) &&
    admits(publicAcl.inputs.egress, to, port) &&
    admits(publicAcl.inputs.ingress, to, EPHEMERAL) &&
    admits(publicAcl.inputs.egress, from, EPHEMERAL) &&
    admits(privateAcl.inputs.ingress, to, EPHEMERAL);

  it("associates each tier's ACL with that tier's subnets", () => {
    expect(publicAcl.inputs.subnetIds).toEqual(PUBLIC_SUBNET_IDS);
    expect(privateAcl.inputs.subnetIds).toEqual(PRIVATE_SUBNET_IDS);
  });

  it("empties the VPC's default ACL once the subnets have left it", () => {
    const acl = program.one("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl");
    expect(acl.inputs).toMatchObject({
      defaultNetworkAclId: DEFAULT_NETWORK_ACL_ID,
      ingress: [],
      egress: [],
    });
    expect(acl.dependencies).toEqual(expect.arrayContaining([publicAcl.urn, privateAcl.urn]));
    expect(acl.ignoreChanges).toEqual(["subnetIds"]);
  });

  it("carries the tiers' traffic and its replies", () => {
    expect(flows(CLIENT, ALB, 443)).toBe(true);
    expect(flows(ALB, TASK, 8080)).toBe(true);
    expect(flows(TASK, DATABASE, 3306)).toBe(true);
    expect(flows(TASK, ENDPOINT, 443)).toBe(true);
    expect(throughNat(TASK, INTERNET_API, 443)).toBe(true);
  });

  it("carries nothing else", () => {
    expect(flows(CLIENT, ALB, 80)).toBe(false);
    expect(flows(CLIENT, ALB, 22)).toBe(false);
    expect(flows(CLIENT, TASK, 22)).toBe(false);
    expect(flows(ALB, DATABASE, 3306)).toBe(false);
    expect(flows(ALB, TASK, 22)).toBe(false);
    expect(throughNat(TASK, INTERNET_API, 80)).toBe(false);
    expect(throughNat(TASK, INTERNET_API, 22)).toBe(false);
  });

  it("admits nothing from anywhere on 22 or 3389 (Security Hub EC2.21)", () => {
    for (const acl of [publicAcl, privateAcl]) {
      for (const port of [22, 3389]) expect(admits(acl.inputs.ingress, CLIENT, port)).toBe(false);
    }
  });
});
