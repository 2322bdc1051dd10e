import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./naming";

export const HTTPS_PORT = 443;
export const MYSQL_PORT = 3306;

export interface SecurityGroupsArgs {
  readonly environmentSuffix: string;
  readonly vpcId: pulumi.Input<string>;
  readonly containerPort: number;
}

/**
 * The tiers' security groups and every rule between them, in one place:
 * internet -> ALB :443 -> service :containerPort -> database :3306. No group has a rule that the
 * path above does not need; the service's only other egress is HTTPS (AWS APIs, image pulls).
 */
export class SecurityGroups extends pulumi.ComponentResource {
  public readonly alb: aws.ec2.SecurityGroup;
  public readonly service: aws.ec2.SecurityGroup;
  public readonly database: aws.ec2.SecurityGroup;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:SecurityGroups", name, {}, opts);
    const { environmentSuffix: suffix, vpcId, containerPort } = args;
    const group = (type: "alb-sg" | "service-sg" | "db-sg", description: string) =>
      new aws.ec2.SecurityGroup(
        resourceName(type, suffix),
        { name: resourceName(type, suffix), description, vpcId, tags: { Name: resourceName(type, suffix) } },
        { parent: this },
      );
    this.alb = group("alb-sg", "Payments ALB: HTTPS from the internet, to the service only");
    this.service = group("service-sg", "Payments service tasks: from the ALB only");
    this.database = group("db-sg", "Payments Aurora cluster: MySQL from the service only");

    const ingress = (logical: string, args: aws.vpc.SecurityGroupIngressRuleArgs) =>
      new aws.vpc.SecurityGroupIngressRule(logical, args, { parent: this });
    const egress = (logical: string, args: aws.vpc.SecurityGroupEgressRuleArgs) =>
      new aws.vpc.SecurityGroupEgressRule(logical, args, { parent: this });

    ingress(`alb-https-in-${suffix}`, {
      securityGroupId: this.alb.id,
      description: "HTTPS from clients",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });
    egress(`alb-to-service-${suffix}`, {
      securityGroupId: this.alb.id,
      description: "Forward to service tasks",
      ipProtocol: "tcp",
      fromPort: containerPort,
      toPort: containerPort,
      referencedSecurityGroupId: this.service.id,
    });
    ingress(`service-from-alb-${suffix}`, {
      securityGroupId: this.service.id,
      description: "Requests from the ALB",
      ipProtocol: "tcp",
      fromPort: containerPort,
      toPort: containerPort,
      referencedSecurityGroupId: this.alb.id,
    });
    egress(`service-to-db-${suffix}`, {
      securityGroupId: this.service.id,
      description: "MySQL to the Aurora cluster",
      ipProtocol: "tcp",
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: this.database.id,
    });
    egress(`service-https-out-${suffix}`, {
      securityGroupId: this.service.id,
      description: "HTTPS to AWS APIs (VPC endpoints) and the image registry (via NAT)",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });
    ingress(`db-from-service-${suffix}`, {
      securityGroupId: this.database.id,
      description: "MySQL from service tasks",
      ipProtocol: "tcp",
      fromPort: MYSQL_PORT,
      toPort: MYSQL_PORT,
      referencedSecurityGroupId: this.service.id,
    });

    this.registerOutputs({
      albSecurityGroupId: this.alb.id,
      serviceSecurityGroupId: this.service.id,
      databaseSecurityGroupId: this.database.id,
    });
  }
}
