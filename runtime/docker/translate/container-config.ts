import { err, ok, type Result } from "neverthrow";
import type { ContainerConfig, ContainerStart, HostConfig } from "../../../dsl/options.ts";
import { setOwn } from "../../../dsl/own-key.ts";
import { convertEnvironment } from "./environment.ts";
import { convertHealthcheck, type EngineHealthcheck } from "./healthcheck.ts";
import { createHostConfig, type EngineHostConfig } from "./host-config.ts";
import { convertExposedPorts, type EngineExposedPorts } from "./ports.ts";
import { pyStr } from "./py-format.ts";
import { ensureResolved, type Resolved } from "./resolved.ts";
import { splitCommand } from "./split-command.ts";
import { childPath, invalidOption, type TranslationError } from "./translation-error.ts";
import { convertVolumes } from "./volumes.ts";

/**
 * The body of `POST /containers/create` (dockerode `createContainer(body)`), keyed like docker-py
 * 1.6's `create_container` body. `name` travels in the query (docker-modem copies it there).
 * Top-level keys that are absent were `None` in docker-py and dropped before sending (quirk 1).
 */
export type EngineContainerConfig = {
  Hostname?: string;
  Domainname?: string;
  ExposedPorts?: EngineExposedPorts;
  User?: string;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  Env?: string[];
  Cmd?: string[];
  Image: string;
  Volumes?: Record<string, Record<string, never>>;
  NetworkDisabled: boolean;
  Entrypoint?: string[];
  CpuShares?: number;
  Cpuset?: string;
  CpusetCpus?: string;
  WorkingDir?: string;
  HostConfig?: EngineHostConfig;
  MacAddress?: string;
  Labels?: Record<string, string>;
  VolumeDriver?: string;
  Healthcheck?: EngineHealthcheck;
  name?: string;
};

export interface CreateContainerConfigArgs {
  /** The image to run: `container_config.image` (a local image) or the one create imported/built. */
  readonly image: string;
  /** `container_config`; its `image` key is ignored (the caller chose `image`). */
  readonly config: ContainerConfig | Resolved<ContainerConfig>;
  /** `container_start`: docker-py `start()` options, merged into `HostConfig`. */
  readonly start?: ContainerStart | Resolved<ContainerStart>;
  /** berth's own labels (deployment, node, config hash); they win over `container_config.labels`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Container name; wins over `container_config.name`. */
  readonly name?: string;
}

// Host options that docker-py 1.6 accepted at the top level of create_container only below API
// 1.19 (memory) or 1.10 (dns, volumes_from); berth moves them into HostConfig.
const MOVABLE = ["mem_limit", "memswap_limit", "dns", "volumes_from"] as const;

/**
 * docker-py 1.6's `create_container(image, **container_config)` body as it sent it to an engine
 * of API ≥ 1.24 (the oldest berth speaks), with the start options folded into `HostConfig`
 * because that API rejects host config at start (policy (d)).
 *
 * - `HostConfig` = `createHostConfig` of `container_config.host_config` merged with
 *   `container_start`. **On a conflict `container_start` wins**: on the engines docker-py 1.6
 *   targeted, start replaced the host config given at create, so that was the effective value.
 *   `HostConfig` is sent only when some host option was given (otherwise docker-py sent none).
 * - `mem_limit`, `memswap_limit`, `dns`, `volumes_from` at the top level of `container_config`:
 *   docker-py raised InvalidVersion at these APIs; berth moves them into `HostConfig` instead,
 *   unless `host_config` or `container_start` sets the same option (those win).
 * - `command`/`entrypoint` strings are split like a POSIX shell (`splitCommand`); `user: 0` is
 *   sent as `"0"` (docker-py dropped it); `labels` are merged with berth's, berth's winning.
 * - `healthcheck` (berth's extension, docker-py 2's keys) becomes `Healthcheck`, durations in ns.
 *
 * ```ts
 * createContainerConfig({ image: "busybox", config: { command: "true" } })
 * // ok({ Tty: false, OpenStdin: false, StdinOnce: false, AttachStdin: false, AttachStdout: true,
 * //      AttachStderr: true, Cmd: ["true"], Image: "busybox", NetworkDisabled: false })
 * ```
 */
