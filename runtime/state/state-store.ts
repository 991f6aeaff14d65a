/**
 * Where deployment state lives. The default is a JSON file per deployment under `.berth/`,
 * replaced atomically (write a temp file, then rename) so a crash mid-write leaves the old file.
 * Temp files have unpredictable names, are created exclusively (never through a symlink someone
 * planted) and are removed when a write fails. File names come from a checked deployment id and
 * must resolve inside the state directory. The same directory holds each deployment's lock.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { err, errAsync, ok, okAsync, type Result, ResultAsync } from "neverthrow";
import { berthError } from "../errors.ts";
import { deploymentIdProblem } from "../identity.ts";
import type { BerthError } from "../types.ts";
import { type HeldLock, type LockFailure, type LockRequest, lockedError, lockFile } from "./deployment-lock.ts";
import { type DeploymentState, emptyState, parseState } from "./deployment-state.ts";
import { replaceFile } from "./temp-file.ts";

export type StateFailure = BerthError<"StateError">;
export type LoadFailure = BerthError<"StateError" | "StateDamaged">;

export interface StateStore {
  /** The deployment's state; an empty one when it has none yet; StateDamaged when its file is not a state file. */
  load(deployment: string): ResultAsync<DeploymentState, LoadFailure>;
  save(state: DeploymentState): ResultAsync<void, StateFailure>;
  remove(deployment: string): ResultAsync<void, StateFailure>;
  /** Takes the deployment's lock for one run (see deployment-lock.ts). */
  lock(request: LockRequest): ResultAsync<HeldLock, LockFailure>;
}

const stateError = (what: string, file: string) => (cause: unknown) =>
  berthError("StateError", `${what} ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    file,
    cause,
  });

export function fileStateStore(dir: string): StateStore {
  const root = resolve(dir);
  /** `<root>/<deployment><suffix>`, from a checked id, and never outside the state directory. */
  const fileOf = (deployment: string, suffix: string): Result<string, StateFailure> => {
    const problem = deploymentIdProblem(deployment);
    const file = join(root, `${String(deployment)}${suffix}`);
    if (problem !== undefined) return err(berthError("StateError", `no state file for it: ${problem}`, { file }));
    if (dirname(file) !== root)
      return err(berthError("StateError", `${file} is outside the state directory ${root}`, { file }));
    return ok(file);
  };
  return {
    load(deployment) {
      const file = fileOf(deployment, ".json");
      if (file.isErr()) return errAsync(file.error);
      const at = file.value;
      return ResultAsync.fromPromise(readFile(at, "utf8"), (e) => e)
        .orElse((e) =>
          (e as NodeJS.ErrnoException)?.code === "ENOENT"
            ? okAsync(undefined)
            : errAsync(stateError("cannot read", at)(e)),
        )
        .andThen((text) => {
          if (text === undefined) return okAsync(emptyState(deployment));
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch (e) {
            const problem = text.trim() === "" ? "the file is empty" : (e as Error).message;
            return errAsync(damaged(at, problem));
          }
          const parsed = parseState(json, deployment);
          return parsed.ok ? okAsync(parsed.state) : errAsync(damaged(at, parsed.problem));
        });
    },
    save(state) {
      const file = fileOf(state.deployment, ".json");
      if (file.isErr()) return errAsync(file.error);
      const at = file.value;
      return ResultAsync.fromPromise(
        (async () => {
          await mkdir(root, { recursive: true });
          await replaceFile(at, `${JSON.stringify(state, null, 2)}\n`, 0o600);
        })(),
        stateError("cannot write", at),
      );
    },
    remove(deployment) {
      const file = fileOf(deployment, ".json");
      if (file.isErr()) return errAsync(file.error);
      const at = file.value;
      return ResultAsync.fromPromise(rm(at, { force: true }), stateError("cannot remove", at));
    },
    lock(request) {
      const file = fileOf(request.deployment, ".lock");
      return file.isErr() ? errAsync(file.error) : lockFile(file.value, request);
    },
  };
}

const damaged = (file: string, problem: string): BerthError<"StateDamaged"> =>
  berthError("StateDamaged", `the state file ${file} is damaged: ${problem}`, { file, problem });

/** A store in memory, for tests and previews; its lock is held per deployment within this store. */
export function memoryStateStore(initial: readonly DeploymentState[] = []): StateStore & {
  readonly saved: Map<string, DeploymentState>;
} {
  const saved = new Map(initial.map((s) => [s.deployment, s]));
  const locks = new Map<string, LockRequest>();
  return {
    saved,
    load: (deployment) => okAsync(saved.get(deployment) ?? emptyState(deployment)),
    save: (state) => {
      saved.set(state.deployment, state);
      return okAsync(undefined);
    },
    remove: (deployment) => {
      saved.delete(deployment);
      return okAsync(undefined);
    },
    lock: (request) => {
      const file = `memory:${request.deployment}.lock`;
      const other = locks.get(request.deployment);
      if (other !== undefined) {
        const holder = {
          pid: process.pid,
          hostname: hostname(),
          command: other.command,
          plan: other.plan,
          since: new Date(other.clock.now()).toISOString(),
        };
        return errAsync(lockedError(request.deployment, file, holder, 0));
      }
      locks.set(request.deployment, request);
      return okAsync({
        file,
        release: () => {
          if (locks.get(request.deployment) === request) locks.delete(request.deployment);
          return okAsync(undefined);
        },
      });
    },
  };
}
