import { err, ok, type Result } from "neverthrow";
import { invalidOption, type TranslationError } from "./translation-error.ts";

/** Engine API versions are `major.minor` ("1.41"). */
export function checkApiVersion(version: string, path = "daemon_client.version"): Result<string, TranslationError> {
  return /^\d+\.\d+$/.test(version)
    ? ok(version)
    : err(invalidOption(path, `Invalid API version: ${version} (expected a version such as 1.41)`));
}

/** -1, 0 or 1 as `a` is older than, equal to, or newer than `b` (numeric per component). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** docker-py's `version_lt(a, b)`. */
export const versionLt = (a: string, b: string): boolean => compareApiVersions(a, b) < 0;
