import { createHash } from "crypto";
import { RegisteredResource, awsProviderRegions } from "../../test/support/harness";
import { withTransforms } from "./transforms";
import {
  EngineView,
  PRIVATE_SUBNET_IDS,
  PUBLIC_SUBNET_IDS,
  UNKNOWN,
  VPC_ID,
  mockOutputs,
} from "../../test/support/mocks";

/**
 * Under mocks an awsx component is registered alone: its children are created by the awsx
 * provider, which does not run. This adds the children a real preview shows, derived from the
 * component's args the way @pulumi/awsx 3.9 builds them, with awsx's parent chain, URNs, ordering
 * edges (`dependsOn`) and reference inputs, including the insecure defaults awsx falls back to
 * when an arg is missing. It emulates only what the policy pack judges, from the awsx sources in
 * AWSX_SOURCES (pulumi/pulumi-awsx at AWSX_COMMIT); docs/engine-model.md says what it models of
 * the engine and what it does not. test/policy/pack.test.ts pins the installed versions, so an
 * upgrade starts by re-reading them.
 *
 * What the engine hands a policy pack, and so what this models:
 * - The awsx components themselves carry the properties the provider's SDK sends (see
 *   ComponentProperties), never the args the program passed.
 * - Ids are outputs, never inputs. A reference input (`vpcId`, `subnetId`, ...) holds the
 *   referenced child's id where the view knows it (`up`) and is unknown at a first preview.
 * - Dependencies are per value. A child input built from a component arg depends on what the
 *   provider's construct received for that arg. Every output of an awsx VPC is built from one
 *   promise of all its data (awsx/ec2/vpc.ts `pulumi.output(this.getData())`), so a value read
 *   from any of them depends on the VPC component, its `aws:ec2/vpc` and all its subnets.
 */
/** The pulumi/pulumi-awsx files this emulation follows, for the awsx version pinned in package.json. */
export const AWSX_SOURCES = [
  "awsx/index.ts",
  "awsx/resources.ts",
  "awsx/utils.ts",
  "awsx/schema-types.ts",
  "awsx/ec2/vpc.ts",
  "awsx/ec2/subnetDistributorNew.ts",
  "awsx/ec2/subnetNaming.ts",
  "awsx/lb/applicationLoadBalancer.ts",
  "awsx/ecs/fargateService.ts",
  "awsx/ecs/fargateTaskDefinition.ts",
  "awsx/ecs/containers.ts",
  "awsx/role.ts",
  "awsx/cloudwatch/logGroup.ts",
];
/**
 * The pulumi/pulumi-awsx commit read: the newest the mirror holds (2026-08-20), after v3.8.0 and
 * before the 3.9.0 release (2026-09-01, whose commit the mirror lacks). Its awsx/package.json
 * pins @pulumi/pulumi 3.200.0, the SDK the provider runs.
 */
export const AWSX_COMMIT = "e60adf3c";

/**
 * The properties an awsx component reaches a policy with:
 * - "empty": `{}`. The provider's @pulumi/pulumi 3.200.0 `ComponentResource` sends `{}` unless
 *   the resource is remote or has `opts.urn`; inside the provider's construct it is neither
 *   (provider/server.js builds its opts without a urn). Component inputs are sent from 3.202.0
 *   (pulumi/pulumi#20357). This is the installed provider.
 * - "full": what an SDK that sends component inputs would send: awsx's schema base classes pass
 *   `{ name, args, opts }` (awsx/schema-types.ts), and FargateService, FargateTaskDefinition and
 *   ApplicationLoadBalancer hand their base `{}` as args. `opts` is left out of the model.
 */
export type ComponentProperties = "empty" | "full";

export interface EngineModel {
  /** "preview": a first preview, ids unknown; "up": an update, ids known. */
  readonly view: EngineView;
  readonly componentProperties?: ComponentProperties;
}

