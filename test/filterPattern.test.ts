import { SECURITY_EVENT_FILTERS, SecurityEventFilter } from "../infra/securityEvents";
import { matchesFilterPattern } from "./support/filterPattern";

/**
 * The examples of the CloudWatch Logs user guide, "Filter pattern syntax for metric filters",
 * section "Using metric filters to match terms and extract values from JSON log events".
 */
describe("the filter-pattern evaluator, on AWS's documented examples", () => {
  const trailEvent = {
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    SomeObject: null,
  };
  const usersEvent = {
    user: { id: 1, email: "John.Stiles@example.com" },
    users: [
      { id: 2, email: "John.Doe@example.com" },
      { id: 3, email: "Jane.Doe@example.com" },
    ],
    actions: ["GET", "PUT", "DELETE"],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
      [7, 8, 9],
    ],
  };

  it.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ["{ $.sourceIPAddress != 123.123.* }", true],
    ['{ $.arrayKey[0] = "value" }', true],
    ["{ $.objectList[1].id = 2 }", true],
    ["{ $.SomeObject IS NULL }", true],
    ["{ $.SomeOtherObject NOT EXISTS }", true],
    // Counterparts of the examples, so each construct can also fail.
    ['{ $.eventType = "CreateTrail" }', false],
    ["{ $.sourceIPAddress != 111.111.* }", false],
    ["{ $.objectList[0].id = 2 }", false],
    ["{ $.SomeObject NOT EXISTS }", false],
    ["{ $.objectList = 2 }", false],
  ])("JSON event 1: %s matches: %s", (pattern, expected) => {
    expect(matchesFilterPattern(pattern as string, trailEvent)).toBe(expected);
  });

  it.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    [
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }',
      true,
    ],
    [
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }',
      false,
    ],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
  ])("compound expression %s matches: %s", (pattern, expected) => {
    expect(matchesFilterPattern(pattern as string, usersEvent)).toBe(expected);
  });

  it.each([
    ["{ $.bandwidth > 75 }", { bandwidth: 76 }, true],
    ["{ $.bandwidth > 75 }", { bandwidth: 75 }, false],
    ["{ $.latency < 50 }", { latency: 49 }, true],
    ["{ $.refreshRate >= 60 }", { refreshRate: 60 }, true],
    ["{ $.responseTime <= 5 }", { responseTime: 6 }, false],
    ["{ $.errorCode = 400}", { errorCode: 400 }, true],
    ["{ $.errorCode != 500 }", { errorCode: 500 }, false],
    ["{ $.number[0] = 1e-3 }", { number: [0.001] }, true],
    ["{ $.number[0] != 1e+3 }", { number: [1000] }, false],
  ])("numeric filter %s on %j matches: %s", (pattern, event, expected) => {
    expect(matchesFilterPattern(pattern as string, event)).toBe(expected);
  });

  it("rejects what it cannot read instead of guessing", () => {
    expect(() => matchesFilterPattern("ERROR", {})).toThrow(/JSON filter patterns/);
    expect(() => matchesFilterPattern("{ $.a IS MAYBE }", {})).toThrow(/IS takes/);
    expect(() => matchesFilterPattern("{ ($.a = 1 }", {})).toThrow(/expected \)/);
  });
});

/** A CloudTrail record as delivered to CloudWatch Logs, with the fields the filters read. */
const cloudTrailEvent = (fields: Record<string, unknown>) => ({
  eventVersion: "1.09",
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROAEXAMPLE:deploy",
    arn: "arn:aws:sts::123456789012:assumed-role/platform-deploy/deploy",
    accountId: "123456789012",
    sessionContext: { attributes: { mfaAuthenticated: "false" } },
  },
  eventTime: "2026-01-15T10:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "DescribeInstances",
  awsRegion: "us-east-2",
  sourceIPAddress: "203.0.113.10",
  readOnly: true,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: "123456789012",
  ...fields,
});

const iamUser = { type: "IAMUser", userName: "alice", accountId: "123456789012" };
const consoleLogin = (fields: Record<string, unknown>) =>
  cloudTrailEvent({
    userIdentity: iamUser,
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    readOnly: false,
    ...fields,
  });
const call = (eventSource: string, eventName: string) =>
  cloudTrailEvent({ eventSource, eventName, readOnly: false });