export function createContainerConfig(
  args: CreateContainerConfigArgs,
): Result<EngineContainerConfig, TranslationError> {
  const configR = ensureResolved(args.config, "container_config");
  if (configR.isErr()) return err(configR.error);
  const startR = ensureResolved(args.start ?? {}, "container_start");
  if (startR.isErr()) return err(startR.error);
  const c = configR.value as Resolved<ContainerConfig>;
  const start = startR.value as Resolved<ContainerStart>;
  const given = (v: unknown) => v !== null && v !== undefined;
  const at = (key: string) => childPath("container_config", key);

  // Host options and where each came from: moved top-level keys < host_config < container_start.
  const hostOptions: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  const put = (options: object | null | undefined, prefix: string) => {
    for (const [key, value] of Object.entries(options ?? {})) {
      if (!given(value)) continue;
      hostOptions[key] = value;
      source[key] = childPath(prefix, key);
    }
  };
  const moved: Partial<Record<(typeof MOVABLE)[number], unknown>> = {};
  for (const key of MOVABLE) {
    // An empty volumes_from list counts as not given (docker-py forced it to None).
    const value = key === "volumes_from" && !isNonEmpty(c.volumes_from) ? undefined : c[key];
    if (given(value)) moved[key] = value;
  }
  put(moved, "container_config");
  put(c.host_config, "container_config.host_config");
  put(start, "container_start");
  const hostGiven = given(c.host_config) || Object.values(start).some(given) || Object.keys(moved).length > 0;
  let hostConfig: EngineHostConfig | undefined;
  if (hostGiven) {
    const r = createHostConfig(hostOptions as HostConfig, (key) => source[key] ?? at(key));
    if (r.isErr()) return err(r.error);
    hostConfig = r.value;
  }

  const body: EngineContainerConfig = {
    Tty: c.tty ?? false,
    OpenStdin: c.stdin_open ?? false,
    StdinOnce: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Image: args.image,
    NetworkDisabled: c.network_disabled ?? false,
  };
  if (!c.detach) {
    body.AttachStdout = true;
    body.AttachStderr = true;
    if (c.stdin_open) {
      body.AttachStdin = true;
      body.StdinOnce = true;
    }
  }
  if (given(c.hostname)) body.Hostname = c.hostname;
  if (given(c.domainname)) body.Domainname = c.domainname;
  if (given(c.ports)) {
    const r = convertExposedPorts(c.ports as NonNullable<ContainerConfig["ports"]>, at("ports"));
    if (r.isErr()) return err(r.error);
    body.ExposedPorts = r.value;
  }
  // The engine publishes only exposed ports: a binding for a port that neither `ports` nor the
  // image exposes is dropped without a word. As `docker run -p` does, a bound port is exposed too
  // (DEVIATIONS.md).
  const unexposed = Object.keys(hostConfig?.PortBindings ?? {}).filter((port) => !body.ExposedPorts?.[port]);
  if (unexposed.length > 0) {
    body.ExposedPorts = { ...body.ExposedPorts, ...Object.fromEntries(unexposed.map((port) => [port, {}])) };
  }
  // docker-py: str(user) if user else None; berth keeps user 0 as "0" (root by uid).
  if (given(c.user) && c.user !== "") body.User = pyStr(c.user);
  if (given(c.environment)) {
    const r = convertEnvironment(c.environment as NonNullable<ContainerConfig["environment"]>, at("environment"));
    if (r.isErr()) return err(r.error);
    body.Env = r.value;
  }
  for (const key of ["command", "entrypoint"] as const) {
    const value = c[key];
    if (!given(value)) continue;
    const r = splitCommand(value as string | string[], at(key));
    if (r.isErr()) return err(r.error);
    body[key === "command" ? "Cmd" : "Entrypoint"] = r.value;
  }
  if (given(c.volumes)) {
    const r = convertVolumes(c.volumes as NonNullable<ContainerConfig["volumes"]>, at("volumes"));
    if (r.isErr()) return err(r.error);
    body.Volumes = r.value;
  }
  if (given(c.cpu_shares)) body.CpuShares = c.cpu_shares;
  if (given(c.cpuset)) {
    body.Cpuset = c.cpuset;
    body.CpusetCpus = c.cpuset;
  }
  if (given(c.working_dir)) body.WorkingDir = c.working_dir;
  if (given(c.mac_address)) body.MacAddress = c.mac_address;

  if (hostConfig !== undefined) body.HostConfig = hostConfig;

  const labels = convertLabels(c.labels, args.labels);
  if (labels.isErr()) return err(labels.error);
  if (labels.value !== undefined) body.Labels = labels.value;
  if (given(c.volume_driver)) body.VolumeDriver = c.volume_driver;
  if (given(c.healthcheck)) {
    const r = convertHealthcheck(c.healthcheck as NonNullable<typeof c.healthcheck>, at("healthcheck"));
    if (r.isErr()) return err(r.error);
    body.Healthcheck = r.value;
  }
  const name = args.name ?? c.name;
  if (given(name)) body.name = name;
  return ok(body);
}

function isNonEmpty(value: unknown): boolean {
  return typeof value === "string" ? value !== "" : Array.isArray(value) && value.length > 0;
}

function convertLabels(
  labels: Resolved<ContainerConfig>["labels"],
  berthLabels: Readonly<Record<string, string>> | undefined,
): Result<Record<string, string> | undefined, TranslationError> {
  const path = "container_config.labels";
  if ((labels === undefined || labels === null) && berthLabels === undefined) return ok(undefined);
  const own: Record<string, string> = {};
  if (Array.isArray(labels)) {
    for (const [i, label] of (labels as readonly unknown[]).entries()) {
      if (typeof label !== "string") return err(invalidOption(childPath(path, i), "expected a label name"));
      setOwn(own, label, "");
    }
  } else if (typeof labels === "object" && labels !== null) {
    for (const [key, value] of Object.entries(labels)) setOwn(own, key, pyStr(value));
  }
  return ok({ ...own, ...berthLabels });
}
