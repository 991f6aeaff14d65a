/** Sets up one run: identity, inputs, emitter, loaded state; shared by up, down, status, preview, logs. */
import { err, errAsync, ok, okAsync, type Result, ResultAsync } from "neverthrow";
import { issue } from "../dsl/issues.ts";
import type { ValidPlan } from "../dsl/mod.ts";
import { systemClock } from "./clock.ts";
import { clientPool } from "./docker/client-pool.ts";
import { berthError } from "./errors.ts";
import { createEmitter } from "./events.ts";
import { deploymentIdProblem, planIdentityProblem } from "./identity.ts";
import { checkWithInputs } from "./inputs-check.ts";
import { resolveInputs } from "./resolve.ts";
import { emptyState } from "./state/deployment-state.ts";
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

/** Which deployment a run acts on, and as which plan; read once, so a plan changed later cannot move it. */
export interface Identity {
  readonly deployment: string;
  readonly planId: string;
}

export function identify(plan: ValidPlan, options: RunOptions): Result<Identity, BerthError> {
  if (typeof plan !== "object" || plan === null || typeof plan.nodes !== "object" || plan.nodes === null) {
    const message = "not a plan: pass the result of validate(plan(...))";
    return err(berthError("InvalidPlan", message, { issues: [issue("", "invalid_value", message)] }));
  }
  const deployment: unknown = options.deployment ?? plan.name;
  const planId: unknown = options.planId ?? plan.name;
  const deploymentProblem = deploymentIdProblem(deployment);
  if (deploymentProblem !== undefined)
    return err(
      berthError("InvalidOption", `${deploymentProblem} (RunOptions.deployment, default the plan's name)`, {
        path: "deployment",
      }),
    );
  const planProblem = planIdentityProblem(planId);
  if (planProblem !== undefined) return err(berthError("InvalidOption", planProblem, { path: "planId" }));
  return ok({ deployment: deployment as string, planId: planId as string });
}

/** What a command needs of its run's inputs and state. */
export interface OpenMode {
  /**
   * `all`: every input needs a value (up, plan). `known`: inputs without one are left out, and
   * only a value that uses one fails (down, status and logs use what up recorded).
   */
  readonly inputs: "all" | "known";
  /** down goes on from an empty state when the file is damaged: the engine's labels are the truth. */
  readonly damagedState: "fail" | "ignore";
}

export function openRun(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
  identity: Identity,
  mode: OpenMode,
): ResultAsync<RunContext, BerthError> {
  const inputs = resolveInputs(plan, options.inputs, { missing: mode.inputs === "all" ? "error" : "leave-out" });
  if (inputs.isErr()) return errAsync(inputs.error);
  if (mode.inputs === "all") {
    const checked = checkWithInputs(plan, inputs.value);
    if (checked.isErr()) return errAsync(checked.error);
  }
  const { deployment, planId } = identity;
  const emit = createEmitter(deployment, deps.clock, options.onEvent);
  return deps.store
    .load(deployment)
    .orElse((e) => {
      if (e.kind !== "StateDamaged" || mode.damagedState === "fail") return errAsync(e);
      emit.log("warn", `${e.message}; going on from the engine's labels (the file is replaced or removed)`);
      return okAsync(emptyState(deployment));
    })
    .map(
      (state): RunContext => ({
        plan,
        deployment,
        planId,
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
