/**
 * create (`docker.docker_plugin.tasks.create`): import an image from a URL or a local tarball,
 * or build one from a directory; record runtime property `image` (plugin v1.1 §1.3).
 */
import { existsSync, statSync } from "node:fs";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ImageBuild, ImageImport } from "../../dsl/mod.ts";
import type { ProgressMessage } from "../docker/engine-client.ts";
import { buildImageRequest, extractImageId, importImageRequest, type Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import { imageLabels } from "../labels.ts";
import type { BerthError, EngineTrouble, RuntimeProperties } from "../types.ts";
import type { ResolvedImageSource } from "../workflows/node-inputs.ts";
import type { TaskContext } from "./task-context.ts";

/** What create makes an image from: an import or a build, never both or neither (the types say so). */
export type CreateSource = Exclude<ResolvedImageSource, { readonly kind: "local" }>;

/** Everything create can fail with. */
export type CreateError = BerthError<"InvalidOption" | "ImageImportFailed" | "ImageBuildFailed" | EngineTrouble>;

export function createTask(ctx: TaskContext, source: CreateSource): ResultAsync<RuntimeProperties, CreateError> {
  return source.kind === "import" ? importImage(ctx, source.image_import) : buildImage(ctx, source.image_build);
}

/** Where a create failure happened, for the error. */
const where = (ctx: TaskContext) => ({ node: ctx.node, operation: "create" as const });

/** Import and build progress, one event per readable line. */
const progressOf =
  (ctx: TaskContext) =>
  (m: ProgressMessage): void => {
    const text = progressText(m);
    if (text !== "") ctx.emit.progress(ctx.node, "create", text);
  };

function importImage(
  ctx: TaskContext,
  image_import: Resolved<ImageImport>,
): ResultAsync<RuntimeProperties, CreateError> {
  const at = where(ctx);
  const request = importImageRequest(image_import, (path: string) => existsSync(path));
  if (request.isErr())
    return errAsync(berthError("InvalidOption", request.error.message, { ...at, path: request.error.path }));
  ctx.emit.log("info", "Importing image", ctx.node);
  return ctx.client
    .importImage(request.value, imageLabels(ctx.deployment, ctx.node), progressOf(ctx))
    .mapErr((e) => fromEngine(e, "ImageImportFailed", `Error during image import from ${image_import.src}`, at))
    .andThen((messages) => {
      const id = extractImageId("import", messages);
      if (id.isErr()) return errAsync(berthError("ImageImportFailed", id.error.message, at));
      ctx.emit.log("info", `Image ${id.value} has been imported`, ctx.node);
      return okAsync({ image: id.value });
    });
}

function buildImage(ctx: TaskContext, image_build: Resolved<ImageBuild>): ResultAsync<RuntimeProperties, CreateError> {
  const at = where(ctx);
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
    .buildImage(request.value, imageLabels(ctx.deployment, ctx.node), progressOf(ctx))
    .mapErr((e) => fromEngine(e, "ImageBuildFailed", "Error while building image", at))
    .andThen((messages) => {
      const id = extractImageId("build", messages);
      if (id.isErr()) return errAsync(berthError("ImageBuildFailed", id.error.message, at));
      ctx.emit.log("info", `Image ${id.value} has been built`, ctx.node);
      const image = id.value;
      return removeLabelStepContainers(ctx, messages).map(() => ({ image }));
    });
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
    if (/^Step \d+\/\d+ : /.test(text)) inLabelStep = /^Step \d+\/\d+ : LABEL berth\.image=/.test(text);
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
