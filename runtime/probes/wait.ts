/**
 * Waiting until a started container is ready: each probe is tried every interval until it
 * passes, cannot pass, or its timeout is over. Before each attempt the container is inspected:
 * one that has exited fails at once (ContainerExited), not at the timeout. Time comes from the
 * injected clock, so unit tests do not sleep; every attempt is a `probe` event.
 */
import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ContainerDetails } from "../docker/engine-client.ts";
import { berthError, type EngineTrouble, fromEngine } from "../errors.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { BerthError, NodeReadiness } from "../types.ts";
import { type Attempt, attemptProbe } from "./attempt.ts";
import { type ProbeSpec, probeText } from "./probe.ts";

export type WaitError = BerthError<
  "NotReady" | "ProcessesNotStarted" | "ContainerExited" | "Interrupted" | "ContainerStartFailed" | EngineTrouble
>;

/** How long one attempt's own I/O may take: about its interval, within 1 to 5 s, and the time left. */
const attemptTimeoutMs = (spec: ProbeSpec, left: number): number =>
  Math.max(250, Math.min(Math.max(spec.intervalMs, 1000), 5000, left));

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * Runs the node's waits in order; the result is how long they took in all.
 *
 * ```ts
 * waitUntilReady(ctx, containerId, probeSpecs({ readiness: { tcp: 5432 } }))
 * ```
 */
export function waitUntilReady(
  ctx: TaskContext,
  container: string,
  specs: readonly ProbeSpec[],
): ResultAsync<number, WaitError> {
  const run = async (): Promise<Result<number, WaitError>> => {
    if (specs.length === 0) return ok(0);
    // Waiting is not engine work: other nodes may run meanwhile.
    ctx.releaseSlot?.();
    const started = ctx.clock.now();
    for (const spec of specs) {
      const waited = await waitFor(ctx, container, spec);
      if (waited.isErr()) return err(waited.error);
    }
    return ok(ctx.clock.now() - started);
  };
  return new ResultAsync(run());
}

async function waitFor(ctx: TaskContext, container: string, spec: ProbeSpec): Promise<Result<void, WaitError>> {
  const { clock, node } = ctx;
  const at = { node, operation: "start" as const };
  const probe = probeText(spec.probe);
  const started = clock.now();
  const deadline = started + spec.timeoutMs;
  const event = (phase: "started" | "attempt" | "ready" | "failed", attempt: number, result?: string) =>
    ctx.emit.probe({
      node,
      probe,
      phase,
      attempt,
      elapsedMs: clock.now() - started,
      ...(result !== undefined && { result }),
    });
  event("started", 0);
  for (let attempt = 1; ; attempt++) {
    const inspected = await ctx.client.inspectContainer(container);
    if (inspected.isErr()) {
      event("failed", attempt, inspected.error.message);
      return err(fromEngine(inspected.error, "ContainerStartFailed", `cannot inspect container ${container}`, at));
    }
    const details = inspected.value;
    const exited = exitedWhileWaiting(details, spec);
    if (exited !== undefined) {
      event("failed", attempt, exited.result);
      return err(
        berthError("ContainerExited", `container ${container.slice(0, 12)} ${exited.message}`, {
          ...at,
          container: details.Id,
          exitCode: details.State.ExitCode,
        }),
      );
    }
    const result: Attempt = details.State.Restarting
      ? { outcome: "waiting", result: `restarting (exit code ${details.State.ExitCode})` }
      : await attemptProbe(
          {
            client: ctx.client,
            network: ctx.network,
            details,
            timeoutMs: attemptTimeoutMs(spec, deadline - clock.now()),
          },
          spec.probe,
        );
    const waitedMs = clock.now() - started;
    if (result.outcome === "ready") {
      event("ready", attempt, result.result);
      return ok(undefined);
    }
    if (result.outcome === "failed") {
      event("failed", attempt, result.result);
      if (result.exitCode !== undefined) {
        return err(
          berthError(
            "ContainerExited",
            `container ${container.slice(0, 12)} ${result.result}: its readiness expects ${probe}`,
            { ...at, container: details.Id, exitCode: result.exitCode },
          ),
        );
      }
      return err(
        berthError("NotReady", `${node} cannot become ready: ${probe}: ${result.result}`, {
          ...at,
          container: details.Id,
          probe,
          lastResult: result.result,
          waitedMs,
          attempts: attempt,
        }),
      );
    }
    if (ctx.signal?.aborted) {
      event("failed", attempt, "interrupted");
      return err(
        berthError("Interrupted", `interrupted while waiting for ${node} to be ready (${probe})`, {
          ...at,
          notDone: [node],
        }),
      );
    }
    if (clock.now() >= deadline) {
      event("failed", attempt, result.result);
      return err(timedOut(ctx, spec, { container: details.Id, probe, result, waitedMs, attempts: attempt }));
    }
    event("attempt", attempt, result.result);
    await clock.sleep(Math.min(spec.intervalMs, Math.max(0, deadline - clock.now())) || spec.intervalMs, ctx.signal);
  }
}

