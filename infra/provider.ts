import * as aws from "@pulumi/aws";
import { PlatformConfig } from "./config";
import { standardTags } from "./naming";

/**
 * The one AWS provider every resource and awsx component uses. Its defaultTags put the standard
 * tags on every taggable resource, including the children awsx creates, which the program
 * cannot tag itself.
 */
export function createAwsProvider(config: PlatformConfig): aws.Provider {
  return new aws.Provider(`aws-${config.environmentSuffix}`, {
    region: config.region,
    defaultTags: { tags: { ...standardTags(config) } },
  });
}

/**
 * The provider for the disaster-recovery Region: same default tags, another Region. Named
 * `aws-dr-{environmentSuffix}` so the naming policy still reads the suffix from it.
 */
export function createDrProvider(config: PlatformConfig, drRegion: string): aws.Provider {
  return new aws.Provider(`aws-dr-${config.environmentSuffix}`, {
    region: drRegion,
    defaultTags: { tags: { ...standardTags(config) } },
  });
}
