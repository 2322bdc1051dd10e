import { createHash } from "crypto";
import { RegisteredResource } from "../../test/support/harness";
import { withTransforms } from "./transforms";
import { PRIVATE_SUBNET_IDS, PUBLIC_SUBNET_IDS } from "../../test/support/mocks";

/**
 * Under mocks an awsx component is registered alone: its children are created by the awsx
 * provider, which does not run. This adds the children a real preview shows, derived from the
 * component's args the way @pulumi/awsx 3.9 builds them, with awsx's parent chain, URNs and
 * reference inputs (as propertyDependencies), including the insecure defaults awsx falls back to
 * when an arg is missing. It emulates only what the policy pack judges, from the awsx sources in
 * AWSX_SOURCES; test/policy/pack.test.ts pins the installed versions, so an upgrade starts by
 * re-reading them.
 *
 * Dependencies of a child input that comes from a component arg are that arg's dependencies, as
 * the awsx provider's construct receives them (per top-level arg).
 */
/** The pulumi/pulumi-awsx files this emulation follows, for the awsx version pinned in package.json. */
export const AWSX_SOURCES = [
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

/** The security group awsx creates when it is given none: open to the world on every port. */
const AWSX_OPEN_SECURITY_GROUP = {
  ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
  egress: [
    { fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
  ],
};

export function withAwsxChildren(records: readonly RegisteredResource[]): RegisteredResource[] {
  const children = records.filter((r) => r.type.startsWith("awsx:")).flatMap(childrenOf);
  return withTransforms([...records, ...children], new Set(children));
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

function childrenOf(component: RegisteredResource): RegisteredResource[] {
  const created: RegisteredResource[] = [];
  const provider = component.providers.aws ?? "";
  const add = (
    parent: RegisteredResource,
    type: string,
    name: string,
    inputs: Inputs,
    propertyDependencies: Deps = {},
    custom = true,
  ): RegisteredResource => {
    const record: RegisteredResource = {
      type,
      name,
      urn: childUrn(parent, type, name),
      parent: parent.urn,
      custom,
      remote: false,
      provider: custom ? provider : "",
      providers: custom ? {} : component.providers,
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      dependencies: [...new Set(Object.values(propertyDependencies).flat())],
      propertyDependencies,
      inputs,
    };
    created.push(record);
    return record;
  };
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
      const igw = add(vpc, "aws:ec2/internetGateway:InternetGateway", name, { tags }, onVpc);
      const azs: string[] = args.availabilityZoneNames ?? ["a", "b", "c"].map((z) => `us-east-2${z}`);
      const specs: { type: string; name?: string; cidrBlocks?: string[]; tags?: Inputs }[] =
        args.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
      const strategy: string = args.natGateways?.strategy ?? "OnePerAz";
      const order = (type: string) => ["public", "private", "isolated"].indexOf(type.toLowerCase());
      const routeTables: RegisteredResource[] = [];
      const natGateways: RegisteredResource[] = [];
      azs.forEach((az, i) => {
        for (const spec of [...specs].sort((a, b) => order(a.type) - order(b.type))) {
          const type = spec.type.toLowerCase();
          const subnetName = `${name}-${spec.name ?? type}-${i + 1}`;
          // The ids the mocks give the VPC's subnet outputs, which the program passes on; a real
          // preview sends a subnet's id once it exists (unknown before its first deploy).
          const id =
            type === "public" ? PUBLIC_SUBNET_IDS[i] : type === "private" ? PRIVATE_SUBNET_IDS[i] : undefined;
          const subnet = add(
            vpc,
            "aws:ec2/subnet:Subnet",
            subnetName,
            {
              ...(id ? { id } : {}),
              availabilityZone: az,
              cidrBlock: spec.cidrBlocks?.[i],
              mapPublicIpOnLaunch: type === "public",
              assignIpv6AddressOnCreation: false,
              tags: { ...tags, ...spec.tags, Name: subnetName, SubnetType: spec.type },
            },
            onVpc,
          );
          const routeTable = add(
            subnet,
            "aws:ec2/routeTable:RouteTable",
            subnetName,
            { tags: { ...tags, Name: subnetName, SubnetType: spec.type } },
            onVpc,
          );
          routeTables.push(routeTable);
          add(
            routeTable,
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            subnetName,
            {},
            { routeTableId: [routeTable.urn], subnetId: [subnet.urn] },
          );
          const wantsNat =
            strategy === "OnePerAz"
              ? natGateways.length < i + 1
              : strategy === "Single" && natGateways.length < 1;
          if (type === "public" && wantsNat) {
            const eip = add(subnet, "aws:ec2/eip:Eip", `${name}-${i + 1}`, {
              tags: { ...args.tags, Name: `${name}-${i + 1}` },
            });
            natGateways.push(
              add(
                subnet,
                "aws:ec2/natGateway:NatGateway",
                `${name}-${i + 1}`,
                { tags: { ...args.tags, Name: `${name}-${i + 1}` } },
                { subnetId: [subnet.urn], allocationId: [eip.urn] },
              ),
            );
          }
          const defaultRoute = { destinationCidrBlock: "0.0.0.0/0" };
          if (type === "public") {
            // Public subnets reach the internet through the internet gateway.
            add(routeTable, "aws:ec2/route:Route", subnetName, defaultRoute, {
              routeTableId: [routeTable.urn],
              gatewayId: [igw.urn],
            });
          } else if (type === "private" && strategy !== "None") {
            // Private subnets leave through the NAT gateway of their AZ (the first one, if Single).
            const nat = strategy === "Single" ? natGateways[0] : natGateways[i];
            add(routeTable, "aws:ec2/route:Route", subnetName, defaultRoute, {
              routeTableId: [routeTable.urn],
              natGatewayId: [nat.urn],
            });
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
          { ...spec, tags },
          {
            ...depsOf(spec, "vpcEndpointSpecs"),
            vpcId: [vpc.urn],
            ...(allTables ? { routeTableIds: routeTables.map((t) => t.urn) } : {}),
          },
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
      if (!lbArgs.securityGroups && !defaultSecurityGroup?.skip) {
        // awsx's default: open to the world on every port.
        const sg = add(component, "aws:ec2/securityGroup:SecurityGroup", name, {
          ...AWSX_OPEN_SECURITY_GROUP,
        });
        lbDeps.securityGroups = [sg.urn];
      }
      const lb = add(
        component,
        "aws:lb/loadBalancer:LoadBalancer",
        name,
        { ...lbArgs, subnets: subnetIds ?? subnets, loadBalancerType: "application" },
        lbDeps,
      );
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
          { defaultActions: [{ type: "forward" }], ...defaultProtocol, ...l },
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
        const nested = add(component, "awsx:ecs:FargateTaskDefinition", name, {}, {}, false);
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
              { policyArn },
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
                      "awslogs-group": name,
                      "awslogs-region": "us-east-2",
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
            taskRoleArn: taskRole?.roleArn,
            executionRoleArn: executionRole?.roleArn,
            containerDefinitions: JSON.stringify(definitions),
          },
          {
            ...Object.fromEntries(Object.keys(taskArgs).map((key) => [key, taskDefinitionDeps])),
            taskRoleArn: taskRoleRecord ? [taskRoleRecord.urn] : taskDefinitionDeps,
            executionRoleArn: executionRoleRecord ? [executionRoleRecord.urn] : taskDefinitionDeps,
            containerDefinitions: [...taskDefinitionDeps, ...(logGroupRecord ? [logGroupRecord.urn] : [])],
          },
        );
        taskDefinitionRef = undefined;
        serviceDeps.taskDefinition = [task.urn];
      }
      if (!serviceArgs.networkConfiguration) {
        // awsx's default: the default VPC's subnets and a security group open to the world.
        const sg = add(component, "aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, {
          ...AWSX_OPEN_SECURITY_GROUP,
        });
        serviceDeps.networkConfiguration = [sg.urn, ...(component.propertyDependencies.assignPublicIp ?? [])];
      }
      add(
        component,
        "aws:ecs/service:Service",
        name,
        {
          desiredCount: 1,
          ...serviceArgs,
          networkConfiguration: serviceArgs.networkConfiguration ?? {
            assignPublicIp: assignPublicIp ?? false,
          },
          launchType: serviceArgs.capacityProviderStrategies ? undefined : "FARGATE",
          waitForSteadyState: continueBeforeSteadyState !== true,
          ...(taskDefinitionRef ? { taskDefinition: taskDefinitionRef } : {}),
        },
        serviceDeps,
      );
      break;
    }
  }
  return created;
}