/** The security group awsx creates when it is given none: open to the world on every port. */
const AWSX_OPEN_SECURITY_GROUP = {
  ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
  egress: [
    { fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
  ],
};

/** awsx components whose schema base class receives the component's args (the others get `{}`). */
const PASSES_ARGS_TO_BASE = ["awsx:ec2:Vpc"];

/**
 * The program's registrations with the children the awsx provider would register, as the engine
 * hands them to a policy pack in `model.view`.
 */
export function withAwsxChildren(
  records: readonly RegisteredResource[],
  model: EngineModel = { view: "preview" },
): RegisteredResource[] {
  const components = records.filter((r) => r.type.startsWith("awsx:"));
  const childrenByComponent = new Map(
    components.map((c) => [c.urn, childrenOf(c, model.view, regionOf(records, c))]),
  );
  const children = [...childrenByComponent.values()].flat();
  // The engine runs the program's transforms on each child before it registers it (./transforms).
  const all = withTransforms([...records, ...children], new Set(children)).map((r) =>
    r.type.startsWith("awsx:") ? asSent(r, model) : r,
  );
  return withVpcOutputDependencies(all, components, childrenByComponent);
}

/**
 * A component as the provider registers it: the properties its SDK sends, no arg dependencies,
 * and the outputs it registers, `{}` (ComponentResource.initializeAndRegisterOutputs and
 * FargateService call `registerOutputs()` with nothing), which a stack policy reads.
 */
function asSent(component: RegisteredResource, model: EngineModel): RegisteredResource {
  if ((model.componentProperties ?? "empty") === "empty") {
    return { ...component, remote: false, inputs: {}, outputs: {}, propertyDependencies: {} };
  }
  const args = PASSES_ARGS_TO_BASE.includes(component.type) ? component.inputs : {};
  const argDeps = PASSES_ARGS_TO_BASE.includes(component.type)
    ? [...new Set(Object.values(component.propertyDependencies).flat())]
    : [];
  return {
    ...component,
    remote: false,
    inputs: { name: component.name, args },
    outputs: {},
    propertyDependencies: { name: [], args: argDeps },
  };
}

/**
 * Adds, wherever a value depends on an awsx VPC component, the VPC's `aws:ec2/vpc` and every one
 * of its subnets: the dependencies the provider's construct reports for each of its outputs.
 */
function withVpcOutputDependencies(
  records: RegisteredResource[],
  components: readonly RegisteredResource[],
  childrenByComponent: ReadonlyMap<string, readonly RegisteredResource[]>,
): RegisteredResource[] {
  const reported = new Map(
    components
      .filter((c) => c.type === "awsx:ec2:Vpc")
      .map((vpc) => [
        vpc.urn,
        (childrenByComponent.get(vpc.urn) ?? [])
          .filter((r) => r.type === "aws:ec2/vpc:Vpc" || r.type === "aws:ec2/subnet:Subnet")
          .map((r) => r.urn),
      ]),
  );
  const expand = (urns: readonly string[]) => [
    ...new Set(urns.flatMap((u) => [u, ...(reported.get(u) ?? [])])),
  ];
  return records.map((r) => ({
    ...r,
    dependencies: expand(r.dependencies),
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([key, urns]) => [key, expand(urns)]),
    ),
  }));
}

/** The Region of the AWS provider a component was given: where awsx's providers create its children. */
function regionOf(records: readonly RegisteredResource[], component: RegisteredResource): string {
  const region = awsProviderRegions(records)(component);
  if (region === undefined) {
    throw new Error(
      `${component.urn} has no AWS provider with a region: awsx would use the default provider`,
    );
  }
  return region;
}

type Deps = Record<string, readonly string[]>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = Record<string, any>;

/** `urn:pulumi:stack::project::parent$types::name` of a child of `parent`. */
function childUrn(parent: RegisteredResource, type: string, name: string): string {
  const [stack, project, types] = parent.urn.split("::");
  return `${stack}::${project}::${types}$${type}::${name}`;
}

const sha1hash = (s: string) => createHash("sha1").update(s).digest("hex").substring(0, 8);

