/** Turning engine failures into BerthErrors, at the one place tasks meet the engine's answers. */
import type { LifecycleOperation } from "../dsl/mod.ts";
import { type BerthError, berthError, type EngineTrouble, type TaskFailureKind } from "./berth-error.ts";
import type { EngineError } from "./docker/engine-client.ts";

export { type BerthError, type BerthErrorKind, berthError, type EngineTrouble } from "./berth-error.ts";

interface TaskPlace {
  readonly node: string;
  readonly operation: LifecycleOperation;
}

/**
 * An engine failure seen by a task. Kinds the engine or the connection decides (the daemon is
 * unreachable, gone or too slow, ssh or TLS refused us, a port is taken) keep their kind; anything else becomes the task's own failure kind (or
 * `EngineError` where no task runs), with the engine's message after the task's words.
 */
export function fromEngine<K extends TaskFailureKind>(
  e: EngineError,
  fallback: K,
  what: string,
  at: TaskPlace,
): BerthError<K | EngineTrouble>;
export function fromEngine(
  e: EngineError,
  fallback: "EngineError",
  what: string,
  at?: Partial<TaskPlace>,
): BerthError<"EngineError" | EngineTrouble>;
export function fromEngine(
  e: EngineError,
  fallback: TaskFailureKind | "EngineError",
  what: string,
  at: Partial<TaskPlace> = {},
): BerthError {
  const fields = { ...at, endpoint: e.endpoint, cause: e.cause ?? e.message };
  const trouble = (
    troubles as Partial<Record<EngineError["kind"], (e: EngineError, w: string, f: Fields) => BerthError>>
  )[e.kind];
  if (trouble !== undefined) return trouble(e, what, fields);
  // The overloads tie `fallback` to the place it needs: a task kind always has node and operation.
  return berthError(fallback, `${what}: ${e.message}`, fields as TaskPlace & typeof fields);
}

type Fields = Partial<TaskPlace> & { readonly endpoint: string; readonly cause: unknown };

/**
 * The engine kinds that keep their meaning whatever the task was doing, each with its words.
 * The edge's messages for ssh, TLS and version failures are already full sentences.
 */
const troubles: {
  readonly [K in EngineError["kind"]]?: (e: EngineError<K>, what: string, fields: Fields) => BerthError<EngineTrouble>;
} = {
  DaemonUnreachable: (e, what, fields) =>
    berthError(
      "DaemonUnreachable",
      `${what}: the Docker daemon at ${e.endpoint} did not answer (${e.message}); start it, or point daemon_client.base_url / DOCKER_HOST at a running one`,
      fields,
    ),
  Timeout: (e, what, fields) =>
    berthError(
      "Timeout",
      `${what}: the Docker engine at ${e.endpoint} did not answer in time (${e.message}); it is frozen or overloaded`,
      fields,
    ),
  EngineGone: (e, what, fields) =>
    berthError(
      "EngineGone",
      `${what}: the Docker engine at ${e.endpoint} went away during the request (${e.message}); it stopped, crashed or restarted`,
      fields,
    ),
  PortConflict: (e, what, fields) =>
    berthError(
      "PortConflict",
      `${what}: a published host port is already in use (${e.message}); free the port or choose another in port_bindings`,
      fields,
    ),
  AuthFailed: (e, what, fields) =>
    berthError("DaemonAuthFailed", `${what}: ${e.message}`, { ...fields, user: e.user, tried: e.tried }),
  HostKeyMismatch: (e, what, fields) =>
    berthError("HostKeyMismatch", `${what}: ${e.message}`, {
      ...fields,
      host: e.host,
      fingerprint: e.fingerprint,
      knownHosts: e.knownHosts,
    }),
  HostKeyUnknown: (e, what, fields) =>
    berthError("HostKeyUnknown", `${what}: ${e.message}`, {
      ...fields,
      host: e.host,
      fingerprint: e.fingerprint,
      knownHosts: e.knownHosts,
    }),
  TlsFailed: (e, what, fields) =>
    berthError("TlsFailed", `${what}: ${e.message}`, { ...fields, check: e.check, file: e.file }),
  ApiVersionTooOld: (e, what, fields) =>
    berthError("ApiVersionTooOld", `${what}: ${e.message}`, {
      ...fields,
      apiVersion: e.apiVersion,
      minimum: e.minimum,
    }),
};

/** Error kinds that carry the container's log tail. */
type WithLogTail = BerthError<"ContainerStartFailed" | "ProcessesNotStarted" | "ContainerExited" | "NotReady">;

/** Attaches the container's log tail to an error that does not have one yet. */
export const withLogTail = <E extends WithLogTail>(e: E, logTail: string | undefined): E =>
  logTail === undefined || logTail === "" || e.logTail !== undefined ? e : Object.freeze({ ...e, logTail });
