/**
 * The runtime: runs a validated plan against Docker engines with the Cloudify Docker plugin
 * v1.1's semantics. Every function returns a ResultAsync; nothing throws.
 */
import { ResultAsync } from "neverthrow";
import type { ValidPlan } from "../dsl/mod.ts";
import { setOwn } from "../dsl/own-key.ts";
import { createEmitter } from "./events.ts";
import { logs as logsQuery } from "./queries/logs.ts";
import { preview as previewQuery } from "./queries/preview.ts";
import { status as statusQuery } from "./queries/status.ts";
import { resolveValue } from "./resolve.ts";
import { defaultDeps, guarded, identify, type OpenMode, openRun } from "./run.ts";
import type { BerthError, DeploymentReport, NodeChange, NodeStatus, RunOptions } from "./types.ts";
import { install } from "./workflows/install.ts";
import { type ClaimMode, claimDeployment } from "./workflows/ownership.ts";
import type { RunContext, RuntimeDeps } from "./workflows/run-context.ts";
import { uninstall } from "./workflows/uninstall.ts";

export { containerName, defaultDeploymentId, deploymentIdProblem } from "./identity.ts";
export type {
  BerthError,
  BerthErrorKind,
  DeploymentReport,
  NodeAction,
  NodeChange,
  NodeReport,
  NodeStatus,
  OperationPhase,
  RunEvent,
  RunOptions,
  RuntimeProperties,
  StepTiming,
} from "./types.ts";
export { DEFAULT_CONCURRENCY } from "./workflows/run-context.ts";

/**
 * install: creates, configures and starts every node in dependency order. A second `up` of an
 * unchanged plan changes nothing; a changed node is recreated. On failure, what this run created
 * is removed again (unless `keepOnFailure`).
 *
 * ```ts
 * const report = await up(valid, { inputs: { image_url: url }, onEvent: console.log });
 * if (report.isErr()) console.error(report.error.message);
 * ```
 */
export function up(plan: ValidPlan, options: RunOptions = {}): ResultAsync<DeploymentReport, BerthError> {
  return upWith(plan, options, defaultDeps(options));
}

/**
 * uninstall: stops and deletes every node in reverse order, finding containers by label, so it
 * also cleans up after an `up` that was killed.
 *
 * ```ts
 * await down(valid);
 * ```
 */
export function down(plan: ValidPlan, options: RunOptions = {}): ResultAsync<DeploymentReport, BerthError> {
  return downWith(plan, options, defaultDeps(options));
}

/**
 * Each node's container as the engine reports it.
 *
 * ```ts
 * (await status(valid)).map((nodes) => console.table(nodes));
 * ```
 */
export function status(plan: ValidPlan, options: RunOptions = {}): ResultAsync<NodeStatus[], BerthError> {
  return query(plan, options, READ, "read", statusQuery);
}

/**
 * What `up` would do to each node, and why; touches nothing.
 *
 * ```ts
 * (await preview(valid)).map((changes) => changes.filter((c) => c.action !== "unchanged"));
 * ```
 */
export function preview(plan: ValidPlan, options: RunOptions = {}): ResultAsync<NodeChange[], BerthError> {
  return query(plan, options, INSTALL, "install", previewQuery);
}

/**
 * Log lines of one node's container (or of all), with `tail`, optionally followed until the
 * containers stop or `signal` aborts.
 *
 * ```ts
 * await logs(valid, "db_server", { tail: 20, onLine: (node, line) => console.log(`${node} | ${line}`) });
 * ```
 */
export function logs(
  plan: ValidPlan,
  node: string | undefined,
  options: {
    readonly follow?: boolean;
    readonly tail?: number;
    readonly signal?: AbortSignal;
    readonly onLine: (node: string, line: string) => void;
  } & RunOptions,
): ResultAsync<void, BerthError> {
  return query(plan, options, READ, "read", (run) => logsQuery(run, node, options));
}

/** status and logs: they use what up recorded, so up's inputs are not needed. */
const READ: OpenMode = { inputs: "known", damagedState: "fail" };

/** up, and plan (which shows what up would do): every input needs a value. */
const INSTALL: OpenMode = { inputs: "all", damagedState: "fail" };