/** For each filter, an event of the kind it exists for. */
const SAMPLES: Record<SecurityEventFilter["id"], object> = {
  "root-account-usage": cloudTrailEvent({
    userIdentity: { type: "Root", arn: "arn:aws:iam::123456789012:root", accountId: "123456789012" },
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
  }),
  "unauthorized-api-calls": cloudTrailEvent({
    errorCode: "Client.UnauthorizedOperation",
    errorMessage: "You are not authorized to perform this operation.",
  }),
  "console-signin-without-mfa": consoleLogin({
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: { MFAUsed: "No", LoginTo: "https://console.aws.amazon.com/" },
  }),
  "iam-policy-changes": call("iam.amazonaws.com", "PutRolePolicy"),
  "cloudtrail-config-changes": call("cloudtrail.amazonaws.com", "StopLogging"),
  "console-signin-failures": consoleLogin({
    errorMessage: "Failed authentication",
    responseElements: { ConsoleLogin: "Failure" },
    additionalEventData: { MFAUsed: "No" },
  }),
  "kms-key-disabled-or-deleted": call("kms.amazonaws.com", "ScheduleKeyDeletion"),
  "s3-bucket-policy-changes": call("s3.amazonaws.com", "PutBucketPolicy"),
  "aws-config-changes": call("config.amazonaws.com", "StopConfigurationRecorder"),
  "security-group-changes": call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
  "nacl-changes": call("ec2.amazonaws.com", "CreateNetworkAclEntry"),
  "network-gateway-changes": call("ec2.amazonaws.com", "AttachInternetGateway"),
  "route-table-changes": call("ec2.amazonaws.com", "CreateRoute"),
  "vpc-changes": call("ec2.amazonaws.com", "ModifyVpcAttribute"),
};

/** Events close to a filter's kind that it must not count. */
const NEAR_MISSES: [SecurityEventFilter["id"], string, object][] = [
  [
    "root-account-usage",
    "an AWS service acting for the root user",
    cloudTrailEvent({
      userIdentity: { type: "Root", invokedBy: "cloudformation.amazonaws.com" },
      eventName: "CreateStack",
    }),
  ],
  ["unauthorized-api-calls", "a throttled call", cloudTrailEvent({ errorCode: "ThrottlingException" })],
  [
    "console-signin-without-mfa",
    "a sign-in with MFA",
    consoleLogin({ responseElements: { ConsoleLogin: "Success" }, additionalEventData: { MFAUsed: "Yes" } }),
  ],
  ["iam-policy-changes", "reading a role policy", call("iam.amazonaws.com", "GetRolePolicy")],
  ["cloudtrail-config-changes", "describing trails", call("cloudtrail.amazonaws.com", "DescribeTrails")],
  [
    "console-signin-failures",
    "a successful sign-in",
    consoleLogin({ responseElements: { ConsoleLogin: "Success" }, additionalEventData: { MFAUsed: "Yes" } }),
  ],
  ["kms-key-disabled-or-deleted", "enabling a key", call("kms.amazonaws.com", "EnableKey")],
  ["s3-bucket-policy-changes", "reading a bucket policy", call("s3.amazonaws.com", "GetBucketPolicy")],
  ["aws-config-changes", "starting the recorder", call("config.amazonaws.com", "StartConfigurationRecorder")],
  ["security-group-changes", "describing groups", call("ec2.amazonaws.com", "DescribeSecurityGroups")],
  ["nacl-changes", "describing network ACLs", call("ec2.amazonaws.com", "DescribeNetworkAcls")],
  ["network-gateway-changes", "describing gateways", call("ec2.amazonaws.com", "DescribeInternetGateways")],
  ["route-table-changes", "describing route tables", call("ec2.amazonaws.com", "DescribeRouteTables")],
  ["vpc-changes", "describing VPCs", call("ec2.amazonaws.com", "DescribeVpcs")],
];

describe("security alarm filter patterns, on sample CloudTrail events", () => {
  const matching = (event: object) =>
    SECURITY_EVENT_FILTERS.filter((f) => matchesFilterPattern(f.pattern, event)).map((f) => f.id);

  it("has one sample event for every filter", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(SECURITY_EVENT_FILTERS.map((f) => f.id).sort());
  });

  it.each(SECURITY_EVENT_FILTERS.map((f) => [f.id]))("%s counts its own kind of event, and only it", (id) => {
    expect(matching(SAMPLES[id as SecurityEventFilter["id"]])).toEqual([id]);
  });

  it("counts nothing for a harmless read by an assumed role", () => {
    expect(matching(cloudTrailEvent({}))).toEqual([]);
  });

  it.each(NEAR_MISSES)("%s does not count %s", (id, _, event) => {
    expect(matching(event)).not.toContain(id);
  });
});