/** Where a child's id comes from in the `up` view: the ids the mocks give the VPC's outputs. */
function knownId(type: string, name: string, inputs: Inputs): string {
  if (type === "aws:ec2/vpc:Vpc") return VPC_ID;
  if (type === "aws:ec2/subnet:Subnet") {
    const az = "abc".indexOf(String(inputs.availabilityZone).slice(-1));
    if (inputs.mapPublicIpOnLaunch === true && PUBLIC_SUBNET_IDS[az]) return PUBLIC_SUBNET_IDS[az];
    if (inputs.tags?.SubnetType === "Private" && PRIVATE_SUBNET_IDS[az]) return PRIVATE_SUBNET_IDS[az];
  }
  return `${name}-id`;
}

/** True when a value holds anything a preview does not know. */
const holdsUnknown = (value: unknown): boolean =>
  value === UNKNOWN ||
  (Array.isArray(value)
    ? value.some(holdsUnknown)
    : !!value && typeof value === "object" && Object.values(value).some(holdsUnknown));

function childrenOf(component: RegisteredResource, view: EngineView, region: string): RegisteredResource[] {
  const created: RegisteredResource[] = [];
  const provider = component.providers.aws ?? "";
  /**
   * Registers a child. `dependsOn` are awsx's explicit ordering edges; the engine's dependencies
   * are those and every input's dependencies.
   */
  const add = (
    parent: RegisteredResource,
    type: string,
    name: string,
    inputs: Inputs,
    propertyDependencies: Deps = {},
    { custom = true, dependsOn = [] as RegisteredResource[] } = {},
  ): RegisteredResource => {
    const record: RegisteredResource = {
      type,
      name,
      urn: childUrn(parent, type, name),
      id: custom && view === "up" ? knownId(type, name, inputs) : "",
      parent: parent.urn,
      custom,
      remote: false,
      provider: custom ? provider : "",
      providers: custom ? {} : component.providers,
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      dependencies: [
        ...new Set([...dependsOn.map((d) => d.urn), ...Object.values(propertyDependencies).flat()]),
      ],
      propertyDependencies,
      inputs,
    };
    created.push(record);
    return record;
  };
  /** A reference input (`vpc.id`, `lb.arn`): known during `up`, unknown at a first preview. */
  const idOf = (r: RegisteredResource) => (view === "up" ? r.id : UNKNOWN);
  const arnOf = (r: RegisteredResource) =>
    view === "up" ? String(mockOutputs(r.type, r.name, r.inputs).arn) : UNKNOWN;
  /** The component's dependencies for each of these args, as the child inputs they become. */
  const depsOf = (args: Inputs, from: string) =>
    Object.fromEntries(Object.keys(args).map((key) => [key, component.propertyDependencies[from] ?? []]));
  const ownDeps = (keys: string[]) =>
    Object.fromEntries(keys.map((key) => [key, component.propertyDependencies[key] ?? []]));
  const args = component.inputs;
  const name = component.name;

  switch (component.type) {
    case "awsx:ec2:Vpc": {
      const tags = { Name: name, ...args.tags };
      const vpcInputs = {
        cidrBlock: args.cidrBlock ?? "10.0.0.0/16",
        enableDnsHostnames: args.enableDnsHostnames,
        enableDnsSupport: args.enableDnsSupport,
        tags,
      };
      const vpc = add(component, "aws:ec2/vpc:Vpc", name, vpcInputs, ownDeps(Object.keys(vpcInputs)));
      const onVpc = { vpcId: [vpc.urn] };
      // awsx/ec2/vpc.ts: the gateway, subnets and endpoints are created `dependsOn: [vpc]`.
      const igw = add(
        vpc,
        "aws:ec2/internetGateway:InternetGateway",
        name,
        { vpcId: idOf(vpc), tags },
        onVpc,
        { dependsOn: [vpc] },
      );
      const azs: string[] = args.availabilityZoneNames ?? ["a", "b", "c"].map((z) => `${region}${z}`);
      const specs: { type: string; name?: string; cidrBlocks?: string[]; tags?: Inputs }[] =
        args.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
      const strategy: string = args.natGateways?.strategy ?? "OnePerAz";
      const order = (type: string) => ["public", "private", "isolated"].indexOf(type.toLowerCase());
      const routeTables: RegisteredResource[] = [];
      const natGateways: RegisteredResource[] = [];
      const eips: RegisteredResource[] = [];
      azs.forEach((az, i) => {
        for (const spec of [...specs].sort((a, b) => order(a.type) - order(b.type))) {
          const type = spec.type.toLowerCase();
          const subnetName = `${name}-${spec.name ?? type}-${i + 1}`;
          // No `id` input: an id is an output, which the engine knows once the subnet exists.
          const subnet = add(
            vpc,
            "aws:ec2/subnet:Subnet",
            subnetName,
            {
              vpcId: idOf(vpc),
              availabilityZone: az,
              cidrBlock: spec.cidrBlocks?.[i],
              mapPublicIpOnLaunch: type === "public",
              assignIpv6AddressOnCreation: false,
              tags: { ...tags, ...spec.tags, Name: subnetName, SubnetType: spec.type },
            },
            onVpc,
            { dependsOn: [vpc] },
          );
          // Ordering edges: a route table, EIP and NAT gateway after their subnet; an
          // association and a route after their table.
          const routeTable = add(
            subnet,
            "aws:ec2/routeTable:RouteTable",
            subnetName,
            { vpcId: idOf(vpc), tags: { ...tags, Name: subnetName, SubnetType: spec.type } },
            onVpc,
            { dependsOn: [subnet] },
          );
          routeTables.push(routeTable);
          add(
            routeTable,
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            subnetName,
            { routeTableId: idOf(routeTable), subnetId: idOf(subnet) },
            { routeTableId: [routeTable.urn], subnetId: [subnet.urn] },
            { dependsOn: [routeTable] },
          );
          const wantsNat =
            strategy === "OnePerAz"
              ? natGateways.length < i + 1
              : strategy === "Single" && natGateways.length < 1;
          if (type === "public" && wantsNat) {
            const eip = add(
              subnet,
              "aws:ec2/eip:Eip",
              `${name}-${i + 1}`,
              { tags: { ...args.tags, Name: `${name}-${i + 1}` } },
              {},
              { dependsOn: [subnet] },
            );
            eips.push(eip);
            natGateways.push(
              add(
                subnet,
                "aws:ec2/natGateway:NatGateway",
                `${name}-${i + 1}`,
                {
                  subnetId: idOf(subnet),
                  // The EIP's allocationId output: known once it exists.
                  allocationId: view === "up" ? `eipalloc-${eip.name}` : UNKNOWN,
                  tags: { ...args.tags, Name: `${name}-${i + 1}` },
                },
                { subnetId: [subnet.urn], allocationId: [eip.urn] },
                { dependsOn: [subnet] },
              ),
            );
          }
          const defaultRoute = { destinationCidrBlock: "0.0.0.0/0", routeTableId: idOf(routeTable) };
          if (type === "public") {
            // Public subnets reach the internet through the internet gateway.
            add(
              routeTable,
              "aws:ec2/route:Route",
              subnetName,
              { ...defaultRoute, gatewayId: view === "up" ? `igw-${igw.name}` : UNKNOWN },
              { routeTableId: [routeTable.urn], gatewayId: [igw.urn] },
              { dependsOn: [routeTable] },
            );
          } else if (type === "private" && strategy !== "None") {
            // Private subnets leave through the NAT gateway of their AZ (the first one, if Single).
            const nat = strategy === "Single" ? natGateways[0] : natGateways[i];
            add(
              routeTable,
              "aws:ec2/route:Route",
              subnetName,
              { ...defaultRoute, natGatewayId: idOf(nat) },
              { routeTableId: [routeTable.urn], natGatewayId: [nat.urn] },
              { dependsOn: [routeTable] },
            );
          }
        }
      });
      const endpointStrategy = args.vpcEndpointStrategy ?? "Legacy";
      for (const spec of args.vpcEndpointSpecs ?? []) {
        const gateway = (spec.vpcEndpointType ?? "Gateway").toLowerCase() === "gateway";
        // "Auto" attaches a gateway endpoint without routeTableIds to every route table awsx made.
        const allTables = endpointStrategy === "Auto" && gateway && spec.routeTableIds === undefined;
        add(
          vpc,
          "aws:ec2/vpcEndpoint:VpcEndpoint",
          spec.serviceName,
          {
            ...spec,
            vpcId: idOf(vpc),
            ...(allTables ? { routeTableIds: routeTables.map(idOf) } : {}),
            tags,
          },
          {
            ...depsOf(spec, "vpcEndpointSpecs"),
            vpcId: [vpc.urn],
            ...(allTables ? { routeTableIds: routeTables.map((t) => t.urn) } : {}),
          },
          { dependsOn: [vpc] },
        );
      }
      break;
    }

    case "awsx:lb:ApplicationLoadBalancer": {
      const {
        defaultTargetGroup,
        defaultTargetGroupPort,
        listener,
        listeners,
        defaultSecurityGroup,
        subnetIds,
        subnets,
        ...lbArgs
      } = args;
      const lbDeps: Deps = {
        ...ownDeps(Object.keys(lbArgs)),
        subnets: component.propertyDependencies.subnetIds ?? [],
      };
      const lbInputs: Inputs = { ...lbArgs, subnets: subnetIds ?? subnets, loadBalancerType: "application" };
      if (!lbArgs.securityGroups && !defaultSecurityGroup?.skip) {
        // awsx's default: open to the world on every port.
        const sg = add(component, "aws:ec2/securityGroup:SecurityGroup", name, {
          ...AWSX_OPEN_SECURITY_GROUP,
        });
        lbDeps.securityGroups = [sg.urn];
        lbInputs.securityGroups = [idOf(sg)];
      }
      const lb = add(component, "aws:lb/loadBalancer:LoadBalancer", name, lbInputs, lbDeps);
      const single = listener ?? (listeners?.length === 1 ? undefined : listeners?.[0]);
      const defaultProtocol =
        single?.port && single?.protocol
          ? { port: single.port, protocol: single.protocol }
          : { port: defaultTargetGroupPort ?? 80, protocol: "HTTP" };
      const targetGroup = add(
        component,
        "aws:lb/targetGroup:TargetGroup",
        name,
        { targetType: "ip", ...defaultProtocol, ...defaultTargetGroup },
        depsOf(defaultTargetGroup ?? {}, "defaultTargetGroup"),
      );
      const all: Inputs[] = listener ? [listener] : (listeners ?? [{}]);
      all.forEach((l, i) =>
        add(
          component,
          "aws:lb/listener:Listener",
          `${name}-${i}`,
          {
            defaultActions: [{ type: "forward", targetGroupArn: arnOf(targetGroup) }],
            ...defaultProtocol,
            ...l,
            loadBalancerArn: arnOf(lb),
          },
          {
            ...depsOf(l, listener ? "listener" : "listeners"),
            defaultActions: [targetGroup.urn],
            loadBalancerArn: [lb.urn],
          },
        ),
      );
      break;
    }

    case "awsx:ecs:FargateService": {
      const {
        taskDefinitionArgs: td,
        continueBeforeSteadyState,
        assignPublicIp,
        taskDefinition,
        ...serviceArgs
      } = args;
      const serviceDeps: Deps = ownDeps(Object.keys(serviceArgs));
      let taskDefinitionRef = taskDefinition;
      if (td) {
        const taskDefinitionDeps = component.propertyDependencies.taskDefinitionArgs ?? [];
        const nested = add(component, "awsx:ecs:FargateTaskDefinition", name, {}, {}, { custom: false });
        const { container, containers, logGroup, executionRole, taskRole, ...taskArgs } = td;
        const logGroupRecord =
          !logGroup?.skip && !logGroup?.existing
            ? // awsx's default log group: no retention, no key.
              add(nested, "aws:cloudwatch/logGroup:LogGroup", name, { ...(logGroup?.args ?? {}) })
            : undefined;
        const role = (suffix: string, given: Inputs | undefined, policyArns: string[]) => {
          if (given?.skip || given?.roleArn) return undefined;
          const roleName = `${name}-${suffix}`;
          const created = add(nested, "aws:iam/role:Role", roleName, {
            assumeRolePolicy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Action: "sts:AssumeRole",
                  Principal: { Service: "ecs-tasks.amazonaws.com" },
                  Effect: "Allow",
                  Sid: "",
                },
              ],
            }),
            ...(given?.args ?? {}),
          });
          for (const policyArn of policyArns) {
            add(
              nested,
              "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
              `${roleName}-${sha1hash(policyArn)}`,
              { policyArn, role: idOf(created) },
              { role: [created.urn] },
            );
          }
          return created;
        };
        // awsx/role.ts: the execution role gets AmazonECSTaskExecutionRolePolicy, the task role nothing.
        const taskRoleRecord = role("task", taskRole, []);
        const executionRoleRecord = role("execution", executionRole, [
          "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        ]);
        const named: Record<string, Inputs> = container
          ? { [container.name ?? "container"]: container }
          : (containers ?? {});
        const definitions = Object.entries(named)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([containerName, c]) => ({
            ...c,
            // awsx/ecs/containers.ts getMappingInputs: hostPort defaults to the container port.
            portMappings: c.portMappings?.map((m: Inputs) => ({
              name: m.name,
              containerPortRange: m.containerPortRange,
              appProtocol: m.appProtocol,
              containerPort: m.containerPort ?? m.hostPort ?? m.targetGroup?.port,
              hostPort: m.hostPort ?? m.targetGroup?.port ?? m.containerPort,
              protocol: m.protocol,
            })),
            name: containerName,
            ...(c.logConfiguration === undefined && logGroupRecord
              ? {
                  logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                      "awslogs-group": idOf(logGroupRecord),
                      "awslogs-region": region,
                      "awslogs-stream-prefix": containerName,
                    },
                  },
                }
              : {}),
          }));
        const task = add(
          nested,
          "aws:ecs/taskDefinition:TaskDefinition",
          name,
          {
            ...taskArgs,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            taskRoleArn: taskRoleRecord ? arnOf(taskRoleRecord) : taskRole?.roleArn,
            executionRoleArn: executionRoleRecord ? arnOf(executionRoleRecord) : executionRole?.roleArn,
            // awsx/ecs/fargateTaskDefinition.ts: JSON.stringify in an apply, which a preview
            // does not run while any container value is unknown.
            containerDefinitions: holdsUnknown(definitions) ? UNKNOWN : JSON.stringify(definitions),
          },
          {
            ...Object.fromEntries(Object.keys(taskArgs).map((key) => [key, taskDefinitionDeps])),
            taskRoleArn: taskRoleRecord ? [taskRoleRecord.urn] : taskDefinitionDeps,
            executionRoleArn: executionRoleRecord ? [executionRoleRecord.urn] : taskDefinitionDeps,
            containerDefinitions: [...taskDefinitionDeps, ...(logGroupRecord ? [logGroupRecord.urn] : [])],
          },
        );
        taskDefinitionRef = arnOf(task);
        serviceDeps.taskDefinition = [task.urn];
      }
      const serviceInputs: Inputs = {
        desiredCount: 1,
        ...serviceArgs,
        networkConfiguration: serviceArgs.networkConfiguration ?? {
          assignPublicIp: assignPublicIp ?? false,
        },
        launchType: serviceArgs.capacityProviderStrategies ? undefined : "FARGATE",
        waitForSteadyState: continueBeforeSteadyState !== true,
        ...(taskDefinitionRef ? { taskDefinition: taskDefinitionRef } : {}),
      };
      if (!serviceArgs.networkConfiguration) {
        // awsx's default: the default VPC's subnets and a security group open to the world.
        const sg = add(component, "aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, {
          ...AWSX_OPEN_SECURITY_GROUP,
        });
        serviceDeps.networkConfiguration = [sg.urn, ...(component.propertyDependencies.assignPublicIp ?? [])];
        serviceInputs.networkConfiguration.securityGroups = [idOf(sg)];
      }
      add(component, "aws:ecs/service:Service", name, serviceInputs, serviceDeps);
      break;
    }
  }
  return created;
}