/** A read-only call: no lock (it changes nothing), but the same refusal of another plan's deployment. */
function query<T>(
  plan: ValidPlan,
  options: RunOptions,
  mode: OpenMode,
  claim: ClaimMode,
  ask: (run: RunContext) => ResultAsync<T, BerthError>,
): ResultAsync<T, BerthError> {
  return guarded(() =>
    identify(plan, options)
      .asyncAndThen((identity) => openRun(plan, options, defaultDeps(options), identity, mode))
      .andThen((run) => claimDeployment(run, claim).andThen(() => ask(run))),
  );
}

/** `up` with injected engine access, clock and state store (tests use fakes). */
export function upWith(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
): ResultAsync<DeploymentReport, BerthError> {
  return runWorkflow(plan, options, deps, "up");
}

/** `down` with injected engine access, clock and state store. */
export function downWith(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
): ResultAsync<DeploymentReport, BerthError> {
  return runWorkflow(plan, options, deps, "down");
}

const workflows = {
  up: { run: install, mode: INSTALL, claim: "install", outputs: true },
  down: { run: uninstall, mode: { inputs: "known", damagedState: "ignore" }, claim: "teardown", outputs: false },
} as const satisfies Record<
  string,
  {
    run: (run: RunContext) => ResultAsync<{ readonly nodes: DeploymentReport["nodes"] }, BerthError>;
    mode: OpenMode;
    claim: ClaimMode;
    outputs: boolean;
  }
>;

/**
 * Takes the deployment's lock, opens the run, checks the deployment is this plan's, runs the
 * workflow, and reports its nodes (and the plan's outputs after install). The lock is released
 * however the run ends; if the process exits instead, an exit hook releases it, and a lock left
 * by a killed process is taken over by the next run.
 */
function runWorkflow(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
  command: keyof typeof workflows,
): ResultAsync<DeploymentReport, BerthError> {
  const started = deps.clock.now();
  const workflow = workflows[command];
  return guarded(() =>
    identify(plan, options).asyncAndThen((identity) =>
      deps.store
        .lock({
          deployment: identity.deployment,
          command,
          plan: identity.planId,
          waitMs: options.waitForLockMs ?? 0,
          clock: deps.clock,
          ...(options.signal && { signal: options.signal }),
          onWait: (holder) =>
            createEmitter(identity.deployment, deps.clock, options.onEvent).log(
              "info",
              `waiting for ${holder === undefined ? "another run" : `berth ${holder.command} (pid ${holder.pid})`} to release deployment ${identity.deployment}`,
            ),
        })
        .andThen((lock) => {
          const inner = openRun(plan, options, deps, identity, workflow.mode).andThen((run) => {
            const gone = lock.tookOver;
            if (gone !== undefined)
              run.emit.log(
                "warn",
                `took over the lock of berth ${gone.command} (pid ${gone.pid}, since ${gone.since}), whose process is gone; that run was cut short, and this one picks up from the engine's labels`,
              );
            return claimDeployment(run, workflow.claim)
              .andThen(() => workflow.run(run))
              .map((result) => report(run, result.nodes, started, workflow.outputs));
          });
          // try/finally: even a defect that throws releases the lock before guarded() reports it.
          return new ResultAsync(
            (async () => {
              try {
                return await inner;
              } finally {
                await lock.release();
              }
            })(),
          );
        }),
    ),
  );
}

function report(
  run: RunContext,
  nodes: DeploymentReport["nodes"],
  started: number,
  withOutputs: boolean,
): DeploymentReport {
  return {
    deployment: run.deployment,
    nodes,
    outputs: withOutputs ? resolveOutputs(run) : {},
    durationMs: run.deps.clock.now() - started,
  };
}

function resolveOutputs(run: RunContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(run.plan.outputs)) {
    const value = resolveValue(
      output.value,
      { plan: run.plan, inputs: run.inputs, self: "", attributes: (n) => run.state.properties(n) },
      `outputs.${name}`,
    );
    if (value.isOk()) setOwn(out, name, value.value);
    else {
      run.emit.log("warn", `output ${name}: ${value.error.message}`);
      setOwn(out, name, null);
    }
  }
  return out;
}
