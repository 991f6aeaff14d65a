/**
 * Which nodes read which other nodes' runtime attributes in what shapes their containers
 * (`get_attribute` in create, configure or start inputs). When up recreates a node, its new
 * attributes (a new container id, new ports) change what its readers' containers get, so they
 * are recreated too; `berth plan` says so up front.
 */
import type { LifecycleOperation, Plan } from "../../dsl/mod.ts";
import { isIntrinsic } from "../../dsl/values.ts";

/** The operations whose inputs go into a node's config hash. */
const hashedOperations: readonly LifecycleOperation[] = ["create", "configure", "start"];
const selfNames = new Set(["SELF", "SOURCE", "TARGET"]);

/** For each node, the other nodes whose attributes its container's config reads. */
export function attributeSources(plan: Plan): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, Set<string>>();
  for (const [name, node] of Object.entries(plan.nodes)) {
    const sources = new Set<string>();
    const walk = (value: unknown): void => {
      if (isIntrinsic(value)) {
        if ("get_attribute" in value) {
          const [target] = value.get_attribute;
          if (!selfNames.has(target) && target !== name) sources.add(target);
        }
        return;
      }
      if (typeof value === "object" && value !== null) for (const child of Object.values(value)) walk(child);
    };
    for (const op of hashedOperations) walk(node[op]);
    out.set(name, sources);
  }
  return out;
}

/**
 * Nodes that change because a node they read attributes from changes, transitively, with the
 * node that makes each change. `changing` holds the nodes that change on their own.
 */
export function changesThroughAttributes(plan: Plan, changing: ReadonlySet<string>): ReadonlyMap<string, string> {
  const sources = attributeSources(plan);
  const because = new Map<string, string>();
  const changed = new Set(changing);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [reader, read] of sources) {
      if (changed.has(reader)) continue;
      const source = [...read].find((s) => changed.has(s));
      if (source === undefined) continue;
      because.set(reader, source);
      changed.add(reader);
      grew = true;
    }
  }
  return because;
}
