/**
 * The images berth made for a node, which `remove_image` may remove: those labelled
 * `berth.image=<deployment>/<node>` plus the ones berth remembers (the `image` runtime property,
 * the images of the node's containers), each kept only if berth really made it
 * (`image-ownership.ts`). An image a user built `FROM` one of them carries the same label and
 * is left alone.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { EngineError } from "../docker/engine-client.ts";
import { imageOwnership } from "../image-ownership.ts";
import { imageOwner, LABEL_IMAGE } from "../labels.ts";
import type { TaskContext } from "./task-context.ts";

/** Full ids of the images berth made for `ctx.node`, among the labelled ones and `remembered`. */
export function ownedImages(
  ctx: TaskContext,
  remembered: readonly (string | undefined)[],
): ResultAsync<readonly string[], EngineError> {
  const owner = imageOwner(ctx.deployment, ctx.node);
  return ctx.client
    .listImages({ [LABEL_IMAGE]: owner })
    .andThen((labelled) => {
      const refs = [...new Set([...remembered, ...labelled.map((i) => i.Id)])].filter(
        (r): r is string => r !== undefined && r !== "",
      );
      return ResultAsync.combine(refs.map((ref) => judge(ctx, ref, owner)));
    })
    .map((ids) => [...new Set(ids.flat())]);
}

function judge(ctx: TaskContext, ref: string, owner: string): ResultAsync<readonly string[], EngineError> {
  return ctx.client
    .inspectImage(ref)
    .andThen((image) =>
      ctx.client.imageHistory(image.Id).map((history) => {
        const ownership = imageOwnership(image.Labels, history, owner);
        if (ownership.kind === "made-by-berth") return [image.Id];
        const name = [image.Id.replace(/^sha256:/, "").slice(0, 12), ...image.RepoTags].join(" ");
        if (ownership.kind === "derived")
          ctx.emit.log(
            "info",
            `keeping image ${name}: it carries ${LABEL_IMAGE}=${owner} but was built from berth's image (its newest step: ${ownership.newestStep})`,
            ctx.node,
          );
        else ctx.emit.log("debug", `keeping image ${name}: berth did not make it for this node`, ctx.node);
        return [];
      }),
    )
    .orElse((e) => (e.kind === "NotFound" ? okAsync([]) : errAsync(e)));
}
