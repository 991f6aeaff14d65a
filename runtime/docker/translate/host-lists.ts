import { err, ok, type Result } from "neverthrow";
import type { HostConfig } from "../../../dsl/options.ts";
import { pyRepr, pyStr, pyTypeName } from "./py-format.ts";
import { ensureResolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";

// Python sorts str by code point; for the BMP that is JavaScript's code-unit order.
const byPair = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type LinksOption = NonNullable<HostConfig["links"]>;

/**
 * `links` → `HostConfig.Links`: a dict `{ name: alias }` or a list of `[name, alias]` pairs,
 * sorted, as `"name:alias"`. A missing alias gives `"name"` (docker-py 1.x sent `"name:None"`;
 * the Engine then uses the name as the alias). A list of `"name:alias"` strings crashed
 * docker-py; berth reports it.
 *
 * ```ts
 * convertLinks({ db: "database", cache: "redis" }) // ok(["cache:redis", "db:database"])
 * ```
 */
export function convertLinks(links: LinksOption, path = "links"): Result<string[], TranslationError> {
  return ensureResolved(links, path).andThen((resolved) => {
    const pairs: [string, string][] = [];
    if (Array.isArray(resolved)) {
      for (const [i, pair] of (resolved as readonly unknown[]).entries()) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          return err(invalidOption(childPath(path, i), `expected a [name, alias] pair, got ${pyRepr(pair)}`));
        }
        pairs.push([pyStr(pair[0]), pair[1] === null || pair[1] === "" ? "" : pyStr(pair[1])]);
      }
    } else if (isDict(resolved)) {
      for (const [name, alias] of Object.entries(resolved)) {
        pairs.push([name, alias === null || alias === undefined || alias === "" ? "" : pyStr(alias)]);
      }
    } else {
      return err(invalidOption(path, `expected a dict or a list of [name, alias] pairs, got ${pyTypeName(resolved)}`));
    }
    return ok(pairs.sort(byPair).map(([name, alias]) => (alias === "" ? name : `${name}:${alias}`)));
  });
}

type ExtraHostsOption = NonNullable<HostConfig["extra_hosts"]>;

/**
 * `extra_hosts` → `HostConfig.ExtraHosts`: a dict gives sorted `"host:ip"` (IPv6 not escaped:
 * `"v6:::1"`); a list is passed through.
 *
 * ```ts
 * convertExtraHosts({ web: "10.0.0.2", db: "10.0.0.1" }) // ok(["db:10.0.0.1", "web:10.0.0.2"])
 * ```
 */
export function convertExtraHosts(
  extraHosts: ExtraHostsOption,
  path = "extra_hosts",
): Result<string[], TranslationError> {
  return ensureResolved(extraHosts, path).andThen((resolved) => {
    if (Array.isArray(resolved)) return stringList(resolved, path);
    if (!isDict(resolved)) {
      return err(invalidOption(path, `expected a dict or a list of "host:ip", got ${pyTypeName(resolved)}`));
    }
    const pairs = Object.entries(resolved).map(([host, ip]) => [host, pyStr(ip)] as [string, string]);
    return ok(pairs.sort(byPair).map(([host, ip]) => `${host}:${ip}`));
  });
}

/** One Engine `LxcConf` entry. */
export interface EngineLxcConf {
  readonly Key: string;
  readonly Value: string;
}

type LxcConfOption = NonNullable<HostConfig["lxc_conf"]>;

/**
 * `lxc_conf` → `HostConfig.LxcConf`: a dict gives `[{ Key, Value: str(v) }]` in key order; a
 * list is passed through. (Only the long-gone LXC driver read it.)
 *
 * ```ts
 * convertLxcConf({ "lxc.utsname": "docker" }) // ok([{ Key: "lxc.utsname", Value: "docker" }])
 * ```
 */
export function convertLxcConf(lxcConf: LxcConfOption, path = "lxc_conf"): Result<unknown[], TranslationError> {
  return ensureResolved(lxcConf, path).andThen((resolved) => {
    if (Array.isArray(resolved)) return ok([...(resolved as readonly unknown[])]);
    if (!isDict(resolved)) return err(invalidOption(path, `expected a dict or a list, got ${pyTypeName(resolved)}`));
    return ok(Object.entries(resolved).map(([Key, value]): EngineLxcConf => ({ Key, Value: pyStr(value) })));
  });
}

/** One Engine `Devices` entry. */
export interface EngineDevice {
  readonly PathOnHost: string;
  readonly PathInContainer: string;
  readonly CgroupPermissions: string;
}

/** A device given as a dict: the Engine's own shape, passed through (docker-py ≥ 1.7). */
export type DeviceMapping = Partial<EngineDevice>;

type DevicesOption = NonNullable<HostConfig["devices"]> | readonly (string | DeviceMapping)[];

/**
 * docker-py's `parse_devices` → `HostConfig.Devices`: `"host[:ctr[:perms]]"` gives
 * `{ PathOnHost, PathInContainer (default: host), CgroupPermissions (default "rwm") }`; a dict
 * is passed through as the Engine's shape (docker-py ≥ 1.7; 1.6 crashed on it).
 *
 * ```ts
 * convertDevices(["/dev/sda:/dev/xvda:r"])
 * // ok([{ PathOnHost: "/dev/sda", PathInContainer: "/dev/xvda", CgroupPermissions: "r" }])
 * ```
 */
export function convertDevices(devices: DevicesOption, path = "devices"): Result<unknown[], TranslationError> {
  return ensureResolved(devices, path).andThen((resolved) => {
    if (!Array.isArray(resolved))
      return err(invalidOption(path, `expected a list of devices, got ${pyTypeName(resolved)}`));
    const result: unknown[] = [];
    for (const [i, device] of (resolved as readonly unknown[]).entries()) {
      if (isDict(device)) {
        result.push({ ...device });
        continue;
      }
      if (typeof device !== "string") {
        return err(invalidOption(childPath(path, i), `Invalid device type ${pyTypeName(device)}`));
      }
      const [onHost = "", inContainer, permissions] = device.split(":");
      result.push({
        PathOnHost: onHost,
        PathInContainer: inContainer ?? onHost,
        CgroupPermissions: permissions ?? "rwm",
      } satisfies EngineDevice);
    }
    return ok(result);
  });
}

/**
 * `dns` → `Dns`, sent whenever given (even `[]`). A single string becomes a one-item list
 * (docker-py sent the bare string, which the Engine cannot decode).
 */
export function convertDns(dns: NonNullable<HostConfig["dns"]>, path = "dns"): Result<string[], TranslationError> {
  return ensureResolved(dns, path).andThen((resolved) =>
    typeof resolved === "string" ? ok([resolved]) : stringList(resolved, path),
  );
}

/** `volumes_from` → `VolumesFrom`: a string is split on `,`, a list is passed through. */
export function convertVolumesFrom(
  volumesFrom: NonNullable<HostConfig["volumes_from"]>,
  path = "volumes_from",
): Result<string[], TranslationError> {
  return ensureResolved(volumesFrom, path).andThen((resolved) =>
    typeof resolved === "string" ? ok(resolved.split(",")) : stringList(resolved, path),
  );
}

/** A list of strings, copied; anything else is reported with its path. */
export function stringList(value: unknown, path: string): Result<string[], TranslationError> {
  if (!Array.isArray(value)) return err(invalidOption(path, `expected a list of strings, got ${pyTypeName(value)}`));
  const bad = value.findIndex((item) => typeof item !== "string");
  if (bad !== -1) return err(invalidOption(childPath(path, bad), `expected a string, got ${pyRepr(value[bad])}`));
  return ok([...(value as string[])]);
}
