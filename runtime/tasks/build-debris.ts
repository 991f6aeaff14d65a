/**
 * Removes what a build that did not finish made: the containers its steps ran in, then the images
 * it committed, newest first. Each is checked against the trace before it goes (a container must
 * run the image its step was based on; an image must be untagged, unlabelled by berth, and built
 * on the image before it), because a `RUN` step can print look-alike lines (docker/build-trace.ts).
 * Best effort: what cannot be removed is logged, never an error.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import type { BuildTrace } from "../docker/build-trace.ts";
import type { EngineError } from "../docker/engine-client.ts";
import { LABEL_IMAGE } from "../labels.ts";
import { sequence } from "./sequence.ts";
import type { TaskContext } from "./task-context.ts";

/** A full id (`sha256:…`) and the short one the build stream prints name the same image. */
export const sameId = (full: string, short: string): boolean => {
  const a = full.replace(/^sha256:/, "");
  const b = short.replace(/^sha256:/, "");
  return b.length >= 12 && a.startsWith(b);
};

export function removeBuildDebris(ctx: TaskContext, trace: BuildTrace): ResultAsync<void, never> {
  return sequence(trace.containers, (c) => removeStepContainer(ctx, c)).andThen(() =>
    sequence([...trace.images].reverse(), (i) => removeStepImage(ctx, i)),
  );
}

function removeStepContainer(ctx: TaskContext, c: BuildTrace["containers"][number]): ResultAsync<void, never> {
  return ctx.client
    .inspectContainer(c.id)
    .andThen((details) => {
      if (!sameId(details.Image, c.image)) {
        ctx.emit.log(
          "debug",
          `not removing container ${c.id}: it runs ${details.Image}, no step of this build`,
          ctx.node,
        );
        return okAsync(undefined);
      }
      return ctx.client
        .removeContainer(c.id, { force: true, v: true })
        .map(() => ctx.emit.log("info", `Removed intermediate container ${c.id}`, ctx.node));
    })
    .orElse((e) => tolerate(ctx, `container ${c.id}`, e));
}

function removeStepImage(ctx: TaskContext, i: BuildTrace["images"][number]): ResultAsync<void, never> {
  return ctx.client
    .inspectImage(i.id)
    .andThen((details) => {
      const tagged = details.RepoTags.some((t) => t !== "<none>:<none>");
      if (tagged || details.Labels[LABEL_IMAGE] !== undefined || !sameId(details.Parent, i.parent)) {
        ctx.emit.log("debug", `not removing image ${i.id}: not an intermediate image of this build`, ctx.node);
        return okAsync(undefined);
      }
      return ctx.client
        .removeImage(details.Id)
        .map(() => ctx.emit.log("info", `Removed intermediate image ${i.id}`, ctx.node));
    })
    .orElse((e) => tolerate(ctx, `image ${i.id}`, e));
}

/**
 * Gone already is the usual case (the engine removes step containers, and removing an image
 * removes its untagged parents). An image another build now builds on is kept: it is theirs too.
 */
function tolerate(ctx: TaskContext, what: string, e: EngineError): ResultAsync<void, never> {
  if (e.kind === "NotFound") return okAsync(undefined);
  const level = e.kind === "ImageInUse" || e.kind === "Conflict" ? "info" : "warn";
  ctx.emit.log(level, `cannot remove intermediate ${what} of an unfinished build: ${e.message}`, ctx.node);
  return okAsync(undefined);
}
