/**
 * The engine's floor: raw dockerode, every create+start in parallel; down is stop+remove in
 * parallel. Nothing a tool on top of the Engine API can do is faster than this.
 */
import Docker from "dockerode";
import { okAsync, ResultAsync } from "neverthrow";
import { COMMAND, IMAGE, RUN_LABEL, SOCKET_PATH, STOP_TIMEOUT } from "../config.ts";
import { benchError } from "../errors.ts";
import { containerName, type InstanceSpec, type LifecycleTool, type Prepared, range } from "./types.ts";

export function floorTool(docker: Docker = new Docker({ socketPath: SOCKET_PATH })): LifecycleTool {
  return {
    id: "floor",
    label: "raw dockerode, parallel (floor)",
    prepare: (spec) => okAsync(prepared(docker, spec)),
  };
}

function prepared(docker: Docker, spec: InstanceSpec): Prepared {
  let ids: string[] = [];
  const upOne = async (i: number): Promise<string> => {
    const container = await docker.createContainer({
      name: containerName(spec, i),
      Image: IMAGE,
      Cmd: [...COMMAND],
      Labels: { [RUN_LABEL]: spec.runId },
    });
    await container.start();
    return container.id;
  };
  const downOne = async (id: string): Promise<void> => {
    const container = docker.getContainer(id);
    await container.stop({ t: STOP_TIMEOUT });
    await container.remove();
  };
  return {
    up: () =>
      ResultAsync.fromPromise(Promise.all(range(spec.n).map(upOne)), benchError("floor up"))
        .andTee((created) => {
          ids = created;
        })
        .map(() => undefined),
    down: () =>
      ResultAsync.fromPromise(Promise.all(ids.map(downOne)), benchError("floor down"))
        .andTee(() => {
          ids = [];
        })
        .map(() => undefined),
  };
}
