import { err, ok, type Result } from "neverthrow";
import type { HostConfig } from "../../../dsl/options.ts";
import { pyTypeName } from "./py-format.ts";
import { ensureResolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One Engine `Ulimits` entry. A missing limit is sent as `null`, as docker-py did (quirk 1). */
export interface EngineUlimit {
  readonly Name: string;
  readonly Soft: number | null;
  readonly Hard: number | null;
}

/**
 * `ulimits` → `HostConfig.Ulimits`: docker-py's `Ulimit(**d)` per entry, reading lower-case or
 * capitalised keys. The name must be a string and set limits whole numbers.
 *
 * ```ts
 * convertUlimits([{ name: "nofile", soft: 1024, hard: 2048 }]) // ok([{ Name: "nofile", Soft: 1024, Hard: 2048 }])
 * ```
 */
export function convertUlimits(
  ulimits: NonNullable<HostConfig["ulimits"]>,
  path = "ulimits",
): Result<EngineUlimit[], TranslationError> {
  return ensureResolved(ulimits, path).andThen((resolved) => {
    if (!Array.isArray(resolved)) {
      return err(
        invalidOption(path, `Invalid type for ulimits param: expected list but found ${pyTypeName(resolved)}`),
      );
    }
    const result: EngineUlimit[] = [];
    for (const [i, entry] of (resolved as readonly unknown[]).entries()) {
      const at = childPath(path, i);
      if (!isDict(entry))
        return err(invalidOption(at, `expected a dict with name, soft and hard, got ${pyTypeName(entry)}`));
      const pick = (lower: string, upper: string) => entry[lower] ?? entry[upper] ?? null;
      const name = pick("name", "Name");
      const soft = pick("soft", "Soft");
      const hard = pick("hard", "Hard");
      if (typeof name !== "string") return err(invalidOption(at, "Ulimit.name must be a string"));
      // docker-py only checks truthy limits, so 0 passes whatever its type.
      if (soft && !Number.isInteger(soft)) return err(invalidOption(at, "Ulimit.soft must be an integer"));
      if (hard && !Number.isInteger(hard)) return err(invalidOption(at, "Ulimit.hard must be an integer"));
      result.push({ Name: name, Soft: soft as number | null, Hard: hard as number | null });
    }
    return ok(result);
  });
}

/** Engine `HostConfig.LogConfig`. */
export interface EngineLogConfig {
  readonly Type: string | null;
  readonly Config: Record<string, string>;
}

/**
 * `log_config` → `HostConfig.LogConfig`: `{ type, config? }` → `{ Type, Config }`, `Config`
 * defaulting to `{}`.
 *
 * ```ts
 * convertLogConfig({ type: "json-file", config: { "max-size": "10m" } })
 * // ok({ Type: "json-file", Config: { "max-size": "10m" } })
 * ```
 */
export function convertLogConfig(
  logConfig: NonNullable<HostConfig["log_config"]>,
  path = "log_config",
): Result<EngineLogConfig, TranslationError> {
  return ensureResolved(logConfig, path).andThen((resolved) => {
    const dict: unknown = resolved;
    if (!isDict(dict)) {
      return err(
        invalidOption(path, `Invalid type for log_config param: expected LogConfig but found ${pyTypeName(dict)}`),
      );
    }
    const type = dict.type ?? dict.Type ?? null;
    const config = dict.config ?? dict.Config ?? {};
    if (type !== null && typeof type !== "string") {
      return err(invalidOption(childPath(path, "type"), `expected a log driver name, got ${pyTypeName(type)}`));
    }
    if (!isDict(config)) return err(invalidOption(childPath(path, "config"), "LogConfig.config must be a dictionary"));
    return ok({ Type: type, Config: { ...(config as Record<string, string>) } });
  });
}

/** Engine `HostConfig.RestartPolicy`. */
export interface EngineRestartPolicy {
  readonly Name: string;
  readonly MaximumRetryCount?: number;
}

/**
 * `restart_policy` → `HostConfig.RestartPolicy`, passed through as docker-py did; an empty dict
 * gives `undefined` (not sent).
 *
 * ```ts
 * convertRestartPolicy({ Name: "on-failure", MaximumRetryCount: 5 }) // ok({ Name: "on-failure", MaximumRetryCount: 5 })
 * ```
 */
export function convertRestartPolicy(
  restartPolicy: NonNullable<HostConfig["restart_policy"]>,
  path = "restart_policy",
): Result<EngineRestartPolicy | undefined, TranslationError> {
  return ensureResolved(restartPolicy, path).andThen((resolved) => {
    const dict: unknown = resolved;
    if (!isDict(dict))
      return err(invalidOption(path, `expected a dict such as { Name: "always" }, got ${pyTypeName(dict)}`));
    return ok(Object.keys(dict).length === 0 ? undefined : ({ ...dict } as unknown as EngineRestartPolicy));
  });
}
