import type * as pulumi from "@pulumi/pulumi";

/*
 * The program's resource transforms: plain functions of a registration's type and inputs. The
 * engine model (tools/compliance/transforms.ts) applies them to the awsx children it emulates, so
 * this module imports nothing of the Pulumi runtime: the IAM model's test files load it without
 * loading the SDK.
 */

/**
 * awsx's Vpc sets `mapPublicIpOnLaunch: spec.type.toLowerCase() === "public"` on every subnet it
 * creates and has no argument to change it (pulumi/pulumi-awsx awsx/ec2/vpc.ts). Nothing in the
 * public subnets needs an automatic public IP (NAT gateways use their EIPs, the ALB is managed by
 * AWS), and Security Hub EC2.15 fails a subnet that assigns one. The `transforms` option is the
 * documented way to change a child of a packaged (remote) component: the engine runs it on every
 * child the awsx provider registers ("Transforms support modifying child resources of packaged
 * components (such as those in awsx and eks) whereas Transformations do not", Pulumi docs,
 * resource option `transformations`; `transforms` applies "to a resource and all of its children").
 */
export const subnetsWithoutPublicIps: pulumi.ResourceTransform = (args) =>
  args.type === "aws:ec2/subnet:Subnet"
    ? { props: { ...args.props, mapPublicIpOnLaunch: false }, opts: args.opts }
    : undefined;
