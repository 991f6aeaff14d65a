/**
 * What down, status and logs use of a container node: what up recorded (its daemon, stop and
 * delete options, resolved), so they need none of up's inputs; for a node up never recorded,
 * the plan resolved with the inputs at hand.
 */
import { ok, type Result } from "neverthrow";
import type { ResolveError } from "../resolve.ts";
import type { Teardown } from "../state/deployment-state.ts";
import { teardownOptions } from "./node-inputs.ts";
import type { RunContext } from "./run-context.ts";

export function nodeTeardown(run: RunContext, node: string): Result<Teardown | undefined, ResolveError> {
  const fromPlan = teardownOptions(node, {
    plan: run.plan,
    inputs: run.inputs,
    attributes: (n) => run.state.properties(n),
  });
  // The plan says whether it is a container node; the record, where up put it and how to remove it.
  const recorded = run.state.node(node)?.teardown;
  if (recorded !== undefined && (fromPlan.isErr() || fromPlan.value !== undefined)) return ok(recorded);
  return fromPlan;
}

/** Why an input is asked for anyway: said after a MissingInput from nodeTeardown. */
export const NO_RECORD =
  "berth has no record of this node from up (its state file is missing or damaged), so it resolves the plan's daemon_client, container_stop and container_remove";
