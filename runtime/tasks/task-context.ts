/** What every task gets: the node it works on, its engine, its runtime properties, the event sink. */
import type { Clock } from "../clock.ts";
import type { EngineClient } from "../docker/engine-client.ts";
import type { Emitter } from "../events.ts";
import type { HostNetwork } from "../probes/host-network.ts";
import type { RuntimeProperties } from "../types.ts";

export interface TaskContext {
  readonly deployment: string;
  readonly node: string;
  readonly client: EngineClient;
  /** The node's runtime properties as they stand when the task starts. */
  readonly properties: RuntimeProperties;
  readonly emit: Emitter;
  readonly clock: Clock;
  /** How probes reach containers from this host. */
  readonly network: HostNetwork;
  readonly signal?: AbortSignal;
  /** Where a relative `image_import.src` or `image_build.path` is read from; default the working directory. */
  readonly baseDir?: string;
  /**
   * Called when the task starts waiting for the node to be ready: a waiting node gives its
   * concurrency slot to other nodes (runtime/workflows/graph.ts).
   */
  readonly releaseSlot?: () => void;
}

/** Runtime properties a task records, plus what the workflow needs to know (e.g. for rollback). */
export interface TaskOutcome {
  readonly properties: RuntimeProperties;
}
