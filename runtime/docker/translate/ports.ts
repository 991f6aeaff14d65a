import { err, ok, Result } from "neverthrow";
import type { ContainerConfig, HostConfig } from "../../../dsl/options.ts";
import { pyRepr, pyTypeName } from "./py-format.ts";
import { ensureResolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

/** One Engine `PortBindings` entry. `HostPort` is always a string ("" lets the Engine choose). */
export interface EnginePortBinding {
  readonly HostIp: string;
  readonly HostPort: string;
}

/** Engine `HostConfig.PortBindings`: `"8080/tcp"` → bindings. */
export type EnginePortBindings = Record<string, EnginePortBinding[]>;

/** Engine `ExposedPorts`: `"8080/tcp"` → `{}`. */
export type EngineExposedPorts = Record<string, Record<string, never>>;

type PortBindingsOption = NonNullable<HostConfig["port_bindings"]>;

/**
 * docker-py's `convert_port_bindings`. Keys get `/tcp` unless they name a protocol. A value is
 * `null` (any host port), a port (number or string, ranges passed through), `{ HostIp?, HostPort }`,
 * or a list of those (several bindings of one container port). YAML has no tuples, so docker-py's
 * `(ip, port)` is written `{ HostIp, HostPort }` (policy (b)).
 *
 * ```ts
 * convertPortBindings({ 8080: 80, "53/udp": [null, { HostIp: "127.0.0.1", HostPort: 5353 }] })
 * // ok({ "8080/tcp": [{ HostIp: "", HostPort: "80" }],
 * //      "53/udp": [{ HostIp: "", HostPort: "" }, { HostIp: "127.0.0.1", HostPort: "5353" }] })
 * ```
 */
export function convertPortBindings(
  portBindings: PortBindingsOption,
  path = "port_bindings",
): Result<EnginePortBindings, TranslationError> {
  return ensureResolved(portBindings, path).andThen((resolved) => {
    if (typeof resolved !== "object" || resolved === null || Array.isArray(resolved)) {
      return err(invalidOption(path, `expected a dict of container port to binding, got ${pyTypeName(resolved)}`));
    }
    const entries = Object.entries(resolved).map(([port, value]) => {
      const key = port.includes("/") ? port : `${port}/tcp`;
      const at = childPath(path, port);
      const values: readonly unknown[] = Array.isArray(value) ? value : [value];
      return Result.combine(
        values.map((v, i) => convertPortBinding(v, Array.isArray(value) ? childPath(at, i) : at)),
      ).map((bindings) => [key, bindings] as const);
    });
    return Result.combine(entries).map((pairs) => Object.fromEntries(pairs));
  });
}

function convertPortBinding(binding: unknown, path: string): Result<EnginePortBinding, TranslationError> {
  if (binding === null || binding === undefined) return ok({ HostIp: "", HostPort: "" });
  if (typeof binding === "object" && !Array.isArray(binding)) {
    const dict = binding as Record<string, unknown>;
    if (dict.HostPort === undefined) {
      return err(invalidOption(path, `a port binding dict needs a HostPort: ${pyRepr(dict)}`));
    }
    const ip = dict.HostIp ?? "";
    if (typeof ip !== "string") {
      return err(invalidOption(childPath(path, "HostIp"), `expected an IP address string, got ${pyRepr(ip)}`));
    }
    return hostPort(dict.HostPort, childPath(path, "HostPort")).map((port) => ({ HostIp: ip, HostPort: port }));
  }
  return hostPort(binding, path).map((port) => ({ HostIp: "", HostPort: port }));
}

// docker-py str()s the host port, so True would become "True" and 8080.5 "8080.5", which the
// Engine rejects later; berth rejects them here (DEVIATIONS.md).
function hostPort(value: unknown, path: string): Result<string, TranslationError> {
  // 0 asks for any free port, like `docker run -p 0:80`; the engine's word for that is "".
  if (value === null || value === undefined || value === 0) return ok("");
  if (typeof value === "string") return ok(value);
  if (typeof value === "number" && Number.isInteger(value)) return ok(String(value));
  return err(invalidOption(path, `expected a host port (number or string), got ${pyRepr(value)}`));
}

type PortsOption = NonNullable<ContainerConfig["ports"]>;

/**
 * `create_container(ports=…)` → `ExposedPorts`. Each port gets `/tcp` unless it names a
 * protocol: berth keeps `"8080/udp"` as `8080/udp` where docker-py 1.6 sent `8080/udp/tcp`
 * (quirk 2, an evident bug; DEVIATIONS.md). A dict is passed through, as in docker-py.
 *
 * ```ts
 * convertExposedPorts([8080, "53/udp"]) // ok({ "8080/tcp": {}, "53/udp": {} })
 * ```
 */
export function convertExposedPorts(
  ports: PortsOption | Readonly<Record<string, Record<string, never>>>,
  path = "ports",
): Result<EngineExposedPorts, TranslationError> {
  return ensureResolved(ports, path).andThen((resolved) => {
    if (!Array.isArray(resolved)) {
      if (typeof resolved === "object" && resolved !== null) return ok({ ...(resolved as EngineExposedPorts) });
      return err(invalidOption(path, `expected a list of ports, got ${pyTypeName(resolved)}`));
    }
    const exposed: EngineExposedPorts = {};
    for (const [i, port] of (resolved as readonly unknown[]).entries()) {
      if (typeof port === "number" && Number.isInteger(port)) exposed[`${port}/tcp`] = {};
      else if (typeof port === "string" && port !== "") exposed[port.includes("/") ? port : `${port}/tcp`] = {};
      else
        return err(
          invalidOption(childPath(path, i), `expected a port such as 8080 or "8080/udp", got ${pyRepr(port)}`),
        );
    }
    return ok(exposed);
  });
}
