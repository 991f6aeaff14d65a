/**
 * delete (`docker.docker_plugin.tasks.delete`): stop first if running (with `container_stop`),
 * remove with `v`/`link`/`force`, then remove the image when `remove_image` is set and the
 * image is not a local one. Fixes bugs 1 and 2 of plugin v1.1 §1.6 (runtime/FIXES.md).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerRemove, ContainerStop } from "../../dsl/mod.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError, EngineTrouble, RuntimeProperties } from "../types.ts";
import { stopTask } from "./stop.ts";
import type { TaskContext } from "./task-context.ts";

export interface DeleteArgs {
  readonly containerStop?: Resolved<ContainerStop>;
  readonly containerRemove?: Resolved<ContainerRemove>;
  /** The container to remove; default the `container` runtime property. */
  readonly container?: string;
  /** Images to remove when remove_image is set; default the `image` runtime property. */
  readonly images?: readonly string[];
}

/** Everything delete can fail with. */
export type DeleteError = BerthError<"ContainerStopFailed" | "ContainerRemoveFailed" | ImageRemovalKind>;
type ImageRemovalKind = "ImageInUse" | "EngineError" | EngineTrouble;

export function deleteTask(ctx: TaskContext, args: DeleteArgs = {}): ResultAsync<RuntimeProperties, DeleteError> {
  const at = { node: ctx.node, operation: "delete" as const };
  const container = args.container ?? ctx.properties.container;
  const { remove_image, ...removeOptions } = args.containerRemove ?? {};

  const removeContainer: ResultAsync<void, DeleteError> =
    container === undefined
      ? okAsync(undefined)
      : ctx.client
          .inspectContainer(container)
          .map((details) => details.State.Running)
          // Already gone is what delete wants: berth's delete is idempotent.
          .orElse((e) => (e.kind === "NotFound" ? okAsync(undefined) : errAsync(e)))
          .mapErr((e) => fromEngine(e, "ContainerRemoveFailed", `cannot inspect container ${container}`, at))
          .andThen((running) => {
            if (running === undefined) {
              ctx.emit.log("info", `Container ${container} is already gone`, ctx.node);
              return okAsync(undefined);
            }
            const stopped = running
              ? stopTask(ctx, args.containerStop ?? {}, container).map(() => undefined)
              : okAsync<undefined, DeleteError>(undefined);
            return stopped.andThen(() => {
              ctx.emit.log("info", `Removing container ${container}`, ctx.node);
              return ctx.client
                .removeContainer(container, removeOptions)
                .orElse((e) => (e.kind === "NotFound" ? okAsync(undefined) : errAsync(e)))
                .mapErr((e) =>
                  fromEngine(e, "ContainerRemoveFailed", `Error while removing container ${container}`, at),
                )
                .map(() => ctx.emit.log("info", `Removed container ${container}`, ctx.node));
            });
          });

  return removeContainer.andThen(() => {
    if (remove_image !== true) return okAsync({});
    if (ctx.properties.using_local_image === true) {
      ctx.emit.log("debug", "Not removing the image: it is a local image (container_config.image)", ctx.node);
      return okAsync({});
    }
    const images = args.images ?? (ctx.properties.image === undefined ? [] : [ctx.properties.image]);
    return removeImages(ctx, images).map(() => ({}));
  });
}

/** Removes each image in turn; the first that another container still uses stops with ImageInUse. */
export function removeImages(
  ctx: TaskContext,
  images: readonly string[],
): ResultAsync<void, BerthError<ImageRemovalKind>> {
  return images.reduce<ResultAsync<void, BerthError<ImageRemovalKind>>>(
    (chain, image) => chain.andThen(() => removeImage(ctx, image)),
    okAsync(undefined),
  );
}

export function removeImage(ctx: TaskContext, image: string): ResultAsync<void, BerthError<ImageRemovalKind>> {
  const at = { node: ctx.node, operation: "delete" as const };
  ctx.emit.log("info", `Removing image ${image}`, ctx.node);
  return ctx.client
    .removeImage(image)
    .map(() => ctx.emit.log("info", `Removed image ${image}`, ctx.node))
    .orElse((e) => {
      if (e.kind === "NotFound") return okAsync(undefined);
      if (e.kind !== "ImageInUse")
        return errAsync(fromEngine(e, "EngineError", `Error while removing image ${image}`, at));
      // An image someone built FROM this one (legacy builder) holds it as firmly as a container.
      const children = /dependent child images/i.test(e.message);
      const users = children
        ? ctx.client
            .childImages(image)
            .map((list) =>
              list.map((i) => `${i.RepoTags[0] ?? "<none>"} (${i.Id.replace(/^sha256:/, "").slice(0, 12)})`),
            )
        : ctx.client
            .listContainers({ ancestor: image })
            .map((list) =>
              list.map((c) => `${(c.Names[0] ?? "").replace(/^\//, "") || "?"} (${c.Id.slice(0, 12)}, ${c.State})`),
            );
      const what = children ? "image(s) built from it" : "container(s)";
      return users
        .orElse(() => okAsync<string[], never>([]))
        .andThen((names) =>
          errAsync(
            berthError(
              "ImageInUse",
              `cannot remove image ${image}: it is used by ${names.length > 0 ? `${what} ${names.join(", ")}` : `another ${children ? "image" : "container"}`}; remove those first, or set remove_image: false`,
              { ...at, endpoint: e.endpoint, cause: e.message, image, usedBy: names },
            ),
          ),
        );
    });
}
