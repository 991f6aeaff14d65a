/** What berth remembers of a deployment between runs (the engine stays the source of truth). */
import type { BuildTrace } from "../docker/build-trace.ts";
import type { RuntimeProperties } from "../types.ts";

export interface NodeRecord {
  /** The plugin's runtime properties (plugin v1.1 §1.4). */
  readonly runtimeProperties: RuntimeProperties;
  /** berth's bookkeeping: the config hash the container was made with. */
  readonly configHash?: string;
  /**
   * A digest per option path of what the hash covers (path → a short hash of its value, never
   * the value), so `berth plan` can say which option changed.
   */
  readonly configDigest?: Readonly<Record<string, string>>;
  /** The container's command ran to completion (exit 0) while up started it: a one-shot job. */
  readonly completed?: true;
  /** A failed run kept this node (--keep-on-failure): the next up redoes it. */
  readonly failed?: true;
  /**
   * What a build in progress has made so far (intermediate containers and images), written while
   * it runs and cleared when it ends. Found by a later run, it is what a killed build left: the
   * next `up` of the node or `down` removes it.
   */
  readonly unfinishedBuild?: BuildTrace;
}

/** The bookkeeping a run may set on a node's record besides its runtime properties. */
export type NodeMarks = Pick<NodeRecord, "completed" | "failed" | "unfinishedBuild">;

export interface DeploymentState {
  readonly version: 1;
  readonly deployment: string;
  readonly nodes: Readonly<Record<string, NodeRecord>>;
  readonly updatedAt: string;
}

export const emptyState = (deployment: string): DeploymentState => ({
  version: 1,
  deployment,
  nodes: {},
  updatedAt: new Date(0).toISOString(),
});
