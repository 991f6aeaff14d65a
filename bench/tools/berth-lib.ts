/**
 * berth as a library call: `up(plan, { stateDir })` then `down(plan, { stateDir })`, in this
 * process. Its RunOptions.onEvent stream is kept, untimed, to show where the time goes.
 */
import { join } from "node:path";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { validate } from "../../mod.ts";
import { down, up } from "../../runtime/mod.ts";
import type { RunEvent } from "../../runtime/types.ts";
import type { BenchError } from "../errors.ts";
import { benchPlan } from "../fixtures/bench-plan.ts";
import { summarizeEvents } from "./event-summary.ts";
import type { LifecycleTool } from "./types.ts";

const asBenchError =
  (step: string) =>
  (e: { readonly kind: string; readonly message: string }): BenchError => ({
    step,
    message: `${e.kind}: ${e.message}`,
    cause: e,
  });

export const berthLibTool: LifecycleTool = {
  id: "berth-lib",
  label: "berth library call",
  prepare: (spec) => {
    const checked = validate(benchPlan(spec.name, spec.n, spec.runId));
    if (checked.isErr()) {
      return errAsync<never, BenchError>({
        step: "validate bench plan",
        message: checked.error.map((i) => `${i.path}: ${i.message}`).join("; "),
      });
    }
    const valid = checked.value;
    const stateDir = join(spec.workDir, "state");
    const events: { up: RunEvent[]; down: RunEvent[] } = { up: [], down: [] };
    return okAsync({
      up: () =>
        ResultAsync.fromSafePromise(Promise.resolve())
          .andThen(() => up(valid, { stateDir, onEvent: (e) => events.up.push(e) }))
          .mapErr(asBenchError("berth up"))
          .map(() => undefined),
      down: () =>
        ResultAsync.fromSafePromise(Promise.resolve())
          .andThen(() => down(valid, { stateDir, onEvent: (e) => events.down.push(e) }))
          .mapErr(asBenchError("berth down"))
          .map(() => undefined),
      details: () => ({ up: summarizeEvents(events.up), down: summarizeEvents(events.down) }),
    });
  },
};
