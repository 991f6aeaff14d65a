/** `preview`: what `up` would do to each node and why, with no side effects. */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { BerthError, NodeChange } from "../types.ts";
import { changesThroughAttributes } from "../workflows/attribute-readers.ts";
import { decideNode, gatherFacts } from "../workflows/node-decision.ts";
import type { RunContext } from "../workflows/run-context.ts";

export function preview(run: RunContext): ResultAsync<NodeChange[], BerthError> {
  return ResultAsync.combine(
    Object.keys(run.plan.nodes).map((node) =>
      gatherFacts(run, node)
        .map((facts): NodeChange => {
          if (facts === undefined) return { node, action: "skip", reason: "no operations (not a container node)" };
          const { action, reason } = decideNode(facts);
          return { node, action, reason };
        })
        // The one fact up would stop at: say so, and keep previewing the other nodes.
        .orElse((e) =>
          e.kind === "ImageNotFound"
            ? okAsync<NodeChange, BerthError>({ node, action: "create", reason: `${e.message}: up would fail` })
            : errAsync<NodeChange, BerthError>(e),
        ),
    ),
  ).map((list) => withAttributeReaders(run, list));
}

/** A node that reads attributes of a node up recreates gets a new config too, so up recreates it. */
function withAttributeReaders(run: RunContext, changes: readonly NodeChange[]): NodeChange[] {
  const changing = new Set(changes.filter((c) => c.action === "create" || c.action === "recreate").map((c) => c.node));
  const because = changesThroughAttributes(run.plan, changing);
  return changes.map((c) => {
    const source = because.get(c.node);
    return source === undefined || c.action !== "unchanged"
      ? c
      : {
          node: c.node,
          action: "recreate",
          reason: `reads attributes of ${source}, which up ${changing.has(source) ? "creates or recreates" : "recreates through its own attributes"}`,
        };
  });
}
