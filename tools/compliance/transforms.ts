import type * as pulumi from "@pulumi/pulumi";
import { subnetsWithoutPublicIps } from "../../infra/transforms";
import { RegisteredResource } from "../../test/support/harness";

/**
 * The program's resource transforms, by function name: the harness records the names a resource
 * registered with, and the emulation applies the functions themselves.
 */
export const PROGRAM_TRANSFORMS: Readonly<Record<string, pulumi.ResourceTransform>> = {
  subnetsWithoutPublicIps,
};

/**
 * What the engine does with the `transforms` option for the children a remote component's
 * provider registers: before it registers a child, it runs the transforms of the child's
 * ancestors on the child's type, name and inputs (Pulumi docs, resource option `transforms`:
 * applied "to a resource and all of its children", children of packaged components such as awsx
 * included). Under mocks those children are emulated (`emulated`), so this runs the program's
 * transforms on them; the program's own registrations pass through unchanged.
 */
export function withTransforms(
  records: readonly RegisteredResource[],
  emulated: ReadonlySet<RegisteredResource>,
): RegisteredResource[] {
  const byUrn = new Map(records.map((r) => [r.urn, r]));
  return records.map((record) => {
    if (!emulated.has(record)) return record;
    let inputs = record.inputs;
    for (let r = byUrn.get(record.parent); r; r = byUrn.get(r.parent)) {
      for (const name of r.transforms ?? []) {
        const transform = PROGRAM_TRANSFORMS[name];
        if (!transform) throw new Error(`${r.urn} registers transform ${name}, unknown to the emulation`);
        const out = transform({
          custom: record.custom,
          type: record.type,
          name: record.name,
          props: inputs,
          opts: {},
        });
        if (out instanceof Promise)
          throw new Error(`transform ${name} is asynchronous; the emulation runs synchronous ones`);
        if (out) inputs = out.props as typeof inputs;
      }
    }
    return inputs === record.inputs ? record : { ...record, inputs };
  });
}
