/**
 * docker-compose 1.29 on the equivalent compose file: N services of the same image and command.
 * `network_mode: bridge` puts them on the default bridge, as berth and `docker run` do, so
 * compose does not also create (and time) a project network.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ResultAsync } from "neverthrow";
import { stringify } from "yaml";
import { COMMAND, IMAGE, RUN_LABEL, STOP_TIMEOUT } from "../config.ts";
import { benchError } from "../errors.ts";
import { runTimed } from "../proc.ts";
import { type InstanceSpec, type LifecycleTool, range } from "./types.ts";

export const composeFile = (spec: InstanceSpec): string =>
  stringify({
    version: "2.4",
    services: Object.fromEntries(
      range(spec.n).map((i) => [
        `c${i}`,
        {
          image: IMAGE,
          command: [...COMMAND],
          network_mode: "bridge",
          stop_grace_period: `${STOP_TIMEOUT}s`,
          labels: { [RUN_LABEL]: spec.runId },
        },
      ]),
    ),
  });

export const composeTool: LifecycleTool = {
  id: "compose",
  label: "docker-compose 1.29",
  prepare: (spec) => {
    const file = join(spec.workDir, "docker-compose.yml");
    // Compose lower-cases project names and keeps [a-z0-9_-].
    const project = spec.name.toLowerCase().replace(/[^a-z0-9_-]/g, "");
    const compose = (...args: string[]) =>
      runTimed("docker-compose", ["-p", project, "-f", file, ...args], { env: { COMPOSE_INTERACTIVE_NO_CLI: "1" } });
    return ResultAsync.fromPromise(writeFile(file, composeFile(spec)), benchError("write compose file")).map(() => ({
      up: () => compose("up", "-d").map(() => undefined),
      down: () => compose("down", "-t", String(STOP_TIMEOUT)).map(() => undefined),
    }));
  },
};
