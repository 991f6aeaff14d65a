/**
 * The run task's `processes_to_wait_for` (plugin v1.1 §1.3): poll `top` until every name is a
 * substring of some process's command (the last column), or the deadline passes. Time comes
 * from the injected clock, so tests do not sleep.
 */
import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ProcessesToWaitFor } from "../../dsl/mod.ts";
import type { TopResult } from "../docker/engine-client.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { berthError } from "../errors.ts";
import type { BerthError } from "../types.ts";
import type { TaskContext } from "./task-context.ts";

/** The plugin's defaults: no waiting beyond one look, and a 5 s interval (its docstring says 1). */
const DEFAULT_WAIT_SECS = 0;
const DEFAULT_INTERVAL_SECS = 5;

export const missingProcesses = (top: TopResult, names: readonly string[]): string[] =>
  names.filter((name) => !top.Processes.some((row) => (row[row.length - 1] ?? "").includes(name)));

export function waitForProcesses(
  ctx: TaskContext,
  container: string,
  spec: Resolved<ProcessesToWaitFor>,
): ResultAsync<TopResult | undefined, BerthError<"ProcessesNotStarted" | "Interrupted">> {
  const names = spec.process_names;
  const waitMs = (spec.wait_for_time_secs ?? DEFAULT_WAIT_SECS) * 1000;
  const intervalMs = (spec.interval ?? DEFAULT_INTERVAL_SECS) * 1000;
  const deadline = ctx.clock.now() + waitMs;
  const poll = async (): Promise<Result<TopResult | undefined, BerthError<"ProcessesNotStarted" | "Interrupted">>> => {
    for (;;) {
      const top = await ctx.client.top(container);
      // top fails for a container that is not running: its processes have not started.
      const missing = top.isOk() ? missingProcesses(top.value, names) : [...names];
      if (missing.length === 0) return ok(top.isOk() ? top.value : undefined);
      if (ctx.signal?.aborted)
        return err(
          berthError("Interrupted", "interrupted while waiting for processes", {
            node: ctx.node,
            operation: "start",
            notDone: [ctx.node],
          }),
        );
      if (ctx.clock.now() >= deadline) {
        return err(
          berthError(
            "ProcessesNotStarted",
            `one of the following processes was not started in the container: [${names.map((n) => `'${n}'`).join(", ")}] (missing: ${missing.join(", ")}, waited ${waitMs / 1000}s)`,
            { node: ctx.node, operation: "start", missing },
          ),
        );
      }
      await ctx.clock.sleep(Math.min(intervalMs, Math.max(0, deadline - ctx.clock.now())) || intervalMs, ctx.signal);
    }
  };
  return new ResultAsync(poll());
}
