/**
 * What berth remembers of a deployment between runs (the engine stays the source of truth), and
 * the schema a state file is checked against when it is read: a file that does not match is
 * damaged, never trusted.
 */
import { z } from "zod";
import type { ContainerRemove, ContainerStop, DaemonClient, ProcessesToWaitFor, Readiness } from "../../dsl/mod.ts";
import {
  containerRemoveSchema,
  containerStopSchema,
  daemonClientSchema,
  processesToWaitForSchema,
  readinessSchema,
} from "../../dsl/options.ts";
import type { BuildTrace } from "../docker/build-trace.ts";
import { ensureResolved, type Resolved } from "../docker/translate/mod.ts";
import type { RuntimeProperties } from "../types.ts";

/**
 * What `down`, `status` and `logs` need of a container node, as `up` resolved it: where it runs,
 * and how to stop and remove it. Recorded so those commands do not need `up`'s inputs; it holds
 * no container_config value (values may be secrets).
 */
export interface Teardown {
  readonly daemon_client: Resolved<DaemonClient>;
  readonly stop: { readonly container_stop: Resolved<ContainerStop> };
  readonly delete: {
    readonly container_stop: Resolved<ContainerStop>;
    readonly container_remove: Resolved<ContainerRemove>;
  };
  /** `.image(ref)`: the image is not berth's, so remove_image never removes it. */
  readonly local_image: boolean;
  /** The start operation's waits (processes_to_wait_for, readiness), resolved: status probes them. */
  readonly waits?: {
    readonly processes_to_wait_for?: Resolved<ProcessesToWaitFor>;
    readonly readiness?: Resolved<Readiness>;
  };
}

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
  /** What down, status and logs use for this node (see Teardown). */
  readonly teardown?: Teardown;
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

/** Recorded options are resolved values: no intrinsic left anywhere inside (the translation's own check). */
const resolved = <T extends z.ZodType>(schema: T) =>
  schema.refine((value) => ensureResolved(value, "").isOk(), {
    message: "a recorded option holds an unresolved intrinsic",
  });

const teardownSchema = z.strictObject({
  daemon_client: resolved(daemonClientSchema),
  stop: z.strictObject({ container_stop: resolved(containerStopSchema) }),
  delete: z.strictObject({
    container_stop: resolved(containerStopSchema),
    container_remove: resolved(containerRemoveSchema),
  }),
  local_image: z.boolean(),
  waits: z
    .strictObject({
      processes_to_wait_for: resolved(processesToWaitForSchema).optional(),
      readiness: resolved(readinessSchema).optional(),
    })
    .optional(),
});

const runtimePropertiesSchema = z.looseObject({
  image: z.string().optional(),
  container: z.string().optional(),
  using_local_image: z.boolean().optional(),
  ports: z.array(z.unknown()).optional(),
  network_settings: z.unknown().optional(),
  docker_env_var: z.record(z.string(), z.unknown()).optional(),
});

const nodeRecordSchema = z.strictObject({
  runtimeProperties: runtimePropertiesSchema,
  configHash: z.string().optional(),
  configDigest: z.record(z.string(), z.string()).optional(),
  completed: z.literal(true).optional(),
  failed: z.literal(true).optional(),
  teardown: teardownSchema.optional(),
  unfinishedBuild: z
    .strictObject({
      containers: z.array(z.strictObject({ id: z.string(), image: z.string() })),
      images: z.array(z.strictObject({ id: z.string(), parent: z.string() })),
    })
    .optional(),
});

const stateSchema = z.strictObject({
  version: z.literal(1),
  deployment: z.string(),
  nodes: z.record(z.string(), nodeRecordSchema),
  updatedAt: z.string(),
});

/** A state file's parsed JSON as a DeploymentState of `deployment`, or what is wrong with it. */
export function parseState(
  json: unknown,
  deployment: string,
): { readonly ok: true; readonly state: DeploymentState } | { readonly ok: false; readonly problem: string } {
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first === undefined || first.path.length === 0 ? "" : `${first.path.join(".")}: `;
    return { ok: false, problem: `${where}${first?.message ?? "not a berth state file"}` };
  }
  if (parsed.data.deployment !== deployment)
    return { ok: false, problem: `it records deployment "${parsed.data.deployment}", not "${deployment}"` };
  // The schema checked every field; the recorded options hold no intrinsic, which is all Resolved<T> removes.
  return { ok: true, state: parsed.data as unknown as DeploymentState };
}
