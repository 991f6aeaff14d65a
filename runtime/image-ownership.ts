/**
 * Whether berth made an image, decided from what the engine reports about it. The `berth.image`
 * label alone cannot say: an image a user builds `FROM` a berth image (or commits from one of
 * its containers) inherits every label. What a derived image cannot inherit is its place in the
 * history: berth's label is set by the newest step of the image berth made (the `LABEL` step the
 * engine appends to a build, or the import itself, which sets it through `changes`), and any image
 * derived from it has newer steps of its own on top.
 */
import type { ImageHistoryEntry } from "./docker/engine-client.ts";
import { LABEL_IMAGE } from "./labels.ts";

export type ImageOwnership =
  | { readonly kind: "made-by-berth" }
  /** No `berth.image` label for this node: another node's, another deployment's, or nobody's. */
  | { readonly kind: "not-labelled" }
  /** Labelled for this node, but its newest step is not berth's: an image built from berth's. */
  | { readonly kind: "derived"; readonly newestStep: string };

/**
 * ```ts
 * imageOwnership({ [LABEL_IMAGE]: "web/app" }, [{ CreatedBy: "/bin/sh -c #(nop)  LABEL berth.image=web/app", Comment: "" }, …], "web/app")
 * // { kind: "made-by-berth" }
 * ```
 */
export function imageOwnership(
  labels: Readonly<Record<string, string>>,
  history: readonly Pick<ImageHistoryEntry, "CreatedBy" | "Comment">[],
  owner: string,
): ImageOwnership {
  if (labels[LABEL_IMAGE] !== owner) return { kind: "not-labelled" };
  // The engine lists history newest first.
  const newest = history[0];
  if (newest === undefined) return { kind: "derived", newestStep: "(no history)" };
  const built = newest.CreatedBy.trimEnd().endsWith(`LABEL ${LABEL_IMAGE}=${owner}`);
  const imported = history.length === 1 && newest.CreatedBy === "" && newest.Comment.startsWith("Imported from");
  return built || imported ? { kind: "made-by-berth" } : { kind: "derived", newestStep: describeStep(newest) };
}

function describeStep(entry: Pick<ImageHistoryEntry, "CreatedBy" | "Comment">): string {
  const step = entry.CreatedBy.replace(/^\/bin\/sh -c #\(nop\)\s+/, "").trim();
  return step !== "" ? step : entry.Comment !== "" ? entry.Comment : "(unnamed step)";
}
