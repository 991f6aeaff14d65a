/**
 * Engine API versions: the one place berth compares them. berth writes its requests for API
 * 1.41 (Docker 20.10) and speaks nothing older than 1.24 (Docker 1.12), the first API on which
 * every host option goes to create and none to start, as berth sends them. docker-py 1.6's
 * behaviour for older engines (start-time host config, its version gates) is not reproduced
 * (runtime/docker/translate/DEVIATIONS.md). Pure, so `validate()` and the runtime share it.
 */
import { err, ok, type Result } from "neverthrow";

declare const supported: unique symbol;

/**
 * An Engine API version berth speaks: `major.minor`, at least `MIN_API_VERSION`. Only
 * `checkApiVersion` makes one, so a function that takes it cannot be handed "1.21".
 */
export type SupportedApiVersion = string & { readonly [supported]: true };

/** The oldest Engine API berth speaks. */
export const MIN_API_VERSION = "1.24" as SupportedApiVersion;
/** The Engine API berth's request bodies are written for; a newer daemon is asked for this one. */
export const MAX_API_VERSION = "1.41" as SupportedApiVersion;

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b` ("1.9" < "1.41"). */
export function compareApiVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** `version` as a version berth speaks, or a message saying why it is not one. */
export function checkApiVersion(version: string): Result<SupportedApiVersion, string> {
  if (!/^\d+\.\d+$/.test(version)) return err(`Invalid API version: ${version} (expected a version such as 1.41)`);
  if (compareApiVersions(version, MIN_API_VERSION) < 0) {
    return err(
      `Engine API ${version} is older than ${MIN_API_VERSION}: berth needs Engine API ${MIN_API_VERSION} or later`,
    );
  }
  return ok(version as SupportedApiVersion);
}

/** `daemon_client.version`: `"auto"` (ask the daemon) or a version berth speaks. */
export function checkVersionOption(version: string): Result<SupportedApiVersion | "auto", string> {
  return version === "auto" ? ok("auto") : checkApiVersion(version);
}
