/** stop (`docker.docker_plugin.tasks.stop`): stop with `timeout`; stopping a stopped container is fine. */
import { errAsync, type ResultAsync } from "neverthrow";
import type { ContainerStop } from "../../dsl/mod.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError, EngineTrouble, RuntimeProperties } from "../types.ts";
import type { TaskContext } from "./task-context.ts";

export function stopTask(
  ctx: TaskContext,
  containerStop: Resolved<ContainerStop> = {},
  container: string | undefined = ctx.properties.container,
): ResultAsync<RuntimeProperties, BerthError<"ContainerStopFailed" | EngineTrouble>> {
  const at = { node: ctx.node, operation: "stop" as const };
  if (container === undefined) return errAsync(berthError("ContainerStopFailed", "No container specified", at));
  ctx.emit.log("info", `Stopping container ${container}`, ctx.node);
  return ctx.client
    .stopContainer(container, containerStop.timeout)
    .mapErr((e) => fromEngine(e, "ContainerStopFailed", `Error while stopping container ${container}`, at))
    .map(() => {
      ctx.emit.log("info", `Stopped container ${container}`, ctx.node);
      return {};
    });
}
