import { err, ok, type Result } from "neverthrow";
import { type Intrinsic, isIntrinsic } from "../../../dsl/values.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

/**
 * An option type with every intrinsic (`{ get_input }`, …) removed, all the way down: what the
 * runtime hands over once it has resolved the plan's values.
 */
export type Resolved<T> = T extends Intrinsic ? never : T extends object ? { [K in keyof T]: Resolved<T[K]> } : T;

/**
 * Checks that no intrinsic is left anywhere in `value`. The runtime resolves intrinsics before
 * translating; one that slips through is reported with its path instead of reaching the Engine.
 */
export function ensureResolved<T>(value: T, path: string): Result<Resolved<T>, TranslationError> {
  const found = findIntrinsic(value, path);
  if (found !== undefined) {
    return err(
      invalidOption(
        found.path,
        `unresolved intrinsic ${JSON.stringify(found.value)}: the runtime must resolve it before the option reaches Docker`,
      ),
    );
  }
  // The walk above proved that no intrinsic is present, which is all Resolved<T> removes.
  return ok(value as Resolved<T>);
}

function findIntrinsic(value: unknown, path: string): { path: string; value: unknown } | undefined {
  if (isIntrinsic(value)) return { path, value };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findIntrinsic(item, childPath(path, i));
      if (found !== undefined) return found;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findIntrinsic(item, childPath(path, key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
