/**
 * The runtime's public contract: errors, events, options and reports. The CLI and library
 * users program against these; `runtime/mod.ts` implements them.
 */
import type { LifecycleOperation, Value } from "../dsl/mod.ts";

export type { BerthError, BerthErrorKind, EngineTrouble, ErrorFields } from "./berth-error.ts";

export type OperationPhase = "started" | "succeeded" | "failed" | "skipped";

/** A typed event stream for progress views and `--json`. Times are epoch milliseconds. */
export type RunEvent =
  | {
      readonly type: "workflow";
      readonly workflow: "install" | "uninstall" | "rollback";
      readonly phase: "started" | "succeeded" | "failed";
      readonly deployment: string;
      readonly at: number;
    }
  | {
      readonly type: "operation";
      readonly node: string;
      readonly operation: LifecycleOperation;
      readonly phase: OperationPhase;
      readonly at: number;
      /** Set when phase is succeeded/failed/skipped. */
      readonly durationMs?: number;
      /** Why an operation was skipped (e.g. "unchanged"), or the error message. */
      readonly detail?: string;
    }
  | {
      readonly type: "progress";
      readonly node: string;
      readonly operation: LifecycleOperation;
      readonly message: string;
      readonly at: number;
    }
  | ProbeEvent
  | {
      readonly type: "log";
      readonly level: "debug" | "info" | "warn" | "error";
      readonly node?: string;
      readonly message: string;
      readonly at: number;
    };

/**
 * A node waiting to be ready: `started` when the wait begins, `attempt` after each attempt that
 * did not pass, then `ready` or `failed`.
 */
export interface ProbeEvent {
  readonly type: "probe";
  readonly node: string;
  /** What the node waits for: `tcp 5432`, `http :8080/health → 200`, `processes httpd`. */
  readonly probe: string;
  readonly phase: "started" | "attempt" | "ready" | "failed";
  /** Attempts made so far (0 when the wait starts). */
  readonly attempt: number;
  /** Milliseconds since the wait started. */
  readonly elapsedMs: number;
  /** What the latest attempt found: `connection refused (…)`, `status 503 (…)`, `healthy`. */
  readonly result?: string;
  readonly at: number;
}

export interface RunOptions {
  /**
   * The deployment's id: its containers' `berth.deployment` label and name prefix, its state and
   * lock files. Letters, digits, `_`, `.`, `-`, starting with a letter or digit, at most 64
   * characters. Default: the plan's name. (The `berth` command defaults to the plan's name and a
   * hash of the plan file's path, so two plans never share one by accident.)
   */
  readonly deployment?: string;
  /**
   * Which plan this is, recorded on every container it makes (the `berth.plan` label): a run
   * refuses a deployment whose containers another plan made. Default: the plan's name. (The
   * `berth` command passes the plan file's real path.)
   */
  readonly planId?: string;
  /**
   * Act on containers of this deployment that another plan (or a berth too old to record its
   * plan) made, as if they were this plan's: `up` recreates them, `down` removes them. Default false.
   */
  readonly adopt?: boolean;
  /** How long `up` and `down` wait for another run of the deployment to finish; default 0, fail at once. */
  readonly waitForLockMs?: number;
  /** Values for the plan's inputs; inputs with defaults may be left out. */
  readonly inputs?: Readonly<Record<string, Value>>;
  /** How many nodes run at once (independent nodes only). */
  readonly concurrency?: number;
  /** On failure keep what this run created, for debugging, instead of undoing it. */
  readonly keepOnFailure?: boolean;
  /** Where deployment state is kept; default `.berth` in the working directory. */
  readonly stateDir?: string;
  /**
   * The directory a relative local path of the plan (`image_import.src`, `image_build.path`) is
   * read from; default the working directory. The `berth` command gives the plan file's own
   * directory, as docker-compose reads paths relative to its file.
   */
  readonly baseDir?: string;
  /** Default daemon for nodes without daemon_client.base_url (like DOCKER_HOST). */
  readonly host?: string;
  readonly onEvent?: (event: RunEvent) => void;
  /** Aborting stops scheduling new work; `up` then undoes per the failure policy. */
  readonly signal?: AbortSignal;
  /**
   * Runtime properties per node as another plugin would have written them before `configure`
   * runs. berth reads `docker_env_var` from here (plugin v1.1 §1.3: configure merges it into
   * `container_config.environment`, explicit entries winning, values `str()`-ed).
   */
  readonly runtimeProperties?: Readonly<Record<string, Pick<RuntimeProperties, "docker_env_var">>>;
}

/** The plugin's runtime properties of one node (plugin-v1.1 §1.4), plus berth's bookkeeping. */
export interface RuntimeProperties {
  readonly image?: string;
  readonly container?: string;
  readonly using_local_image?: boolean;
  readonly ports?: readonly unknown[];
  readonly network_settings?: unknown;
  readonly docker_env_var?: Readonly<Record<string, Value>>;
}

export interface StepTiming {
  readonly operation: LifecycleOperation;
  readonly durationMs: number;
}

export type NodeAction = "created" | "recreated" | "unchanged" | "removed" | "absent";

export interface NodeReport {
  readonly action: NodeAction;
  readonly runtimeProperties: RuntimeProperties;
  readonly steps: readonly StepTiming[];
  /** Milliseconds `up` waited for the node to be ready (part of its start); absent when it had nothing to wait for. */
  readonly waitedMs?: number;
}

export interface DeploymentReport {
  readonly deployment: string;
  readonly nodes: Readonly<Record<string, NodeReport>>;
  /** The plan's outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
}

export interface NodeStatus {
  readonly node: string;
  readonly state: "running" | "exited" | "created" | "absent" | "not-a-container";
  readonly container?: string;
  readonly image?: string;
  readonly ports: readonly string[];
  readonly ips: readonly string[];
  /** ISO time the container entered its state: started (running), exited, or was created. */
  readonly since?: string;
  /** The daemon the node's operations talk to (`unix:///var/run/docker.sock`, `ssh://me@h:22`); absent for a node without operations. */
  readonly daemon?: string;
  /** Whether the node is ready now (one attempt of its probes); absent for a node that is not a container. */
  readonly readiness?: NodeReadiness;
}

/**
 * A node's readiness as `berth status` sees it: `ready` when its probes pass now, `not-ready`
 * when one does not (or its container is not doing its job), `unknown` when it runs but has no
 * probe to tell.
 */
export interface NodeReadiness {
  readonly state: "ready" | "not-ready" | "unknown";
  /** What was probed: `tcp 5432`. */
  readonly probes?: readonly string[];
  /** Why it is not ready, or why it is unknown. */
  readonly detail?: string;
}

/** What `up` would do to one node, with the reason. */
export interface NodeChange {
  readonly node: string;
  readonly action: "create" | "recreate" | "unchanged" | "skip";
  readonly reason: string;
}
