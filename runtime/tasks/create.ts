/**
 * create (`docker.docker_plugin.tasks.create`): import an image from a URL or a local tarball,
 * or build one from a directory; record runtime property `image` (plugin v1.1 §1.3).
 */
import { existsSync, statSync } from "node:fs";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { CreateInputs } from "../../dsl/mod.ts";
import type { ProgressMessage } from "../docker/engine-client.ts";
import { buildImageRequest, extractImageId, importImageRequest, type Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import { imageLabels } from "../labels.ts";
import type { BerthError, RuntimeProperties } from "../types.ts";
import type { TaskContext } from "./task-context.ts";

export function createTask(
  ctx: TaskContext,
  inputs: Resolved<CreateInputs>,
): ResultAsync<RuntimeProperties, BerthError> {
  const at = { node: ctx.node, operation: "create" as const };
  const { image_import, image_build } = inputs;
  if (image_import !== undefined && image_build !== undefined) {
    return errAsync(
      berthError("InvalidPlan", "Image import url and image build path specified. There can only be one image source", {
        ...at,
        path: "create",
      }),
    );
  }
  const progress = (m: ProgressMessage) => {
    const text = progressText(m);
    if (text !== "") ctx.emit.progress(ctx.node, "create", text);
  };
  const labels = imageLabels(ctx.deployment, ctx.node);

  if (image_import !== undefined) {
    const request = importImageRequest(image_import, (path: string) => existsSync(path));
    if (request.isErr())
      return errAsync(berthError("InvalidOption", request.error.message, { ...at, path: request.error.path }));
    ctx.emit.log("info", "Importing image", ctx.node);
    return ctx.client
      .importImage(request.value, labels, progress)
      .mapErr((e) => fromEngine(e, "ImageImportFailed", `Error during image import from ${image_import.src}`, at))
      .andThen((messages) => {
        const id = extractImageId("import", messages);
        if (id.isErr()) return errAsync(berthError("ImageImportFailed", id.error.message, at));
        ctx.emit.log("info", `Image ${id.value} has been imported`, ctx.node);
        return okAsync({ image: id.value });
      });
  }

  if (image_build !== undefined) {
    const request = buildImageRequest(image_build);
    if (request.isErr())
      return errAsync(berthError("InvalidOption", request.error.message, { ...at, path: request.error.path }));
    ctx.emit.log("info", `Building image from path ${image_build.path}`, ctx.node);
    if (request.value.kind === "context") {
      // docker-py raised OSError for a missing directory; the plugin reported it this way.
      const dir = request.value.contextDir;
      const isDir = existsSync(dir) && statSync(dir).isDirectory();
      if (!isDir) {
        return errAsync(
          berthError(
            "ImageBuildFailed",
            `Error while building image: No such file or directory: '${dir}' (image_build.path must be a directory holding a Dockerfile)`,
            { ...at, path: "create.image_build.path" },
          ),
        );
      }
    }
    return ctx.client
      .buildImage(request.value, labels, progress)
      .mapErr((e) => fromEngine(e, "ImageBuildFailed", "Error while building image", at))
      .andThen((messages) => {
        const id = extractImageId("build", messages);
        if (id.isErr()) return errAsync(berthError("ImageBuildFailed", id.error.message, at));
        ctx.emit.log("info", `Image ${id.value} has been built`, ctx.node);
        const image = id.value;
        return removeLabelStepContainers(ctx, messages).map(() => ({ image }));
      });
  }

  return errAsync(berthError("InvalidPlan", "Either path or url to image must be given", { ...at, path: "create" }));
}

/**
 * The engine applies build `labels` as extra `LABEL` steps, and with docker-py's `rm: false`
 * each leaves an intermediate container behind. Those steps are berth's, not the user's, so berth
 * removes their containers; the user's own steps keep docker-py's `rm` semantics.
 */
function removeLabelStepContainers(ctx: TaskContext, messages: readonly ProgressMessage[]): ResultAsync<void, never> {
  const ids: string[] = [];
  let inLabelStep = false;
  for (const m of messages) {
    const text = typeof m.stream === "string" ? m.stream : "";
    if (/^Step \d+\/\d+ : /.test(text)) inLabelStep = /^Step \d+\/\d+ : LABEL berth\.image\./.test(text);
    const running = /^ ---> Running in ([0-9a-f]+)/.exec(text);
    if (inLabelStep && running?.[1] !== undefined) ids.push(running[1]);
  }
  return ids.reduce<ResultAsync<void, never>>(
    (chain, id) =>
      chain.andThen(() =>
        ctx.client
          .removeContainer(id, { force: true })
          // Already removed (rm: true) is the usual case.
          .orElse(() => okAsync(undefined)),
      ),
    okAsync(undefined),
  );
}

/** One line of human-readable progress from an import/build message. */
function progressText(m: ProgressMessage): string {
  if (typeof m.stream === "string") return m.stream.trimEnd();
  if (typeof m.status === "string")
    return [m.status, typeof m.progress === "string" ? m.progress : ""].join(" ").trim();
  return "";
}
