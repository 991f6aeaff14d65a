/**
 * configure (`docker.docker_plugin.tasks.configure`): merge `docker_env_var` into the
 * environment, pick the image, create the container with berth's labels and name; record
 * `container` and `using_local_image` (plugin v1.1 §1.3).
 */
import { errAsync, type ResultAsync } from "neverthrow";
import type { ContainerConfigInput, ContainerStart } from "../../dsl/mod.ts";
import { createContainerConfig, type Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError, EngineTrouble, RuntimeProperties } from "../types.ts";
import { effectiveContainerConfig } from "../workflows/node-inputs.ts";
import type { TaskContext } from "./task-context.ts";

export interface ConfigureArgs {
  /** container_config without `image`; docker_env_var is merged here, as the plugin does. */
  readonly containerConfig: Resolved<ContainerConfigInput>;
  /** `.image(ref)`: the image already on the engine, and the id it names (inspected once per run). */
  readonly localImage?: { readonly ref: string; readonly id: string };
  /** The start operation's host options: Engine API >= 1.24 takes them at create. */
  readonly containerStart?: Resolved<ContainerStart>;
  readonly labels: Readonly<Record<string, string>>;
  readonly name: string;
}

/** Everything configure can fail with. */
export type ConfigureError = BerthError<"ContainerCreateFailed" | "InvalidOption" | EngineTrouble>;

export function configureTask(ctx: TaskContext, args: ConfigureArgs): ResultAsync<RuntimeProperties, ConfigureError> {
  const at = { node: ctx.node, operation: "configure" as const };
  const config = effectiveContainerConfig(args.containerConfig, ctx.properties.docker_env_var);
  const { localImage } = args;
  // A local image is created from by its reference (so the container shows the name the plan
  // gives); its id is the `image` runtime property, as for an imported or built image.
  const image = localImage?.ref ?? ctx.properties.image;
  if (image === undefined) {
    return errAsync(
      berthError(
        "ContainerCreateFailed",
        "No image specified: create did not record an image and container_config has none",
        at,
      ),
    );
  }
  const body = createContainerConfig({
    image,
    config,
    start: args.containerStart ?? {},
    labels: args.labels,
    name: args.name,
  });
  if (body.isErr()) {
    return errAsync(berthError("InvalidOption", body.error.message, { ...at, path: body.error.path }));
  }
  ctx.emit.log("info", "Creating container", ctx.node);
  return ctx.client
    .createContainer(body.value)
    .mapErr((e) =>
      fromEngine(
        e,
        "ContainerCreateFailed",
        e.kind === "Conflict"
          ? // berth's own containers of this deployment were found by their labels before create, so
            // the name belongs to a container berth did not make for it: down would not touch it.
            `Error while creating container: the name ${args.name} is taken by a container that is not this deployment's; remove it (docker rm ${args.name}), or choose another deployment id (-d) or container_config.name`
          : "Error while creating container",
        at,
      ),
    )
    .map(({ id }): RuntimeProperties => {
      ctx.emit.log("info", `Created container ${id}`, ctx.node);
      return localImage === undefined
        ? { container: id, using_local_image: false }
        : { image: localImage.id, container: id, using_local_image: true };
    });
}
