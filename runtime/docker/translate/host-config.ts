import { err, ok, type Result } from "neverthrow";
import type { HostConfig } from "../../../dsl/options.ts";
import {
  convertDevices,
  convertDns,
  convertExtraHosts,
  convertLinks,
  convertLxcConf,
  convertVolumesFrom,
  stringList,
} from "./host-lists.ts";
import {
  convertLogConfig,
  convertRestartPolicy,
  convertUlimits,
  type EngineLogConfig,
  type EngineRestartPolicy,
  type EngineUlimit,
} from "./limits.ts";
import { parseBytes } from "./parse-bytes.ts";
import { convertPortBindings, type EnginePortBindings } from "./ports.ts";
import { pyStr, pyTypeName } from "./py-format.ts";
import { ensureResolved, type Resolved } from "./resolved.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";
import { convertVolumeBinds } from "./volumes.ts";

/** The Engine API `HostConfig` object berth sends (the fields docker-py 1.6 could set). */
export interface EngineHostConfig {
  Memory?: number;
  MemorySwap?: number;
  MemorySwappiness?: number;
  PidMode?: string;
  IpcMode?: string;
  Privileged?: boolean;
  OomKillDisable?: boolean;
  PublishAllPorts?: boolean;
  ReadonlyRootfs?: boolean;
  DnsSearch?: string[];
  NetworkMode?: string;
  RestartPolicy?: EngineRestartPolicy;
  CapAdd?: string[];
  CapDrop?: string[];
  Devices?: unknown[];
  GroupAdd?: string[];
  Dns?: string[];
  SecurityOpt?: string[];
  VolumesFrom?: string[];
  Binds?: string[];
  PortBindings?: EnginePortBindings;
  ExtraHosts?: string[];
  Links?: string[];
  LxcConf?: unknown[];
  CgroupParent?: string;
  Ulimits?: EngineUlimit[];
  LogConfig?: EngineLogConfig;
  CpuQuota?: number;
  CpuPeriod?: number;
}

/** Where each option came from, for error paths: a prefix, or a function of the option name. */
export type OptionPaths = string | ((key: keyof HostConfig) => string);

/**
 * docker-py 1.6's `Client.create_host_config(**options)` → the Engine's `HostConfig`, with
 * docker-py's rules for what is sent (truthy, or not None) and its messages, as docker-py sent it
 * to an engine of API ≥ 1.24 (the oldest berth speaks, so none of docker-py's version gates can
 * fail). `NetworkMode: "default"` is added when `network_mode` is not given (quirk 11; `""`
 * suppresses it), as docker-py did above API 1.19, so requests match it byte for byte; modern
 * engines read "default" as "bridge".
 *
 * ```ts
 * createHostConfig({ port_bindings: { 80: 8080 }, mem_limit: "64m" })
 * // ok({ Memory: 67108864, NetworkMode: "default", PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] } })
 * ```
 */
