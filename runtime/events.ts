/** The run's event stream: one place stamps times and measures operation durations. */
import type { ResultAsync } from "neverthrow";
import type { LifecycleOperation } from "../dsl/mod.ts";
import type { Clock } from "./clock.ts";
import type { BerthError, ProbeEvent, RunEvent } from "./types.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Emitter {
  /**
   * Whether anyone receives the events. Work done only for a log line (start's `top`, which
   * costs the engine as much CPU as a tenth of a container start) is skipped when nobody does.
   */
  readonly listening: boolean;
  log(level: LogLevel, message: string, node?: string): void;
  progress(node: string, operation: LifecycleOperation, message: string): void;
  workflow(workflow: "install" | "uninstall" | "rollback", phase: "started" | "succeeded" | "failed"): void;
  skipped(node: string, operation: LifecycleOperation, detail: string): void;
  /** A node's wait to be ready: started, each attempt that did not pass, ready or failed. */
  probe(event: Omit<ProbeEvent, "type" | "at">): void;
  /** Runs one operation, framed by started and succeeded/failed events with its duration. */
  operation<T>(
    node: string,
    operation: LifecycleOperation,
    run: () => ResultAsync<T, BerthError>,
  ): ResultAsync<T, BerthError>;
}

export function createEmitter(deployment: string, clock: Clock, onEvent?: (event: RunEvent) => void): Emitter {
  // A listener that throws must not break the run: events are advisory.
  const send = (event: RunEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      /* ignored on purpose: see above */
    }
  };
  return {
    listening: onEvent !== undefined,
    log: (level, message, node) =>
      send({ type: "log", level, message, at: clock.now(), ...(node !== undefined && { node }) }),
    progress: (node, operation, message) => send({ type: "progress", node, operation, message, at: clock.now() }),
    workflow: (workflow, phase) => send({ type: "workflow", workflow, phase, deployment, at: clock.now() }),
    skipped: (node, operation, detail) =>
      send({ type: "operation", node, operation, phase: "skipped", at: clock.now(), durationMs: 0, detail }),
    probe: (event) => send({ type: "probe", ...event, at: clock.now() }),
    operation(node, operation, run) {
      const started = clock.now();
      send({ type: "operation", node, operation, phase: "started", at: started });
      return run()
        .map((value) => {
          const at = clock.now();
          send({ type: "operation", node, operation, phase: "succeeded", at, durationMs: at - started });
          return value;
        })
        .mapErr((error) => {
          const at = clock.now();
          send({
            type: "operation",
            node,
            operation,
            phase: "failed",
            at,
            durationMs: at - started,
            detail: error.message,
          });
          return error;
        });
    },
  };
}
