/** What every task gets: the node it works on, its engine, its runtime properties, the event sink. */
import type { Clock } from "../clock.ts";
import type { EngineClient } from "../docker/engine-client.ts";
import type { Emitter } from "../events.ts";
import type { RuntimeProperties } from "../types.ts";

export interface TaskContext {
  readonly deployment: string;
  readonly node: string;
  readonly client: EngineClient;
  /** The node's runtime properties as they stand when the task starts. */
  readonly properties: RuntimeProperties;
  readonly emit: Emitter;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

/** Runtime properties a task records, plus what the workflow needs to know (e.g. for rollback). */
export interface TaskOutcome {
  readonly properties: RuntimeProperties;
}
