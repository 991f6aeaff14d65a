/**
 * Which nodes read which other nodes' runtime attributes in what shapes their containers
 * (`get_attribute` in create, configure or start inputs). When up recreates a node, its new
 * attributes (a new container id, new ports) change what its readers' containers get, so they
 * are recreated too; `berth plan` says so up front.
 */
import { attributeSources } from "../../dsl/attribute-sources.ts";
import type { Plan } from "../../dsl/mod.ts";

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
