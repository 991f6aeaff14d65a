/** Removes whatever a run left behind: containers carrying its label, its work directories. */
import { rm } from "node:fs/promises";
import type Docker from "dockerode";
import { ResultAsync } from "neverthrow";
import { RUN_LABEL } from "./config.ts";
import { type BenchError, benchError } from "./errors.ts";

/** Force-removes the containers labelled with this run id (or, without one, any bench run); returns how many. */
export function removeLeftovers(docker: Docker, runId?: string): ResultAsync<number, BenchError> {
  const label = runId === undefined ? RUN_LABEL : `${RUN_LABEL}=${runId}`;
  return ResultAsync.fromPromise(
    docker.listContainers({ all: true, filters: { label: [label] } }),
    benchError("list leftover containers"),
  ).andThen((found) =>
    ResultAsync.fromPromise(
      Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true }))),
      benchError("remove leftover containers"),
    ).map(() => found.length),
  );
}

export const removeDir = (dir: string): ResultAsync<void, BenchError> =>
  ResultAsync.fromPromise(rm(dir, { recursive: true, force: true }), benchError(`remove ${dir}`));
