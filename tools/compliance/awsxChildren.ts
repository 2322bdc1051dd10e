import { RegisteredResource } from "../../test/support/harness";

/**
 * Under mocks an awsx component is registered alone: its children are created by the awsx
 * provider, which does not run. This adds the children a real preview shows, derived from the
 * component's args the way @pulumi/awsx 3.9 builds them (awsx/ec2/vpc.ts,
 * awsx/lb/applicationLoadBalancer.ts, awsx/ecs/fargateService.ts and fargateTaskDefinition.ts),
 * including the insecure defaults awsx falls back to when an arg is missing. It emulates only the
 * properties the policy pack judges.
 */
export function withAwsxChildren(records: readonly RegisteredResource[]): RegisteredResource[] {
  const children = records.filter((r) => r.type.startsWith("awsx:")).flatMap(childrenOf);
  return [...records, ...children];
}

function childrenOf(component: RegisteredResource): RegisteredResource[] {
  const created: RegisteredResource[] = [];
  const child = (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
  ): RegisteredResource => {
    const record: RegisteredResource = {
      type,
      name,
      urn: `${component.urn}$${type}::${name}`,
      parent: component.urn,
      custom: true,
      remote: false,
      provider: component.providers.aws ?? "",
      providers: {},
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      dependencies: Object.values(propertyDependencies).flat(),
      propertyDependencies,
      inputs,
    };
    created.push(record);
    return record;
  };
  const args = component.inputs;
  const name = component.name;

  switch (component.type) {
    case "awsx:ec2:Vpc": {
      const vpc = child("aws:ec2/vpc:Vpc", name, {
        cidrBlock: args.cidrBlock,
        enableDnsHostnames: args.enableDnsHostnames,
        enableDnsSupport: args.enableDnsSupport,
        tags: { Name: name, ...args.tags },
      });
      child("aws:ec2/internetGateway:InternetGateway", name, { tags: { Name: name } }, { vpcId: [vpc.urn] });
      const azs: string[] = args.availabilityZoneNames ?? ["a", "b", "c"].map((z) => `us-east-2${z}`);
      const specs: { type: string; name?: string; cidrBlocks?: string[] }[] = args.subnetSpecs ?? [
        { type: "Private" },
        { type: "Public" },
      ];
      azs.forEach((az, i) => {
        for (const spec of [...specs].sort((a) => (a.type === "Public" ? -1 : 1))) {
          const subnetName = `${name}-${spec.name ?? spec.type.toLowerCase()}-${i + 1}`;
          const isPublic = spec.type === "Public";
          const subnet = child(
            "aws:ec2/subnet:Subnet",
            subnetName,
            {
              availabilityZone: az,
              cidrBlock: spec.cidrBlocks?.[i],
              mapPublicIpOnLaunch: isPublic,
              tags: { Name: subnetName, SubnetType: spec.type },
            },
            { vpcId: [vpc.urn] },
          );
          const table = child(
            "aws:ec2/routeTable:RouteTable",
            subnetName,
            { tags: { Name: subnetName } },
            { vpcId: [vpc.urn] },
          );
          child(
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            subnetName,
            {},
            {
              routeTableId: [table.urn],
              subnetId: [subnet.urn],
            },
          );
          const strategy = args.natGateways?.strategy ?? "OnePerAz";
          if (isPublic && (strategy === "OnePerAz" || (strategy === "Single" && i === 0))) {
            const eip = child("aws:ec2/eip:Eip", `${name}-${i + 1}`, { tags: { Name: `${name}-${i + 1}` } });
            child(
              "aws:ec2/natGateway:NatGateway",
              `${name}-${i + 1}`,
              { tags: { Name: `${name}-${i + 1}` } },
              {
                subnetId: [subnet.urn],
                allocationId: [eip.urn],
              },
            );
          }
        }
      });
      for (const spec of args.vpcEndpointSpecs ?? []) {
        child("aws:ec2/vpcEndpoint:VpcEndpoint", spec.serviceName, { ...spec }, { vpcId: [vpc.urn] });
      }
      break;
    }

    case "awsx:lb:ApplicationLoadBalancer": {
      const { defaultTargetGroup, listener, listeners, defaultSecurityGroup, subnetIds, ...lbArgs } = args;
      const securityGroupDeps = [...(component.propertyDependencies.securityGroups ?? [])];
      if (!lbArgs.securityGroups && !defaultSecurityGroup?.skip) {
        // awsx's default: open to the world on every port.
        const sg = child("aws:ec2/securityGroup:SecurityGroup", name, {
          ingress: [
            { fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
          ],
          egress: [
            {
              fromPort: 0,
              toPort: 65535,
              protocol: "tcp",
              cidrBlocks: ["0.0.0.0/0"],
              ipv6CidrBlocks: ["::/0"],
            },
          ],
        });
        securityGroupDeps.push(sg.urn);
      }
      const lb = child(
        "aws:lb/loadBalancer:LoadBalancer",
        name,
        { ...lbArgs, subnets: subnetIds, loadBalancerType: "application" },
        {
          securityGroups: securityGroupDeps,
          accessLogs: [...(component.propertyDependencies.accessLogs ?? [])],
        },
      );
      const defaultProtocol = listener
        ? { port: listener.port, protocol: listener.protocol }
        : { port: 80, protocol: "HTTP" };
      const targetGroup = child("aws:lb/targetGroup:TargetGroup", name, {
        targetType: "ip",
        ...defaultProtocol,
        ...defaultTargetGroup,
      });
      const all = listener ? [listener] : (listeners ?? [defaultProtocol]);
      all.forEach((l: Record<string, unknown>, i: number) =>
        child(
          "aws:lb/listener:Listener",
          `${name}-${i}`,
          { ...l },
          { loadBalancerArn: [lb.urn], defaultActions: [targetGroup.urn] },
        ),
      );
      break;
    }

    case "awsx:ecs:FargateService": {
      const { taskDefinitionArgs: td, continueBeforeSteadyState, assignPublicIp, ...serviceArgs } = args;
      const needsDefault = (role?: { roleArn?: string; skip?: boolean }) => !role?.roleArn && !role?.skip;
      const executionRole = needsDefault(td?.executionRole)
        ? defaultRole(child, `${name}-execution`, true)
        : undefined;
      const taskRole = needsDefault(td?.taskRole) ? defaultRole(child, `${name}-task`, false) : undefined;
      if (!td?.logGroup?.skip && !td?.logGroup?.existing) {
        // awsx's default log group: no retention, no key.
        child("aws:cloudwatch/logGroup:LogGroup", name, { ...(td?.logGroup?.args ?? {}) });
      }
      const containers = td?.container
        ? { [td.container.name ?? "container"]: td.container }
        : (td?.containers ?? {});
      const definitions = Object.entries(containers).map(([containerName, c]) => ({
        ...(c as object),
        name: containerName,
      }));
      child("aws:ecs/taskDefinition:TaskDefinition", name, {
        family: td?.family,
        cpu: td?.cpu,
        memory: td?.memory,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        executionRoleArn: td?.executionRole?.roleArn ?? executionRole,
        taskRoleArn: td?.taskRole?.roleArn ?? taskRole,
        containerDefinitions: JSON.stringify(definitions),
      });
      child("aws:ecs/service:Service", name, {
        desiredCount: 1,
        ...serviceArgs,
        launchType: "FARGATE",
        networkConfiguration: serviceArgs.networkConfiguration ?? { assignPublicIp: assignPublicIp ?? false },
        waitForSteadyState: continueBeforeSteadyState !== true,
      });
      break;
    }
  }
  return created;
}

/** awsx's default task roles; the execution role gets the AmazonECSTaskExecutionRolePolicy managed policy. */
function defaultRole(
  child: (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    deps?: Record<string, string[]>,
  ) => RegisteredResource,
  name: string,
  execution: boolean,
): string {
  const role = child("aws:iam/role:Role", name, {
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
  });
  if (execution) {
    child(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      `${name}-policy`,
      { policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
      { role: [role.urn] },
    );
  }
  return role.urn;
}
