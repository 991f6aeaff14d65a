/** What berth remembers of a deployment between runs (the engine stays the source of truth). */
import type { RuntimeProperties } from "../types.ts";

export interface NodeRecord {
  /** The plugin's runtime properties (plugin v1.1 §1.4). */
  readonly runtimeProperties: RuntimeProperties;
  /** berth's bookkeeping: the config hash the container was made with. */
  readonly configHash?: string;
}

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
