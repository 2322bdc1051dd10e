import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AuditLogGroupArgs {
  /** The log group's full name, e.g. `/ecs/payment-service-prod`. */
  readonly name: pulumi.Input<string>;
  /** An accepted CloudWatch retention value of at least seven years (validated in config). */
  readonly retentionInDays: number;
  /** The customer-managed logs key; its policy lets CloudWatch Logs use it for this account's groups. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** Every log group in the stack: KMS-encrypted, kept seven years, deleted with the stack. */
export function auditLogGroup(
  logicalName: string,
  args: AuditLogGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    logicalName,
    {
      name: args.name,
      retentionInDays: args.retentionInDays,
      kmsKeyId: args.kmsKeyArn,
      logGroupClass: "STANDARD",
      skipDestroy: false,
    },
    opts,
  );
}
