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
 * An engine failure seen by a task. Kinds the engine itself decides (the daemon is gone or too
 * slow, a port is taken) keep their kind; anything else becomes the task's own failure kind (or
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
  switch (e.kind) {
    case "DaemonUnreachable":
      return berthError(
        "DaemonUnreachable",
        `${what}: the Docker daemon at ${e.endpoint} did not answer (${e.message}); start it, or point daemon_client.base_url / DOCKER_HOST at a running one`,
        fields,
      );
    case "Timeout":
      return berthError(
        "Timeout",
        `${what}: the Docker daemon at ${e.endpoint} did not answer in time (${e.message})`,
        fields,
      );
    case "PortConflict":
      return berthError(
        "PortConflict",
        `${what}: a published host port is already in use (${e.message}); free the port or choose another in port_bindings`,
        fields,
      );
    default:
      // The overloads tie `fallback` to the place it needs: a task kind always has node and operation.
      return berthError(fallback, `${what}: ${e.message}`, fields as TaskPlace & typeof fields);
  }
}

/** Error kinds that carry the container's log tail. */
type WithLogTail = BerthError<"ContainerStartFailed" | "ProcessesNotStarted" | "ContainerExited" | "NotReady">;

/** Attaches the container's log tail to an error that does not have one yet. */
export const withLogTail = <E extends WithLogTail>(e: E, logTail: string | undefined): E =>
  logTail === undefined || logTail === "" || e.logTail !== undefined ? e : Object.freeze({ ...e, logTail });
