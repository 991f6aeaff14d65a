/**
 * Where deployment state lives. The default is a JSON file per deployment under `.berth/`,
 * replaced atomically (write a temp file, then rename) so a crash mid-write leaves the old file.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { berthError } from "../errors.ts";
import type { BerthError } from "../types.ts";
import { type DeploymentState, emptyState } from "./deployment-state.ts";

export type StateFailure = BerthError<"StateError">;

export interface StateStore {
  load(deployment: string): ResultAsync<DeploymentState, StateFailure>;
  save(state: DeploymentState): ResultAsync<void, StateFailure>;
  remove(deployment: string): ResultAsync<void, StateFailure>;
}

const stateError = (what: string, file: string) => (cause: unknown) =>
  berthError("StateError", `${what} ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    file,
    cause,
  });

export function fileStateStore(dir: string): StateStore {
  const fileOf = (deployment: string) => join(dir, `${deployment}.json`);
  let sequence = 0;
  return {
    load(deployment) {
      const file = fileOf(deployment);
      return ResultAsync.fromPromise(readFile(file, "utf8"), (e) => e)
        .orElse((e) =>
          (e as NodeJS.ErrnoException)?.code === "ENOENT"
            ? okAsync(undefined)
            : errAsync(stateError("cannot read", file)(e)),
        )
        .andThen((text) => {
          if (text === undefined) return okAsync(emptyState(deployment));
          try {
            const parsed = JSON.parse(text) as DeploymentState;
            if (parsed?.version !== 1 || typeof parsed.nodes !== "object")
              return errAsync(berthError("StateError", `${file} is not a berth state file (version 1)`, { file }));
            return okAsync(parsed);
          } catch (e) {
            return errAsync(stateError("cannot parse", file)(e));
          }
        });
    },
    save(state) {
      const file = fileOf(state.deployment);
      // Unique temp names: two saves in flight must not share a temp file.
      const temp = `${file}.${process.pid}.${++sequence}.tmp`;
      return ResultAsync.fromPromise(
        (async () => {
          await mkdir(dir, { recursive: true });
          await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
          await rename(temp, file);
        })(),
        stateError("cannot write", file),
      );
    },
    remove(deployment) {
      const file = fileOf(deployment);
      return ResultAsync.fromPromise(rm(file, { force: true }), stateError("cannot remove", file));
    },
  };
}

/** A store in memory, for tests and previews. */
export function memoryStateStore(initial: readonly DeploymentState[] = []): StateStore & {
  readonly saved: Map<string, DeploymentState>;
} {
  const saved = new Map(initial.map((s) => [s.deployment, s]));
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
  };
}
