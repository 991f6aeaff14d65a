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

/**
 * A short hash per leaf path of the hashed config (`container_config.environment.FOO` → hash):
 * enough to name what changed between two runs, without keeping any value (values may be secrets).
 * Lists are leaves: `container_config.command` changed, not its third word.
 */
export function configDigest(config: HashedConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value))
        if (child !== undefined) walk(child, path === "" ? key : `${path}.${key}`);
      return;
    }
    out[path] = createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 12);
  };
  walk(config, "");
  return out;
}

/** The option paths whose values differ between two digests, sorted. */
export function changedPaths(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((p) => before[p] !== after[p]).sort();
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