export function createHostConfig(
  hostOptions: HostConfig,
  paths: OptionPaths = "host_config",
): Result<EngineHostConfig, TranslationError> {
  const pathOf = typeof paths === "string" ? (key: string) => childPath(paths, key) : paths;
  for (const [key, value] of Object.entries(hostOptions)) {
    const r = ensureResolved(value, pathOf(key as keyof HostConfig));
    if (r.isErr()) return err(r.error);
  }
  // Every value was checked above.
  const o = hostOptions as Resolved<HostConfig>;
  const hc: EngineHostConfig = {};
  const at = (key: keyof HostConfig) => pathOf(key);
  const fail = (key: keyof HostConfig, message: string) => err(invalidOption(at(key), message));
  const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;
  const truthy = (v: unknown): boolean =>
    Array.isArray(v) ? v.length > 0 : typeof v === "object" && v !== null ? Object.keys(v).length > 0 : Boolean(v);

  if (given(o.mem_limit)) {
    const r = parseBytes(o.mem_limit, at("mem_limit"));
    if (r.isErr()) return err(r.error);
    hc.Memory = r.value;
  }
  if (given(o.memswap_limit)) {
    const r = parseBytes(o.memswap_limit, at("memswap_limit"));
    if (r.isErr()) return err(r.error);
    hc.MemorySwap = r.value;
  }
  if (given(o.mem_swappiness)) {
    if (!Number.isInteger(o.mem_swappiness)) {
      return fail(
        "mem_swappiness",
        `Invalid type for mem_swappiness param: expected int but found ${pyTypeName(o.mem_swappiness)}`,
      );
    }
    hc.MemorySwappiness = o.mem_swappiness;
  }
  if (given(o.pid_mode)) {
    if (o.pid_mode !== "host") return fail("pid_mode", `Invalid value for pid param: ${pyStr(o.pid_mode)}`);
    hc.PidMode = o.pid_mode;
  }
  if (truthy(o.ipc_mode)) hc.IpcMode = o.ipc_mode as string;
  if (o.privileged) hc.Privileged = true;
  if (o.oom_kill_disable) hc.OomKillDisable = true;
  if (o.publish_all_ports) hc.PublishAllPorts = true;
  if (given(o.read_only)) hc.ReadonlyRootfs = o.read_only;
  if (truthy(o.dns_search)) {
    const r = stringList(o.dns_search, at("dns_search"));
    if (r.isErr()) return err(r.error);
    hc.DnsSearch = r.value;
  }
  if (truthy(o.network_mode)) hc.NetworkMode = o.network_mode as string;
  else if (!given(o.network_mode)) hc.NetworkMode = "default";
  if (given(o.restart_policy)) {
    const r = convertRestartPolicy(o.restart_policy, at("restart_policy"));
    if (r.isErr()) return err(r.error);
    if (r.value !== undefined) hc.RestartPolicy = r.value;
  }
  for (const [key, field] of [
    ["cap_add", "CapAdd"],
    ["cap_drop", "CapDrop"],
  ] as const) {
    if (truthy(o[key])) {
      const r = stringList(o[key], at(key));
      if (r.isErr()) return err(r.error);
      hc[field] = r.value;
    }
  }
  if (truthy(o.devices)) {
    const r = convertDevices(o.devices as string[], at("devices"));
    if (r.isErr()) return err(r.error);
    hc.Devices = r.value;
  }
  if (truthy(o.group_add)) hc.GroupAdd = (o.group_add as readonly (string | number)[]).map(pyStr);
  if (given(o.dns)) {
    const r = convertDns(o.dns, at("dns"));
    if (r.isErr()) return err(r.error);
    hc.Dns = r.value;
  }
  if (given(o.security_opt)) {
    if (!Array.isArray(o.security_opt)) {
      return fail(
        "security_opt",
        `Invalid type for security_opt param: expected list but found ${pyTypeName(o.security_opt)}`,
      );
    }
    const r = stringList(o.security_opt, at("security_opt"));
    if (r.isErr()) return err(r.error);
    hc.SecurityOpt = r.value;
  }
  if (given(o.volumes_from)) {
    const r = convertVolumesFrom(o.volumes_from, at("volumes_from"));
    if (r.isErr()) return err(r.error);
    hc.VolumesFrom = r.value;
  }
  if (given(o.binds)) {
    const r = convertVolumeBinds(o.binds, at("binds"));
    if (r.isErr()) return err(r.error);
    hc.Binds = r.value;
  }
  if (given(o.port_bindings)) {
    const r = convertPortBindings(o.port_bindings, at("port_bindings"));
    if (r.isErr()) return err(r.error);
    hc.PortBindings = r.value;
  }
  if (given(o.extra_hosts)) {
    const r = convertExtraHosts(o.extra_hosts, at("extra_hosts"));
    if (r.isErr()) return err(r.error);
    hc.ExtraHosts = r.value;
  }
  if (given(o.links)) {
    const r = convertLinks(o.links, at("links"));
    if (r.isErr()) return err(r.error);
    hc.Links = r.value;
  }
  if (given(o.lxc_conf)) {
    const r = convertLxcConf(o.lxc_conf, at("lxc_conf"));
    if (r.isErr()) return err(r.error);
    hc.LxcConf = r.value;
  }
  if (given(o.cgroup_parent)) hc.CgroupParent = o.cgroup_parent;
  if (given(o.ulimits)) {
    const r = convertUlimits(o.ulimits, at("ulimits"));
    if (r.isErr()) return err(r.error);
    hc.Ulimits = r.value;
  }
  if (given(o.log_config)) {
    const r = convertLogConfig(o.log_config, at("log_config"));
    if (r.isErr()) return err(r.error);
    hc.LogConfig = r.value;
  }
  for (const [key, field] of [
    ["cpu_quota", "CpuQuota"],
    ["cpu_period", "CpuPeriod"],
  ] as const) {
    const value: unknown = o[key];
    if (!value) continue;
    if (!Number.isInteger(value))
      return fail(key, `Invalid type for ${key} param: expected int but found ${pyTypeName(value)}`);
    hc[field] = value as number;
  }
  return ok(hc);
}
