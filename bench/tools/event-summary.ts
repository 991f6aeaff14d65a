/** Where a berth run spent its time, from its RunOptions.onEvent stream. */
import type { RunEvent } from "../../runtime/types.ts";
import { median, round } from "../stats.ts";

export interface OperationSummary {
  readonly count: number;
  readonly medianMs: number;
  readonly maxMs: number;
  /** From the workflow's start to the first start / the last finish of this operation. */
  readonly firstStartedAtMs: number;
  readonly lastFinishedAtMs: number;
}

export interface EventSummary {
  /** Workflow started → succeeded, as the runtime reports it. */
  readonly workflowMs?: number;
  readonly operations: Readonly<Record<string, OperationSummary>>;
  /** Most operations of one kind running at the same time. */
  readonly peakConcurrency: number;
}

export function summarizeEvents(events: readonly RunEvent[]): EventSummary {
  const workflowStart = events.find((e) => e.type === "workflow" && e.phase === "started")?.at;
  const workflowEnd = events.find((e) => e.type === "workflow" && e.phase !== "started")?.at;
  const origin = workflowStart ?? events[0]?.at ?? 0;
  const byOp = new Map<string, { started: number[]; finished: number[]; durations: number[] }>();
  let running = 0;
  let peakConcurrency = 0;
  for (const e of events) {
    if (e.type !== "operation") continue;
    const entry = byOp.get(e.operation) ?? { started: [], finished: [], durations: [] };
    byOp.set(e.operation, entry);
    if (e.phase === "started") {
      entry.started.push(e.at - origin);
      running += 1;
      peakConcurrency = Math.max(peakConcurrency, running);
    } else {
      entry.finished.push(e.at - origin);
      if (e.durationMs !== undefined) entry.durations.push(e.durationMs);
      if (e.phase !== "skipped") running -= 1;
    }
  }
  const operations = Object.fromEntries(
    [...byOp].map(([op, s]) => [
      op,
      {
        count: s.finished.length,
        medianMs: round(median(s.durations) ?? 0),
        maxMs: round(Math.max(0, ...s.durations)),
        firstStartedAtMs: round(s.started.length > 0 ? Math.min(...s.started) : 0),
        lastFinishedAtMs: round(Math.max(0, ...s.finished)),
      },
    ]),
  );
  return {
    ...(workflowStart !== undefined && workflowEnd !== undefined && { workflowMs: workflowEnd - workflowStart }),
    operations,
    peakConcurrency,
  };
}
