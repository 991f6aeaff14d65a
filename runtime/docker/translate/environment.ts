import { err, ok, type Result } from "neverthrow";
import type { ContainerConfig } from "../../../dsl/options.ts";
import { pyRepr, pyStr, pyTypeName } from "./py-format.ts";
import { ensureResolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

type EnvironmentOption = NonNullable<ContainerConfig["environment"]>;

/**
 * `create_container(environment=…)` → `Env`. A dict becomes `["K=V", …]` in key order, each
 * value through Python's `str()`: `true` → `"True"`, `1` → `"1"`, a dict or list → its Python
 * repr. `null` gives just `"K"` (docker-py ≥ 1.8; 1.6 leaked `"K=None"`, DEVIATIONS.md). A list
 * is passed through.
 *
 * JavaScript orders integer-like keys (`"3"`) before the others; docker-py on Python 2 had no
 * order at all.
 *
 * ```ts
 * convertEnvironment({ DEBUG: true, PORT: 8080, EMPTY: null }) // ok(["DEBUG=True", "PORT=8080", "EMPTY"])
 * ```
 */
export function convertEnvironment(env: EnvironmentOption, path = "environment"): Result<string[], TranslationError> {
  return ensureResolved(env, path).andThen((resolved) => {
    if (Array.isArray(resolved)) {
      const list = resolved as readonly unknown[];
      const bad = list.findIndex((item) => typeof item !== "string");
      return bad === -1
        ? ok(list as string[]).map((l) => [...l])
        : err(invalidOption(childPath(path, bad), `expected "KEY=value", got ${pyRepr(list[bad])}`));
    }
    if (typeof resolved !== "object" || resolved === null) {
      return err(invalidOption(path, `expected a dict or a list of "KEY=value", got ${pyTypeName(resolved)}`));
    }
    return ok(
      Object.entries(resolved as Record<string, unknown>)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => (value === null ? key : `${key}=${pyStr(value)}`)),
    );
  });
}
