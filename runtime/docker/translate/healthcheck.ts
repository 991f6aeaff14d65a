/**
 * `container_config.healthcheck` → `Config.Healthcheck` of `POST /containers/create`. docker-py
 * 1.6 had no healthcheck; berth takes docker-py 2's keys (`test`, `interval`, `timeout`,
 * `retries`, `start_period`) and, besides its integer nanoseconds, Go duration strings as the
 * docker CLI does (DEVIATIONS.md).
 */
import { err, ok, type Result } from "neverthrow";
import type { Healthcheck } from "../../../dsl/options.ts";
import type { Resolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

export interface EngineHealthcheck {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** The engine refuses a duration between 0 and 1 ms ("cannot be less than 1ms"). */
const MIN_DURATION_NS = 1_000_000;

/** A Go duration (`"1m30s"`, `"500ms"`, `"1.5s"`) or integer nanoseconds, as integer nanoseconds. */
export function durationNs(value: string | number, path: string): Result<number, TranslationError> {
  let ns = 0;
  if (typeof value === "number") ns = value;
  else {
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
    if (value === "" || parts.map((p) => p[0]).join("") !== value) {
      return err(invalidOption(path, `expected a duration such as 500ms, 30s or 1m30s, got ${JSON.stringify(value)}`));
    }
    ns = Math.round(parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNIT_NS[unit as string] ?? 0), 0));
  }
  if (!Number.isSafeInteger(ns) || ns < 0) return err(invalidOption(path, `duration out of range: ${value}`));
  if (ns > 0 && ns < MIN_DURATION_NS) return err(invalidOption(path, "a healthcheck duration is 0 or at least 1ms"));
  return ok(ns);
}

const TYPES = new Set(["CMD", "CMD-SHELL", "NONE"]);

/**
 * `Config.Healthcheck` exists from API 1.24, the oldest berth speaks; `StartPeriod` from 1.29
 * (an older engine ignores it).
 *
 * ```ts
 * convertHealthcheck({ test: "pg_isready", interval: "1s", retries: 3 }, "container_config.healthcheck")
 * // ok({ Test: ["CMD-SHELL", "pg_isready"], Interval: 1000000000, Retries: 3 })
 * ```
 */
export function convertHealthcheck(
  healthcheck: Resolved<Healthcheck>,
  path: string,
): Result<EngineHealthcheck, TranslationError> {
  const { test } = healthcheck;
  const list = typeof test === "string" ? ["CMD-SHELL", test] : [...test];
  if (!TYPES.has(list[0] ?? "")) {
    return err(invalidOption(childPath(path, "test"), 'a test list starts with "CMD", "CMD-SHELL" or "NONE"'));
  }
  const out: EngineHealthcheck = { Test: list };
  const durations = [
    ["interval", "Interval"],
    ["timeout", "Timeout"],
    ["start_period", "StartPeriod"],
  ] as const;
  for (const [key, field] of durations) {
    const value = healthcheck[key];
    if (value === undefined || value === null) continue;
    const ns = durationNs(value, childPath(path, key));
    if (ns.isErr()) return err(ns.error);
    out[field] = ns.value;
  }
  if (healthcheck.retries !== undefined && healthcheck.retries !== null) out.Retries = healthcheck.retries;
  return ok(out);
}
