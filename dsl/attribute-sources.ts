/**
 * Which nodes read which other nodes' runtime attributes in what shapes their containers
 * (`get_attribute` in create, configure or start inputs). Such a read orders the reader after the
 * node it reads, as a relationship does: without it the reader may run first and get null. The
 * runtime also recreates a node's readers when it recreates the node (their inputs change).
 */
import type { LifecycleOperation } from "./operations.ts";
import type { Plan } from "./plan-types.ts";
import { isIntrinsic } from "./values.ts";

/** The operations whose inputs go into a node's config hash. */
const hashedOperations: readonly LifecycleOperation[] = ["create", "configure", "start"];
const selfNames = new Set(["SELF", "SOURCE", "TARGET"]);

/** For each node, the other nodes whose attributes its container's config reads. */
export function attributeSources(plan: Plan): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, Set<string>>();
  for (const [name, node] of Object.entries(plan.nodes)) {
    // validate calls this before it knows the plan's shape: a node may be anything.
    if (typeof node !== "object" || node === null) continue;
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
