/**
 * Every way a run can fail, as a discriminated union: each kind carries exactly its own fields
 * (`DaemonUnreachable` its endpoint, `InvalidPlan` its issues, `ContainerExited` its container,
 * exit code and log tail). Functions name the narrower union they can return
 * (`BerthError<"ContainerStopFailed" | EngineTrouble>`); the public calls return `BerthError`.
 */
import type { LifecycleOperation, PlanIssue } from "../dsl/mod.ts";
import type { EngineErrorFields } from "./docker/engine-client.ts";
import type { LockHolder } from "./state/deployment-lock.ts";

/** Where in the plan's lifecycle a failure happened. */
interface AtNode {
  readonly node: string;
  readonly operation: LifecycleOperation;
}
type MaybeAtNode = Partial<AtNode>;

/** The engine's answer behind a failure (or the lack of one): where the request went, and why it failed. */
interface EngineCause {
  readonly endpoint: string;
  readonly cause: unknown;
}
type MaybeEngineCause = Partial<EngineCause>;

/** The last lines of the container's log, where a container exists. */
interface LogTail {
  readonly logTail?: string;
}

/** The fields of each kind besides `kind` and `message`. A new kind is added here and nowhere else. */
export interface ErrorFields {
  /** The plan (or its inputs) failed validation; `issues` lists every problem with its path. */
  readonly InvalidPlan: { readonly issues: readonly PlanIssue[] };
  /** An option dictionary cannot be translated to the Engine API (docker-py's ValueError). */
  readonly InvalidOption: MaybeAtNode & { readonly path: string };
  /** Inputs without a value and without a default. */
  readonly MissingInput: { readonly inputs: readonly string[]; readonly path: string };
  /** The daemon named by daemon_client / DOCKER_HOST did not answer (refused, no socket, unknown host). */
  readonly DaemonUnreachable: MaybeAtNode & EngineCause;
  /** The engine sent nothing for the daemon's timeout (`daemon_client.timeout`, default 60 s): frozen or overloaded. */
  readonly Timeout: MaybeAtNode & EngineCause;
  /** The engine went away in the middle of a request (it died or restarted): the request, not the plan, failed. */
  readonly EngineGone: MaybeAtNode & EngineCause;
  /** The ssh server in front of the engine refused every key offered; `tried` names them. */
  readonly DaemonAuthFailed: MaybeAtNode & EngineCause & EngineErrorFields["AuthFailed"];
  /** The ssh server's host key is not the one known_hosts records for `host` (`knownHosts` is the file:line). */
  readonly HostKeyMismatch: MaybeAtNode & EngineCause & EngineErrorFields["HostKeyMismatch"];
  /** No known_hosts file (`knownHosts`, the files read) records a key for `host`. */
  readonly HostKeyUnknown: MaybeAtNode & EngineCause & EngineErrorFields["HostKeyUnknown"];
  /** The TLS handshake with the engine failed on `check`; `file` names the certificate involved, where one is. */
  readonly TlsFailed: MaybeAtNode & EngineCause & EngineErrorFields["TlsFailed"];
  /** The engine's Engine API (`apiVersion`) is older than berth's `minimum`. */
  readonly ApiVersionTooOld: MaybeAtNode & EngineCause & EngineErrorFields["ApiVersionTooOld"];
  /** A published host port is taken. */
  readonly PortConflict: MaybeAtNode & EngineCause;
  readonly ImageImportFailed: AtNode & MaybeEngineCause;
  readonly ImageBuildFailed: AtNode & MaybeEngineCause & { readonly path?: string };
  /** `.image(ref)` names an image the engine does not have. */
  readonly ImageNotFound: { readonly node: string; readonly image: string } & EngineCause;
  /** `remove_image` while other containers use the image. */
  readonly ImageInUse: AtNode & EngineCause & { readonly image: string; readonly usedBy: readonly string[] };
  readonly ContainerCreateFailed: AtNode & MaybeEngineCause;
  readonly ContainerStartFailed: AtNode & MaybeEngineCause & LogTail;
  readonly ContainerStopFailed: AtNode & MaybeEngineCause;
  readonly ContainerRemoveFailed: AtNode & MaybeEngineCause;
  /** `processes_to_wait_for` did not all appear in time. */
  readonly ProcessesNotStarted: AtNode & { readonly missing: readonly string[] } & LogTail;
  /**
   * The container's command exited non-zero while up started it, or exited at all while berth
   * waited for it to be ready, or a one-shot job exited with another code than its readiness expects.
   */
  readonly ContainerExited: AtNode & { readonly container: string; readonly exitCode: number } & LogTail;
  /**
   * The node's readiness probe did not pass: not in time, or it cannot pass (unhealthy, no
   * healthcheck, no address to probe). `probe` says what was probed (`tcp 5432`), `lastResult`
   * what the last attempt found (`connection refused (the published port 127.0.0.1:32768)`).
   */
  readonly NotReady: AtNode & {
    readonly container: string;
    readonly probe: string;
    readonly lastResult: string;
    readonly waitedMs: number;
    readonly attempts: number;
  } & LogTail;
  /** The local state store cannot be read or written. */
  readonly StateError: { readonly file: string; readonly cause?: unknown };
  /** The state file is not a berth state file (truncated, garbage, a wrong shape); `problem` says how. */
  readonly StateDamaged: { readonly file: string; readonly problem: string };
  /**
   * The deployment's containers were made by another plan (`otherPlan`; absent for containers an
   * older berth made without recording its plan): berth neither adopts nor removes them.
   */
  readonly DeploymentOwnedElsewhere: {
    readonly deployment: string;
    readonly ourPlan: string;
    readonly otherPlan?: string;
    /** The other plan's containers, by name. */
    readonly containers: readonly string[];
  };
  /** Another run of the deployment holds its lock; `holder` is absent when the lock file cannot be read. */
  readonly DeploymentLocked: { readonly deployment: string; readonly lockFile: string; readonly holder?: LockHolder };
  /** The run was aborted (Ctrl-C / AbortSignal); `notDone` names the nodes it did not get to. */
  readonly Interrupted: MaybeAtNode & { readonly notDone: readonly string[] };
  /** Any other engine answer. */
  readonly EngineError: MaybeAtNode & EngineCause;
  /** A defect in berth itself: an exception where none was expected. Never the user's input. */
  readonly BerthDefect: { readonly cause: unknown };
}

