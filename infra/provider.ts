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
