/** Constructors for BerthError, so every failure carries the same fields in the same shape. */
import type { LifecycleOperation } from "../dsl/mod.ts";
import type { EngineError } from "./docker/engine-client.ts";
import type { BerthError, BerthErrorKind } from "./types.ts";

export interface ErrorContext {
  readonly node?: string;
  readonly operation?: LifecycleOperation;
  readonly endpoint?: string;
  readonly path?: string;
  readonly logTail?: string;
  readonly cause?: unknown;
}

export const berthError = (kind: BerthErrorKind, message: string, context: ErrorContext = {}): BerthError =>
  Object.freeze({ kind, message, ...stripUndefined(context) });

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * An engine failure seen by a task. Kinds the engine itself decides (the daemon is gone, a port is
 * taken, the image is used) keep their kind; anything else becomes the task's own failure kind,
 * with the engine's message after the task's words.
 */
export function fromEngine(
  e: EngineError,
  fallback: BerthErrorKind,
  what: string,
  context: Omit<ErrorContext, "cause" | "endpoint"> = {},
): BerthError {
  const kind: BerthErrorKind =
    e.kind === "DaemonUnreachable" || e.kind === "PortConflict" || e.kind === "ImageInUse" || e.kind === "Timeout"
      ? e.kind
      : fallback;
  const message =
    e.kind === "DaemonUnreachable"
      ? `${what}: the Docker daemon at ${e.endpoint} did not answer (${e.message}); start it, or point daemon_client.base_url / DOCKER_HOST at a running one`
      : e.kind === "PortConflict"
        ? `${what}: a published host port is already in use (${e.message}); free the port or choose another in port_bindings`
        : `${what}: ${e.message}`;
  return berthError(kind, message, { ...context, endpoint: e.endpoint, cause: e.cause ?? e.message });
}

/** Attaches the container's log tail to an error that does not have one yet. */
export const withLogTail = (e: BerthError, logTail: string | undefined): BerthError =>
  logTail === undefined || logTail === "" || e.logTail !== undefined ? e : Object.freeze({ ...e, logTail });
