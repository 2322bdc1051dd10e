import { LoadedProgram, RegisteredResource, loadStack, statementsOf } from "./support/program";
import { ACCOUNT_ID, PRIVATE_SUBNET_IDS, PUBLIC_SUBNET_IDS, VPC_ID, mockKeyArn } from "./support/mocks";

describe("network", () => {
  let program: LoadedProgram;
  let vpc: RegisteredResource;
  beforeAll(() => {
    program = loadStack("prod");
    vpc = program.one("awsx:ec2:Vpc");
  });

  describe("the awsx VPC", () => {
    it("spans exactly the three pinned us-east-2 AZs", () => {
      expect(vpc.inputs.availabilityZoneNames).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
      expect(vpc.inputs.numberOfAvailabilityZones).toBeUndefined();
    });

    it("lays out one public and one private subnet per AZ with explicit masks and blocks", () => {
      expect(vpc.inputs.cidrBlock).toBe("10.0.0.0/16");
      expect(vpc.inputs.subnetStrategy).toBe("Auto");
      expect(vpc.inputs.subnetSpecs).toEqual([
        {
          type: "Public",
          name: "public",
          cidrMask: 24,
          cidrBlocks: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
        },
        {
          type: "Private",
          name: "private",
          cidrMask: 20,
          cidrBlocks: ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"],
        },
      ]);
    });

    it("puts a NAT gateway in every AZ", () => {
      expect(vpc.inputs.natGateways).toEqual({ strategy: "OnePerAz" });
    });

    it("turns on DNS support and hostnames for private endpoint DNS", () => {
      expect(vpc.inputs).toMatchObject({ enableDnsHostnames: true, enableDnsSupport: true });
    });

    it("adds an S3 gateway endpoint that awsx attaches to every route table", () => {
      expect(vpc.inputs.vpcEndpointStrategy).toBe("Auto");
      expect(vpc.inputs.vpcEndpointSpecs).toEqual([
        expect.objectContaining({ serviceName: "com.amazonaws.us-east-2.s3", vpcEndpointType: "Gateway" }),
      ]);
    });

    it("names the S3 gateway endpoint by the convention, vpce-s3-{suffix}", () => {
      const [s3] = vpc.inputs.vpcEndpointSpecs;
      // awsx passes a spec's tags, and only those, to the endpoint it creates (awsx ec2/vpc.ts).
      expect(s3.tags).toEqual({ Name: "vpce-s3-prod" });
    });

    it("lets the S3 endpoint reach only this account's buckets and the ECR layer bucket", () => {
      const [s3] = vpc.inputs.vpcEndpointSpecs;
      expect(statementsOf(s3.policy)).toEqual([
        {
          Sid: "ThisAccountsBucketsOnly",
          Effect: "Allow",
          Principal: "*",
          Action: [
            "s3:AbortMultipartUpload",
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:ListMultipartUploadParts",
            "s3:PutObject",
          ],
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT_ID } },
        },
        {
          Sid: "PullEcrImageLayers",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetObject"],
          Resource: "arn:aws:s3:::prod-us-east-2-starport-layer-bucket/*",
        },
      ]);
    });

    it("exports the VPC and subnet ids", () => {
      expect(program.outputs).toMatchObject({
        vpcId: VPC_ID,
        publicSubnetIds: PUBLIC_SUBNET_IDS,
        privateSubnetIds: PRIVATE_SUBNET_IDS,
      });
    });
  });

  it("empties the VPC's default security group", () => {
    const defaultSg = program.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    expect(defaultSg.inputs).toMatchObject({ vpcId: VPC_ID, ingress: [], egress: [] });
  });

  describe("interface endpoints", () => {
    it("serve ECR api and dkr, CloudWatch Logs and Secrets Manager from the private subnets", () => {
      const endpoints = program.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
      expect(endpoints.map((e) => e.inputs.serviceName).sort()).toEqual([
        "com.amazonaws.us-east-2.ecr.api",
        "com.amazonaws.us-east-2.ecr.dkr",
        "com.amazonaws.us-east-2.logs",
        "com.amazonaws.us-east-2.secretsmanager",
      ]);
      const sg = program.one("aws:ec2/securityGroup:SecurityGroup", "endpoints");
      for (const endpoint of endpoints) {
        expect(endpoint.inputs).toMatchObject({
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: PRIVATE_SUBNET_IDS,
          securityGroupIds: [`${sg.name}-id`],
        });
      }
    });

    it("admit HTTPS from the VPC only and open nothing outwards", () => {
      const sg = program.one("aws:ec2/securityGroup:SecurityGroup", "endpoints");
      expect(sg.inputs.ingress).toEqual([
        expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }),
      ]);
      expect(sg.inputs.egress).toEqual([]);
    });

    it("can be switched off for cheap demo stacks", () => {
      const demo = loadStack("demo");
      expect(demo.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).toEqual([]);
      expect(demo.one("awsx:ec2:Vpc").inputs.vpcEndpointSpecs).toHaveLength(1);
    });
  });

  describe("flow logs", () => {
    it("capture ALL traffic of the VPC into the flow-log bucket under the VPC's prefix", () => {
      const flowLog = program.one("aws:ec2/flowLog:FlowLog");
      expect(flowLog.inputs).toMatchObject({
        vpcId: VPC_ID,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: `arn:aws:s3:::flow-logs-prod-${ACCOUNT_ID}/${VPC_ID}/`,
        destinationOptions: {
          fileFormat: "parquet",
          perHourPartition: true,
          hiveCompatiblePartitions: false,
        },
      });
    });
  });

  describe("the flow-log bucket", () => {
    const bucketPart = (type: string) => program.one(type, "flow-log");

    it("is named by convention and destroyable with objects in it", () => {
      expect(bucketPart("aws:s3/bucket:Bucket").inputs).toMatchObject({
        bucket: `flow-logs-prod-${ACCOUNT_ID}`,
        forceDestroy: true,
      });
    });

    it("encrypts with the customer-managed logs key and a bucket key", () => {
      const logsKey = program.one("aws:kms/key:Key", "kms-logs");
      expect(
        bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
          .inputs.rules,
      ).toEqual([
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: mockKeyArn(logsKey.name),
          },
          bucketKeyEnabled: true,
        },
      ]);
    });

    it("is versioned", () => {
      expect(bucketPart("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({
        status: "Enabled",
      });
    });

    it("moves objects to Glacier after 90 days, small ones too, expires them with the log retention and prunes old versions", () => {
      const lifecycle = bucketPart("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
      // S3 transitions nothing under 128 KB by default; hourly flow-log objects often are.
      expect(lifecycle.transitionDefaultMinimumObjectSize).toBe("varies_by_storage_class");
      const [rule] = lifecycle.rules;
      expect(rule).toMatchObject({
        status: "Enabled",
        transitions: [{ days: 90, storageClass: "GLACIER" }],
        expiration: { days: 2557 },
        noncurrentVersionExpiration: { noncurrentDays: 365 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      });
    });

    it("blocks all public access and enforces bucket-owner ownership (ACLs off)", () => {
      expect(bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({
        objectOwnership: "BucketOwnerEnforced",
      });
    });

    describe("policy", () => {
      const statements = () => statementsOf(bucketPart("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
      const bucketArn = `arn:aws:s3:::flow-logs-prod-${ACCOUNT_ID}`;

      it("denies every request made without TLS", () => {
        expect(statements()).toContainEqual({
          Sid: "DenyRequestsWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:*"],
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
      });

      it("lets only log delivery write, for this account and under this VPC's prefix", () => {
        const allows = statements().filter((s) => s.Effect === "Allow");
        expect(allows.map((s) => s.Principal)).toEqual([
          { Service: "delivery.logs.amazonaws.com" },
          { Service: "delivery.logs.amazonaws.com" },
        ]);
        const write = allows.find((s) => s.Action.includes("s3:PutObject"));
        expect(write?.Resource).toBe(`${bucketArn}/${VPC_ID}/AWSLogs/${ACCOUNT_ID}/*`);
        for (const statement of allows) {
          expect(statement.Condition).toEqual({
            StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-2:${ACCOUNT_ID}:*` },
          });
        }
      });
    });
  });
});