/** A container that stopped while it should become ready; a one-shot job's exit is its probe's business. */
function exitedWhileWaiting(
  details: ContainerDetails,
  spec: ProbeSpec,
): { readonly message: string; readonly result: string } | undefined {
  const { Running, Restarting, ExitCode, Error: engineError } = details.State;
  if (Running || Restarting || spec.probe.kind === "exit_code") return undefined;
  const result = `exited with code ${ExitCode}${engineError ? ` (${engineError})` : ""}`;
  return { result, message: `${result} while berth waited for it to be ready (${probeText(spec.probe)})` };
}

function timedOut(
  ctx: TaskContext,
  spec: ProbeSpec,
  last: {
    readonly container: string;
    readonly probe: string;
    readonly result: Attempt;
    readonly waitedMs: number;
    readonly attempts: number;
  },
): WaitError {
  const at = { node: ctx.node, operation: "start" as const };
  if (spec.probe.kind === "processes") {
    // The plugin's own message (tasks.run), with what berth knows besides.
    const names = spec.probe.names;
    const missing = last.result.outcome === "waiting" ? (last.result.missing ?? names) : names;
    return berthError(
      "ProcessesNotStarted",
      `one of the following processes was not started in the container: [${names.map((n) => `'${n}'`).join(", ")}] (missing: ${missing.join(", ")}, waited ${spec.timeoutMs / 1000}s)`,
      { ...at, missing },
    );
  }
  return berthError(
    "NotReady",
    `${ctx.node} is not ready after ${seconds(last.waitedMs)}: ${last.probe}; last result: ${last.result.result} (${last.attempts} attempt${last.attempts === 1 ? "" : "s"})`,
    {
      ...at,
      container: last.container,
      probe: last.probe,
      lastResult: last.result.result,
      waitedMs: last.waitedMs,
      attempts: last.attempts,
    },
  );
}

/**
 * Whether a running container is ready now: one attempt of each probe, no waiting (`berth status`).
 */
export async function readinessNow(
  ctx: Pick<TaskContext, "client" | "network">,
  details: ContainerDetails,
  specs: readonly ProbeSpec[],
): Promise<NodeReadiness> {
  const probes = specs.map((s) => probeText(s.probe));
  if (specs.length === 0) return { state: "unknown", detail: "no readiness probe" };
  for (const spec of specs) {
    const exited = exitedWhileWaiting(details, spec);
    if (exited !== undefined) return { state: "not-ready", probes, detail: exited.result };
    const result = await attemptProbe({ ...ctx, details, timeoutMs: 2000 }, spec.probe);
    if (result.outcome !== "ready") return { state: "not-ready", probes, detail: result.result };
  }
  return { state: "ready", probes };
}
