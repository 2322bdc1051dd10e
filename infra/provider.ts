import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StandardTags } from "./naming";

export interface AwsProviderArgs {
  /** Names the provider `aws-{environmentSuffix}`; the policy pack reads the suffix from it. */
  readonly environmentSuffix: string;
  /** The region every resource of this provider lives in. */
  readonly region: string;
  /** Put on every taggable resource, including the children awsx creates. */
  readonly tags: StandardTags;
}

/**
 * The one AWS provider every resource and awsx component uses. Its defaultTags put the standard
 * tags on every taggable resource, including the children awsx creates, which the program
 * cannot tag itself.
 */
export function createAwsProvider(args: AwsProviderArgs): aws.Provider {
  return new aws.Provider(`aws-${args.environmentSuffix}`, {
    region: args.region,
    defaultTags: { tags: { ...args.tags } },
  });
}

/**
 * Options for an awsx component created inside one of ours. A remote (multi-language) component
 * receives only the providers passed to it explicitly, never its parent's (@pulumi/pulumi
 * runtime/resource.js sends `opts.providers` alone for remote resources), so the AWS provider the
 * parent got through its own `opts` is forwarded here; without it awsx's children would use the
 * default provider and lose the standard tags.
 */
export function awsxChildOptions(parent: pulumi.ComponentResource): pulumi.ComponentResourceOptions {
  const provider = parent.getProvider("aws::");
  return { parent, providers: provider ? [provider] : [] };
}

/**
 * The provider for the disaster-recovery Region: same default tags, another Region. Named
 * `aws-dr-{environmentSuffix}` so the naming policy still reads the suffix from it.
 */
export function createDrProvider(args: AwsProviderArgs): aws.Provider {
  return new aws.Provider(`aws-dr-${args.environmentSuffix}`, {
    region: args.region,
    defaultTags: { tags: { ...args.tags } },
  });
}
