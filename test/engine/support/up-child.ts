/**
 * Runs `up` of the chain plan (or, given a build context directory, of the build plan) in its own
 * process and prints every event as a JSON line, so a test can SIGKILL it at a chosen moment.
 * Usage: tsx up-child.ts <deployment> <stateDir> [contextDir]
 */
import { validate } from "../../../dsl/mod.ts";
import { up } from "../../../runtime/mod.ts";
import { buildPlan } from "./build-plan.ts";
import { chainPlan } from "./chain-plan.ts";

const [deployment = "", stateDir = "", contextDir] = process.argv.slice(2);
const plan = validate(contextDir === undefined ? chainPlan(deployment) : buildPlan(deployment, contextDir));
if (plan.isErr()) {
  console.error(JSON.stringify(plan.error));
  process.exit(2);
}
const result = await up(plan.value, { stateDir, onEvent: (e) => console.log(JSON.stringify(e)) });
console.log(JSON.stringify({ type: "done", ok: result.isOk() }));
