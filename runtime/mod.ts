/**
 * The runtime: runs a validated plan against Docker engines with the Cloudify Docker plugin
 * v1.1's semantics. Every function returns a ResultAsync; nothing throws.
 */
import type { ResultAsync } from "neverthrow";
import type { ValidPlan } from "../dsl/mod.ts";
import { logs as logsQuery } from "./queries/logs.ts";
import { preview as previewQuery } from "./queries/preview.ts";
import { status as statusQuery } from "./queries/status.ts";
import { resolveValue } from "./resolve.ts";
import { defaultDeps, guarded, openRun } from "./run.ts";
import type { BerthError, DeploymentReport, NodeChange, NodeStatus, RunOptions } from "./types.ts";
import { install } from "./workflows/install.ts";
import type { RunContext, RuntimeDeps } from "./workflows/run-context.ts";
import { uninstall } from "./workflows/uninstall.ts";

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
  return guarded(() => openRun(plan, options, defaultDeps(options)).andThen(statusQuery));
}

/**
 * What `up` would do to each node, and why; touches nothing.
 *
 * ```ts
 * (await preview(valid)).map((changes) => changes.filter((c) => c.action !== "unchanged"));
 * ```
 */
export function preview(plan: ValidPlan, options: RunOptions = {}): ResultAsync<NodeChange[], BerthError> {
  return guarded(() => openRun(plan, options, defaultDeps(options)).andThen(previewQuery));
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
  return guarded(() => openRun(plan, options, defaultDeps(options)).andThen((run) => logsQuery(run, node, options)));
}

/** `up` with injected engine access, clock and state store (tests use fakes). */
export function upWith(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
): ResultAsync<DeploymentReport, BerthError> {
  return runWorkflow(plan, options, deps, install, true);
}

/** `down` with injected engine access, clock and state store. */
export function downWith(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
): ResultAsync<DeploymentReport, BerthError> {
  return runWorkflow(plan, options, deps, uninstall, false);
}

/** Opens the run, runs the workflow, and reports its nodes (and the plan's outputs after install). */
function runWorkflow(
  plan: ValidPlan,
  options: RunOptions,
  deps: RuntimeDeps,
  workflow: (run: RunContext) => ResultAsync<{ readonly nodes: DeploymentReport["nodes"] }, BerthError>,
  withOutputs: boolean,
): ResultAsync<DeploymentReport, BerthError> {
  const started = deps.clock.now();
  return guarded(() =>
    openRun(plan, options, deps).andThen((run) =>
      workflow(run).map((result) => report(run, result.nodes, started, withOutputs)),
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
    if (value.isOk()) out[name] = value.value;
    else {
      run.emit.log("warn", `output ${name}: ${value.error.message}`);
      out[name] = null;
    }
  }
  return out;
}
