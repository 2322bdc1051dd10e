import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./naming";

export const HTTPS_PORT = 443;
export const MYSQL_PORT = 3306;

export interface SecurityGroupsArgs {
  /** Suffix of the group names (`alb-sg-{suffix}`, `service-sg-{suffix}`, `db-sg-{suffix}`). */
  readonly environmentSuffix: string;
  /** The VPC the groups belong to. Changing it replaces every group. */
  readonly vpcId: pulumi.Input<string>;
  /** The TCP port the service's containers listen on: the only port from the ALB to the tasks. */
  readonly containerPort: number;
}

/**
 * The tiers' security groups and every rule between them, in one place:
 * internet -> ALB :443 -> service :containerPort -> database :3306. No group has a rule that the
 * path above does not need; the service's only other egress is HTTPS (AWS APIs, image pulls).
 */
export class SecurityGroups extends pulumi.ComponentResource {
  /** The internet-facing ALB's group: 443 in from anywhere, out to the service only. */
  public readonly albSecurityGroupId: pulumi.Output<string>;
  /** The tasks' group: in from the ALB, out to the database and HTTPS. */
  public readonly serviceSecurityGroupId: pulumi.Output<string>;
  /** The database's group: MySQL in from the service only. */
  public readonly databaseSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:SecurityGroups", name, {}, opts);
    const { environmentSuffix: suffix, vpcId, containerPort } = args;
    const group = (type: "alb-sg" | "service-sg" | "db-sg", description: string) =>
      new aws.ec2.SecurityGroup(
        `${name}-${type}`,
        { name: resourceName(type, suffix), description, vpcId, tags: { Name: resourceName(type, suffix) } },
        { parent: this },
      ).id;
    const alb = group("alb-sg", "Payments ALB: HTTPS from the internet, to the service only");
    const service = group("service-sg", "Payments service tasks: from the ALB only");
    const database = group("db-sg", "Payments Aurora cluster: MySQL from the service only");

    const ingress = (rule: string, args: aws.vpc.SecurityGroupIngressRuleArgs) =>
      new aws.vpc.SecurityGroupIngressRule(`${name}-${rule}`, args, { parent: this });
    const egress = (rule: string, args: aws.vpc.SecurityGroupEgressRuleArgs) =>
      new aws.vpc.SecurityGroupEgressRule(`${name}-${rule}`, args, { parent: this });

    ingress("alb-https-in", {
      securityGroupId: alb,
      description: "HTTPS from clients",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });
    egress("alb-to-service", {
      securityGroupId: alb,
      description: "Forward to service tasks",
      ipProtocol: "tcp",
      fromPort: containerPort,
      toPort: containerPort,
      referencedSecurityGroupId: service,
    });
    ingress("service-from-alb", {
      securityGroupId: service,
      description: "Requests from the ALB",
      ipProtocol: "tcp",
      fromPort: containerPort,
      toPort: containerPort,
      referencedSecurityGroupId: alb,
    });
    egress("service-to-db", {
      securityGroupId: service,
      description: "MySQL to the Aurora cluster",
      ipProtocol: "tcp",
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: database,
    });
    egress("service-https-out", {
      securityGroupId: service,
      description: "HTTPS to AWS APIs (VPC endpoints) and the image registry (via NAT)",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });
    ingress("db-from-service", {
      securityGroupId: database,
      description: "MySQL from service tasks",
      ipProtocol: "tcp",
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: service,
    });

    this.albSecurityGroupId = alb;
    this.serviceSecurityGroupId = service;
    this.databaseSecurityGroupId = database;
    this.registerOutputs({
      albSecurityGroupId: this.albSecurityGroupId,
      serviceSecurityGroupId: this.serviceSecurityGroupId,
      databaseSecurityGroupId: this.databaseSecurityGroupId,
    });
  }
}
