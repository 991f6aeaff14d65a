/**
 * create (`docker.docker_plugin.tasks.create`): import an image from a URL or a local tarball,
 * or build one from a directory; record runtime property `image` (plugin v1.1 §1.3). berth's one
 * image label goes in with the image (import `changes`, one build `LABEL` step), and a build
 * records in state what it has made so far, so that what a failed or killed one left is removed.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { ImageBuild, ImageImport } from "../../dsl/mod.ts";
import { type BuildTrace, emptyTrace, startTrace, traceMessage, traceOf } from "../docker/build-trace.ts";
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
export type CreateError = BerthError<
  "InvalidOption" | "ImageImportFailed" | "ImageBuildFailed" | "StateError" | EngineTrouble
>;

/** Keeps what a build has made so far (undefined: the build is over) where a later run finds it. */
export type RecordBuild = (made: BuildTrace | undefined) => ResultAsync<void, BerthError<"StateError">>;

export function createTask(
  ctx: TaskContext,
  source: CreateSource,
  record: RecordBuild,
): ResultAsync<RuntimeProperties, CreateError> {
  return source.kind === "import" ? importImage(ctx, source.image_import) : buildImage(ctx, source.image_build, record);
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

const REMOTE_SRC = /^https?:\/\//i;

/** A local path of the plan, read from the run's base directory when relative. */
const local = (ctx: TaskContext, path: string): string => resolve(ctx.baseDir ?? ".", path);

function importImage(
  ctx: TaskContext,
  image_import: Resolved<ImageImport>,
): ResultAsync<RuntimeProperties, CreateError> {
  const at = where(ctx);
  const src =
    typeof image_import.src === "string" && !REMOTE_SRC.test(image_import.src)
      ? local(ctx, image_import.src)
      : image_import.src;
  const request = importImageRequest({ ...image_import, src }, (path: string) => existsSync(path));
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

function buildImage(
  ctx: TaskContext,
  image_build: Resolved<ImageBuild>,
  record: RecordBuild,
): ResultAsync<RuntimeProperties, CreateError> {
  const at = where(ctx);
  const request = buildImageRequest(image_build);
  if (request.isErr())
    return errAsync(berthError("InvalidOption", request.error.message, { ...at, path: request.error.path }));
  ctx.emit.log("info", `Building image from path ${image_build.path}`, ctx.node);
  const source =
    request.value.kind === "context"
      ? { ...request.value, contextDir: local(ctx, request.value.contextDir) }
      : request.value;
  if (source.kind === "context") {
    // docker-py raised OSError for a missing directory; the plugin reported it this way.
    const dir = source.contextDir;
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
  if (image_build.rm === false || image_build.forcerm === false)
    ctx.emit.log("debug", "rm/forcerm false: berth removes every intermediate container anyway", ctx.node);
  // Intermediate containers always go, even those of a failed step (runtime/FIXES.md).
  const options = { ...source.options, rm: true, forcerm: true };
  // What the build has made so far, written to state as it grows so that what a failed or killed
  // build left can be removed (by rollback, or by a later run); cleared when the build succeeds.
  let traced = startTrace;
  let recorded = emptyTrace;
  const writes: ResultAsync<void, BerthError<"StateError">>[] = [];
  const progress = progressOf(ctx);
  const onProgress = (m: ProgressMessage): void => {
    progress(m);
    traced = traceMessage(traced, m);
    const now = traceOf(traced);
    if (JSON.stringify(now) !== JSON.stringify(recorded)) {
      recorded = now;
      writes.push(record(now));
    }
  };
  const written = () => ResultAsync.combine(writes).map(() => undefined);
  return (
    ctx.client
      .buildImage({ ...source, options }, imageLabels(ctx.deployment, ctx.node), onProgress)
      .mapErr((e): CreateError => fromEngine(e, "ImageBuildFailed", "Error while building image", at))
      .andThen((messages) => {
        const id = extractImageId("build", messages);
        return id.isErr() ? errAsync(berthError("ImageBuildFailed", id.error.message, at)) : okAsync(id.value);
      })
      // A failed build's record stays: the install's rollback removes what it names, or with
      // keepOnFailure the next up or down does.
      .orElse((failure) =>
        written()
          .orElse((e) => okAsync(ctx.emit.log("warn", e.message, ctx.node)))
          .andThen(() => errAsync(failure)),
      )
      .andThen((image) => {
        ctx.emit.log("info", `Image ${image} has been built`, ctx.node);
        // The steps' images are the new image's parents now: removing it removes them.
        return written()
          .andThen(() => record(undefined))
          .map(() => ({ image }));
      })
  );
}

/** One line of human-readable progress from an import/build message. */
function progressText(m: ProgressMessage): string {
  if (typeof m.stream === "string") return m.stream.trimEnd();
  if (typeof m.status === "string")
    return [m.status, typeof m.progress === "string" ? m.progress : ""].join(" ").trim();
  return "";
}
