import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, policyDocument } from "./iam";
import { resourceName } from "./naming";

/** What the account's own administrators may do with a key: manage it, never use it directly. */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

/** The cryptographic operations AWS services perform with a customer-managed key. */
export const KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
] as const;

/** Seven days is the shortest window KMS allows, so a destroyed stack's keys go soon. */
export const KEY_DELETION_WINDOW_DAYS = 7;

export interface EncryptionKeyArgs {
  /**
   * `kms-data`, `kms-logs` or `kms-dr` (DR-Region backup copies): what the key protects; names the
   * alias `alias/{purpose}-{environmentSuffix}`.
   */
  readonly purpose: "kms-data" | "kms-logs" | "kms-dr";
  /** The key's description in the KMS console. */
  readonly description: string;
  /** Suffix of the alias and Name tag. */
  readonly environmentSuffix: string;
  /** The account whose root administers the key and whose principals may use it. */
  readonly account: AccountContext;
  /**
   * AWS services (e.g. `rds`) through which principals of this account may use the key
   * (`kms:ViaService`), so the roles' IAM policies can grant decrypt for those paths only.
   */
  readonly viaServices: readonly string[];
  /**
   * Statements for service principals that use the key directly (CloudWatch Logs, log delivery).
   * @default none
   */
  readonly servicePrincipalStatements?: readonly PolicyStatement[];
  /**
   * Days KMS waits before deleting the key once the stack is destroyed (7-30); within them
   * `aws kms cancel-key-deletion` recovers the key and what it encrypts.
   * @default 7
   */
  readonly deletionWindowInDays?: number;
}

/** A customer-managed symmetric key with rotation, a short deletion window and an explicit policy. */
export class EncryptionKey extends pulumi.ComponentResource {
  /** The key's ARN, for encryption settings and IAM statements. */
  public readonly arn: pulumi.Output<string>;
  /** The key id. */
  public readonly keyId: pulumi.Output<string>;
  /** `alias/{purpose}-{environmentSuffix}`. */
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:security:EncryptionKey", name, {}, opts);
    const { account } = args;
    const root = pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:root`;
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministratorsManageTheKey",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: [...KEY_ADMIN_ACTIONS],
        // In a key policy "*" means this key and nothing else.
        Resource: "*",
      },
      {
        Sid: "AccountPrincipalsUseTheKeyOnlyThroughTheseServices",
        Effect: "Allow",
        Principal: { AWS: root },
        // Services such as RDS and ECR hold grants on the key for as long as the resource exists.
        Action: [...KEY_USE_ACTIONS, "kms:CreateGrant", "kms:ListGrants", "kms:RetireGrant"],
        Resource: "*",
        Condition: {
          StringEquals: {
            "kms:CallerAccount": account.accountId,
            "kms:ViaService": args.viaServices.map((s) => `${s}.${account.region}.amazonaws.com`),
          },
        },
      },
      ...(args.servicePrincipalStatements ?? []),
    ];

    const key = new aws.kms.Key(
      name,
      {
        description: args.description,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: args.deletionWindowInDays ?? KEY_DELETION_WINDOW_DAYS,
        policy: policyDocument(statements),
        tags: { Name: resourceName(args.purpose, args.environmentSuffix) },
      },
      { parent: this },
    );
    const alias = new aws.kms.Alias(
      name,
      { name: `alias/${resourceName(args.purpose, args.environmentSuffix)}`, targetKeyId: key.keyId },
      { parent: this },
    );
    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
