/**
 * configure (`docker.docker_plugin.tasks.configure`): merge `docker_env_var` into the
 * environment, pick the image, create the container with berth's labels and name; record
 * `container` and `using_local_image` (plugin v1.1 §1.3).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerConfig, ContainerStart } from "../../dsl/mod.ts";
import { createContainerConfig, type Resolved } from "../docker/translate/mod.ts";
import { mergeDockerEnvVar } from "../env-merge.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError, RuntimeProperties } from "../types.ts";
import type { TaskContext } from "./task-context.ts";

export interface ConfigureArgs {
  readonly containerConfig: Resolved<ContainerConfig>;
  /** The start operation's host options: Engine API >= 1.24 takes them at create. */
  readonly containerStart?: Resolved<ContainerStart>;
  readonly labels: Readonly<Record<string, string>>;
  readonly name: string;
}

/** The container_config configure will use: docker_env_var merged, `image` taken out. */
export function effectiveContainerConfig(
  config: Resolved<ContainerConfig>,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): { readonly config: Resolved<ContainerConfig>; readonly localImage?: string } {
  const { image, ...rest } = config;
  const environment = mergeDockerEnvVar(rest.environment, dockerEnvVar);
  const merged = (environment === undefined ? rest : { ...rest, environment }) as Resolved<ContainerConfig>;
  return image === undefined ? { config: merged } : { config: merged, localImage: image };
}

export function configureTask(ctx: TaskContext, args: ConfigureArgs): ResultAsync<RuntimeProperties, BerthError> {
  const at = { node: ctx.node, operation: "configure" as const };
  const { config, localImage } = effectiveContainerConfig(args.containerConfig, ctx.properties.docker_env_var);
  const image = localImage ?? ctx.properties.image;
  if (image === undefined) {
    return errAsync(
      berthError(
        "ContainerCreateFailed",
        "No image specified: create did not record an image and container_config has none",
        at,
      ),
    );
  }
  // .image(ref) names an image that must already be on the engine: say so before create does.
  const checked: ResultAsync<unknown, BerthError> =
    localImage === undefined
      ? okAsync(undefined)
      : ctx.client
          .inspectImage(localImage)
          .mapErr((e) =>
            e.kind === "NotFound"
              ? berthError(
                  "ImageNotFound",
                  `image "${localImage}" is not on the engine at ${ctx.client.endpoint}; build or load it first, or use .import()/.build()`,
                  { ...at, endpoint: ctx.client.endpoint, cause: e.message },
                )
              : fromEngine(e, "EngineError", `cannot inspect image ${localImage}`, at),
          );
  return checked.andThen(() => {
    const body = createContainerConfig({
      image,
      config,
      start: args.containerStart ?? {},
      apiVersion: ctx.client.apiVersion,
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
            ? `Error while creating container (a container named ${args.name} already exists; berth down removes it)`
            : "Error while creating container",
          at,
        ),
      )
      .map(({ id }) => {
        ctx.emit.log("info", `Created container ${id}`, ctx.node);
        return { container: id, using_local_image: localImage !== undefined };
      });
  });
}
