/**
 * A node's config hash: what decides, on a second `up`, whether its container is still right.
 * It covers what shapes the container (resolved create/configure/start inputs, the daemon, and
 * the id of a local image) and leaves out what does not (stop/delete options, waits).
 */
import { createHash } from "node:crypto";

export interface HashedConfig {
  readonly daemon_client: unknown;
  readonly create?: unknown;
  readonly container_config: unknown;
  readonly container_start?: unknown;
  /** For `.image(ref)`: the id the ref names now, so a re-tagged image recreates the node. */
  readonly localImageId?: string;
}

export function configHash(config: HashedConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 32);
}

/** JSON with sorted keys, so equal configs hash equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
