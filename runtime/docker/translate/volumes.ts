import { err, ok, type Result } from "neverthrow";
import type { ContainerConfig, HostConfig } from "../../../dsl/options.ts";
import { pyRepr, pyStr, pyTypeName } from "./py-format.ts";
import { ensureResolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

type BindsOption = NonNullable<HostConfig["binds"]>;

/**
 * docker-py's `convert_volume_binds` → `HostConfig.Binds`. The dict form always gets a mode:
 * `{ "/host": { bind: "/ctr", ro: true } }` → `"/host:/ctr:ro"`, `mode` is used as given,
 * neither means `rw`, and a bare string value is the container path (`:rw`). A list of
 * strings is passed through untouched (no mode is added). Named volumes work the same way.
 *
 * ```ts
 * convertVolumeBinds({ "/srv/data": { bind: "/data", ro: true }, logs: "/var/log" })
 * // ok(["/srv/data:/data:ro", "logs:/var/log:rw"])
 * ```
 */
export function convertVolumeBinds(binds: BindsOption, path = "binds"): Result<string[], TranslationError> {
  return ensureResolved(binds, path).andThen((resolved) => {
    if (Array.isArray(resolved)) return ok([...(resolved as readonly string[])]);
    if (typeof resolved !== "object" || resolved === null) {
      return err(invalidOption(path, `expected a dict or a list of binds, got ${pyTypeName(resolved)}`));
    }
    const result: string[] = [];
    for (const [host, target] of Object.entries(resolved as Record<string, unknown>)) {
      const at = childPath(path, host);
      if (typeof target === "object" && target !== null && !Array.isArray(target)) {
        const spec = target as Record<string, unknown>;
        // A key set to undefined counts as absent (it cannot come from YAML or JSON).
        const has = (key: string) => spec[key] !== undefined;
        if (has("ro") && has("mode")) {
          return err(invalidOption(at, `Binding cannot contain both "ro" and "mode": ${pyRepr(spec)}`));
        }
        if (!has("bind")) return err(invalidOption(at, `a bind needs a "bind" key (KeyError: 'bind')`));
        const mode = has("ro") ? (spec.ro ? "ro" : "rw") : has("mode") ? pyStr(spec.mode) : "rw";
        result.push(`${host}:${pyStr(spec.bind)}:${mode}`);
      } else {
        result.push(`${host}:${pyStr(target)}:rw`);
      }
    }
    return ok(result);
  });
}

type VolumesOption = NonNullable<ContainerConfig["volumes"]>;

/**
 * `create_container(volumes=…)` → `Volumes`: a path or a list of paths becomes `{ path: {} }`
 * (no parsing of `host:ctr`; binds belong in `binds`).
 *
 * ```ts
 * convertVolumes(["/data", "/logs"]) // ok({ "/data": {}, "/logs": {} })
 * ```
 */
export function convertVolumes(
  volumes: VolumesOption,
  path = "volumes",
): Result<Record<string, Record<string, never>>, TranslationError> {
  return ensureResolved(volumes, path).andThen((resolved) => {
    const list: readonly unknown[] = typeof resolved === "string" ? [resolved] : resolved;
    if (!Array.isArray(list)) return err(invalidOption(path, `expected a path or a list of paths`));
    const result: Record<string, Record<string, never>> = {};
    for (const [i, volume] of list.entries()) {
      if (typeof volume !== "string") {
        return err(invalidOption(childPath(path, i), `expected a container path, got ${pyRepr(volume)}`));
      }
      result[volume] = {};
    }
    return ok(result);
  });
}
