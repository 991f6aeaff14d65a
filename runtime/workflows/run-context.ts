/** What a workflow runs with: injected engine access, clock and state store, plus the run's options. */
import type { ValidPlan } from "../../dsl/mod.ts";
import type { Clock } from "../clock.ts";
import type { ClientFor } from "../docker/client-pool.ts";
import type { EngineClient } from "../docker/engine-client.ts";
import type { Emitter } from "../events.ts";
import { type HostNetwork, hostNetwork } from "../probes/host-network.ts";
import type { Inputs } from "../resolve.ts";
import type { StateKeeper } from "../state/state-keeper.ts";
import type { StateStore } from "../state/state-store.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { RunOptions, RuntimeProperties } from "../types.ts";

export interface RuntimeDeps {
  readonly clientFor: ClientFor;
  readonly clock: Clock;
  readonly store: StateStore;
  /** How readiness probes reach containers; default: this host's network. */
  readonly network?: HostNetwork;
}

export interface RunContext {
  readonly plan: ValidPlan;
  /** The deployment's id, checked once when the run opened. */
  readonly deployment: string;
  /** The plan identity its containers are labelled with (`berth.plan`). */
  readonly planId: string;
  readonly inputs: Inputs;
  readonly options: RunOptions;
  readonly deps: RuntimeDeps;
  readonly emit: Emitter;
  readonly state: StateKeeper;
}

/**
 * The default bound on nodes run at once. Measured on the 2-core test machine with 10
 * independent containers (runtime/README.md): 4 was fastest; 8 only added contention.
 */
export const DEFAULT_CONCURRENCY = 4;

/** What a task of `node` runs with in this run. */
export const taskContext = (
  run: RunContext,
  node: string,
  client: EngineClient,
  properties: RuntimeProperties,
  extras: Pick<TaskContext, "signal" | "releaseSlot"> = {},
): TaskContext => {
  const signal = extras.signal ?? run.options.signal;
  return {
    deployment: run.deployment,
    node,
    client,
    properties,
    emit: run.emit,
    clock: run.deps.clock,
    network: run.deps.network ?? hostNetwork,
    ...(run.options.baseDir !== undefined && { baseDir: run.options.baseDir }),
    ...(signal && { signal }),
    ...(extras.releaseSlot && { releaseSlot: extras.releaseSlot }),
  };
};
