/**
 * The docker CLI as people script it: `docker run -d` one container after another. Down is
 * `docker stop -t <timeout>` then `docker rm`, one container after another: the same graceful
 * stop berth and docker-compose do (`docker rm -f` would SIGKILL instead).
 */
import { okAsync, type ResultAsync } from "neverthrow";
import { COMMAND, IMAGE, RUN_LABEL, STOP_TIMEOUT } from "../config.ts";
import type { BenchError } from "../errors.ts";
import { runTimed } from "../proc.ts";
import { containerName, type InstanceSpec, type LifecycleTool, range } from "./types.ts";

/** Runs the steps strictly one after another, stopping at the first error. */
const sequence = (steps: readonly (() => ResultAsync<unknown, BenchError>)[]): ResultAsync<void, BenchError> =>
  steps.reduce<ResultAsync<void, BenchError>>(
    (chain, step) => chain.andThen(() => step().map(() => undefined)),
    okAsync(undefined),
  );

export const dockerCliTool: LifecycleTool = {
  id: "docker-cli",
  label: "docker CLI, sequential",
  prepare: (spec: InstanceSpec) => {
    const names = range(spec.n).map((i) => containerName(spec, i));
    const run = (name: string) => () =>
      runTimed("docker", ["run", "-d", "--name", name, "--label", `${RUN_LABEL}=${spec.runId}`, IMAGE, ...COMMAND]);
    const stopAndRemove = (name: string) => () =>
      runTimed("docker", ["stop", "-t", String(STOP_TIMEOUT), name]).andThen(() => runTimed("docker", ["rm", name]));
    return okAsync({
      up: () => sequence(names.map(run)),
      down: () => sequence(names.map(stopAndRemove)),
    });
  },
};
