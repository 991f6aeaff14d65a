/**
 * berth as a library call: `up(plan, { stateDir })` then `down(plan, { stateDir })`, in this
 * process, as a program that calls berth does it: without an onEvent listener (one would make
 * start ask the engine for `top`, only for the plugin's log line). Where the time goes is
 * bench/breakdown.ts's job.
 */
import { join } from "node:path";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { validate } from "../../mod.ts";
import { down, up } from "../../runtime/mod.ts";
import type { BenchError } from "../errors.ts";
import { benchPlan } from "../fixtures/bench-plan.ts";
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
    return okAsync({
      up: () =>
        ResultAsync.fromSafePromise(Promise.resolve())
          .andThen(() => up(valid, { stateDir }))
          .mapErr(asBenchError("berth up"))
          .map(() => undefined),
      down: () =>
        ResultAsync.fromSafePromise(Promise.resolve())
          .andThen(() => down(valid, { stateDir }))
          .mapErr(asBenchError("berth down"))
          .map(() => undefined),
    });
  },
};
