/** Sets up one run: inputs, emitter, loaded state; shared by up, down, status, preview, logs. */
import { errAsync, ResultAsync } from "neverthrow";
import { issue } from "../dsl/issues.ts";
import type { ValidPlan } from "../dsl/mod.ts";
import { systemClock } from "./clock.ts";
import { clientPool } from "./docker/client-pool.ts";
import { berthError } from "./errors.ts";
import { createEmitter } from "./events.ts";
import { resolveInputs } from "./resolve.ts";
import { StateKeeper } from "./state/state-keeper.ts";
import { fileStateStore } from "./state/state-store.ts";
import type { BerthError, RunOptions } from "./types.ts";
import type { RunContext, RuntimeDeps } from "./workflows/run-context.ts";

export const DEFAULT_STATE_DIR = ".berth";

export const defaultDeps = (options: RunOptions): RuntimeDeps => ({
  clientFor: clientPool(options.host),
  clock: systemClock,
  store: fileStateStore(options.stateDir ?? DEFAULT_STATE_DIR),
});

export function openRun(plan: ValidPlan, options: RunOptions, deps: RuntimeDeps): ResultAsync<RunContext, BerthError> {
  if (typeof plan !== "object" || plan === null || typeof plan.nodes !== "object") {
    const message = "not a plan: pass the result of validate(plan(...))";
    return errAsync(berthError("InvalidPlan", message, { issues: [issue("", "invalid_value", message)] }));
  }
  const inputs = resolveInputs(plan, options.inputs);
  if (inputs.isErr()) return errAsync(inputs.error);
  const emit = createEmitter(plan.name, deps.clock, options.onEvent);
  return deps.store.load(plan.name).map(
    (state): RunContext => ({
      plan,
      deployment: plan.name,
      inputs: inputs.value,
      options,
      deps,
      emit,
      state: new StateKeeper(state, deps.store),
    }),
  );
}

/** Wraps a whole public call so that even a bug that throws comes back as an error Result. */
export function guarded<T>(run: () => ResultAsync<T, BerthError>): ResultAsync<T, BerthError> {
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => run()),
    (e) =>
      berthError("BerthDefect", `unexpected failure inside berth: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      }),
  ).andThen((r) => r);
}