export type BerthErrorKind = keyof ErrorFields;

/** One error of the given kinds (all kinds by default), tagged by `kind`; never thrown across the public API. */
export type BerthError<K extends BerthErrorKind = BerthErrorKind> = K extends BerthErrorKind
  ? { readonly kind: K; readonly message: string } & ErrorFields[K]
  : never;

/** Kinds the engine itself decides, whatever the task was doing: they pass through `fromEngine`. */
export type EngineTrouble = "PortConflict" | ConnectionTrouble;

/** Kinds that say the connection to the engine failed, not the request: the same for every call. */
export type ConnectionTrouble =
  | "DaemonUnreachable"
  | "Timeout"
  | "EngineGone"
  | "DaemonAuthFailed"
  | "HostKeyMismatch"
  | "HostKeyUnknown"
  | "TlsFailed"
  | "ApiVersionTooOld";

/** The task kinds an engine failure becomes when it is none of the `EngineTrouble` kinds. */
export type TaskFailureKind =
  | "ImageImportFailed"
  | "ImageBuildFailed"
  | "ContainerCreateFailed"
  | "ContainerStartFailed"
  | "ContainerStopFailed"
  | "ContainerRemoveFailed";

/** Builds an error of one kind with exactly that kind's fields; undefined fields are left out. */
export function berthError<K extends BerthErrorKind>(kind: K, message: string, fields: ErrorFields[K]): BerthError<K> {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return Object.freeze({ kind, message, ...defined }) as unknown as BerthError<K>;
}

/**
 * The fields a person reads to find where an error happened, from whichever kind it is: shared
 * rendering code reads these instead of branching on kinds.
 */
export interface ErrorPlace {
  readonly node?: string;
  readonly operation?: LifecycleOperation;
  readonly endpoint?: string;
  readonly path?: string;
  readonly logTail?: string;
  readonly issues?: readonly PlanIssue[];
  readonly cause?: unknown;
}

export const placeOf = (e: BerthError): ErrorPlace => e as ErrorPlace;
