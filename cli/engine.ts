/**
 * The runtime and codegen, imported only by the commands that need them, so `berth --version`
 * and `berth validate` never load dockerode or ts-morph.
 */
import { performance } from "node:perf_hooks";
import { ResultAsync } from "neverthrow";
import type { Plan } from "../dsl/mod.ts";
import type { BerthError, RunEvent } from "../runtime/types.ts";
import type { CliContext } from "./context.ts";
import { type CliError, runFailed } from "./errors.ts";
import { onInterrupt } from "./interrupt.ts";
import type { CommonFlags } from "./outcome.ts";
import { createReporter } from "./render/reporter.ts";

export type Runtime = typeof import("../runtime/mod.ts");

export const loadRuntime = (): ResultAsync<Runtime, CliError> =>
  ResultAsync.fromSafePromise(import("../runtime/mod.ts")).map((runtime) => {
    performance.mark("berth:runtime-loaded");
    return runtime;
  });

// Codegen's parts one by one, not codegen/mod.ts: the TypeScript emitter pulls in ts-morph,
// which `berth yaml` and loading a .yaml plan must not pay for.
export const loadBlueprintEmitter = () =>
  ResultAsync.fromSafePromise<typeof import("../codegen/blueprint/blueprint-emitter.ts"), CliError>(
    import("../codegen/blueprint/blueprint-emitter.ts"),
  );
export const loadBlueprintReader = () =>
  ResultAsync.fromSafePromise<typeof import("../codegen/blueprint/blueprint-reader.ts"), CliError>(
    import("../codegen/blueprint/blueprint-reader.ts"),
  );
export const loadTypeScriptEmitter = () =>
  ResultAsync.fromSafePromise<typeof import("../codegen/typescript/ts-emitter.ts"), CliError>(
    import("../codegen/typescript/ts-emitter.ts"),
  );

export interface Watch {
  readonly onEvent?: (event: RunEvent) => void;
  readonly signal: AbortSignal;
}

/**
 * Runs an engine call with progress shown and Ctrl-C wired to its AbortSignal; the live view
 * ends and the handlers come off whether it succeeds or fails.
 */
export function watched<T>(
  ctx: CliContext,
  flags: CommonFlags,
  plan: Plan,
  run: (watch: Watch) => ResultAsync<T, BerthError>,
): ResultAsync<T, CliError> {
  const containers = Object.entries(plan.nodes)
    .filter(([, n]) => n.configure !== undefined)
    .map(([name]) => name);
  const reporter = createReporter(ctx, flags, containers);
  const interrupt = onInterrupt(ctx.stderr, flags.quiet === true || flags.json === true);
  const done = () => {
    reporter.stop();
    interrupt.dispose();
  };
  const watch = { signal: interrupt.signal, ...(reporter.onEvent !== undefined && { onEvent: reporter.onEvent }) };
  return run(watch).andTee(done).orTee(done).mapErr(runFailed);
}
