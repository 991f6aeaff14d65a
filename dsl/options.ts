/**
 * The plugin's option dictionaries, with docker-py 1.6's parameter names and value shapes
 * (shared/reference/docker-py-mapping.md). Each schema is strict: an unknown key is a problem.
 * Every field also accepts an intrinsic (`get_input`, `get_attribute`, `get_property`),
 * resolved by the runtime before the dictionary reaches Docker.
 *
 * The TypeScript types are inferred from these schemas, so the checker and the types cannot
 * drift apart.
 */
import { z } from "zod";
import { checkVersionOption } from "./api-version.ts";

const getInput = z.strictObject({ get_input: z.string().min(1) });
const path = z.tuple([z.string().min(1), z.string().min(1)], z.union([z.string(), z.number().int()])).readonly();
const getAttribute = z.strictObject({ get_attribute: path });
const getProperty = z.strictObject({ get_property: path });
/** Marks the intrinsic branch of a union, so error reports can leave it out when no intrinsic was meant. */
export const INTRINSIC_BRANCH = "an intrinsic ({ get_input }, { get_attribute }, { get_property })";
export const intrinsicSchema = z.union([getInput, getAttribute, getProperty], { error: () => INTRINSIC_BRANCH });

/** A field that may also be an intrinsic. */
const v = <T extends z.ZodType>(schema: T) => z.union([schema, intrinsicSchema]);

export const jsonValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

const portNumber = z.number().int().min(1, "a port is between 1 and 65535").max(65535, "a port is between 1 and 65535");
// "8080", "8080/udp", "8000-8010": the engine expands ranges itself.
const portSpec = z
  .string()
  .regex(/^\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/, {
    message: "expected a port such as 8080, 8080/udp or 8000-8010",
    abort: true,
  })
  .refine(
    (spec) =>
      spec
        .split("/")[0]!
        .split("-")
        .every((p) => Number(p) >= 1 && Number(p) <= 65535),
    "a port is between 1 and 65535",
  );
// 0, "" and null (in a binding) let the engine choose a free host port, as `docker run -p 127.0.0.1:0:80` does.
const hostPort = z.union([z.literal(0), portNumber, portSpec, z.literal("")]);
const stringList = z.array(v(z.string()));
const stringOrList = z.union([z.string(), stringList]);
const bytes = z.union([z.number().int(), z.string()]);
const scalarEnv = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One host-side binding of a container port (docker-py 1.6, without tuples). */
export const portBindingSchema = z.union([
  z.null(),
  hostPort,
  z.strictObject({ HostIp: v(z.string()).optional(), HostPort: v(hostPort) }),
  intrinsicSchema,
]);

/** `binds` value: `"/ctr"` or `{ bind, ro?, mode? }` (docker-py's dict form). */
const bindTarget = z.union([
  z.string(),
  z
    .strictObject({ bind: v(z.string()), ro: v(z.boolean()).optional(), mode: v(z.string()).optional() })
    .refine((b) => b.ro === undefined || b.mode === undefined, "give either ro or mode, not both"),
]);

const ulimit = z.strictObject({
  name: v(z.string()).optional(),
  soft: v(z.number().int()).optional(),
  hard: v(z.number().int()).optional(),
  Name: v(z.string()).optional(),
  Soft: v(z.number().int()).optional(),
  Hard: v(z.number().int()).optional(),
});

/**
 * `create_host_config` parameters: the host side of a container. Given to `start`
 * (`container_start`, docker-py's `start` subset) or as `container_config.host_config` (all).
 */
const startFields = {
  binds: v(z.union([z.record(z.string(), v(bindTarget)), stringList])),
  port_bindings: v(z.record(portSpec, v(z.union([portBindingSchema, z.array(portBindingSchema)])))),
  lxc_conf: v(z.union([z.record(z.string(), jsonValueSchema), z.array(jsonValueSchema)])),
  publish_all_ports: v(z.boolean()),
  links: v(z.union([z.record(z.string(), v(z.string())), z.array(z.tuple([v(z.string()), v(z.string())]))])),
  privileged: v(z.boolean()),
  dns: v(stringOrList),
  dns_search: v(stringList),
  volumes_from: v(stringOrList),
  network_mode: v(z.string()),
  restart_policy: v(
    z.strictObject({
      Name: v(z.enum(["", "no", "always", "unless-stopped", "on-failure"])),
      MaximumRetryCount: v(z.number().int().min(0)).optional(),
    }),
  ),
  cap_add: v(stringList),
  cap_drop: v(stringList),
  devices: v(stringList),
  extra_hosts: v(z.union([z.record(z.string(), v(z.string())), stringList])),
  read_only: v(z.boolean()),
  pid_mode: v(z.enum(["host"])),
  ipc_mode: v(z.string()),
  security_opt: v(stringList),
  ulimits: v(z.array(v(ulimit))),
};

export const containerStartSchema = z.strictObject(
  Object.fromEntries(Object.entries(startFields).map(([k, s]) => [k, s.optional()])) as {
    [K in keyof typeof startFields]: z.ZodOptional<(typeof startFields)[K]>;
  },
);

export const hostConfigSchema = containerStartSchema.extend({
  log_config: v(
    z.strictObject({ type: v(z.string()), config: v(z.record(z.string(), v(z.string()))).optional() }),
  ).optional(),
  mem_limit: v(bytes).optional(),
  memswap_limit: v(bytes).optional(),
  cgroup_parent: v(z.string()).optional(),
  group_add: v(z.array(v(z.union([z.string(), z.number().int()])))).optional(),
  cpu_quota: v(z.number().int()).optional(),
  cpu_period: v(z.number().int()).optional(),
  mem_swappiness: v(z.number().int().min(0).max(100)).optional(),
  oom_kill_disable: v(z.boolean()).optional(),
});

/**
 * A duration of the engine's healthcheck: integer nanoseconds (docker-py 2's unit) or a Go
 * duration string as the docker CLI and compose take it (`"500ms"`, `"30s"`, `"1m30s"`).
 */
const goDuration = z
  .string()
  .regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, "a duration is nanoseconds or a string such as 500ms, 30s or 1m30s");
const healthDuration = z.union([z.number().int().min(0), goDuration]);
const HEALTHCHECK_TYPES = ["CMD", "CMD-SHELL", "NONE"];

/**
 * `container_config.healthcheck`: the engine's own healthcheck (Engine API 1.24+, `Config.Healthcheck`),
 * with docker-py 2's keys. docker-py 1.6 had no such option: this is a berth extension
 * (runtime/docker/translate/DEVIATIONS.md). A string `test` runs with the container's shell
 * (`CMD-SHELL`); a list starts with `CMD`, `CMD-SHELL` or `NONE`.
 */
export const healthcheckSchema = z.strictObject({
  test: v(
    z.union([
      z.string().min(1),
      z
        .array(v(z.string()))
        .min(1)
        .refine(
          (list) => typeof list[0] !== "string" || HEALTHCHECK_TYPES.includes(list[0]),
          `a test list starts with ${HEALTHCHECK_TYPES.map((t) => `"${t}"`).join(", ")} (a string runs with the shell, as CMD-SHELL)`,
        ),
    ]),
  ),
  interval: v(healthDuration).optional(),
  timeout: v(healthDuration).optional(),
  retries: v(z.number().int().min(0)).optional(),
  start_period: v(healthDuration).optional(),
});

/** `create_container` parameters. `image` comes from create, or from `.image(ref)`. */
export const containerConfigSchema = z.strictObject({
  command: v(z.union([z.string(), stringList])),
  image: v(z.string().min(1)).optional(),
  hostname: v(z.string()).optional(),
  user: v(z.union([z.string(), z.number().int().min(0)])).optional(),
  detach: v(z.boolean()).optional(),
  stdin_open: v(z.boolean()).optional(),
  tty: v(z.boolean()).optional(),
  mem_limit: v(bytes).optional(),
  ports: v(z.array(v(z.union([portNumber, portSpec])))).optional(),
  environment: v(z.union([z.record(z.string(), v(scalarEnv)), stringList])).optional(),
  dns: v(stringOrList).optional(),
  volumes: v(stringOrList).optional(),
  volumes_from: v(stringOrList).optional(),
  network_disabled: v(z.boolean()).optional(),
  name: v(
    z.string().regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, "a container name is [a-zA-Z0-9][a-zA-Z0-9_.-]+"),
  ).optional(),
  entrypoint: v(z.union([z.string(), stringList])).optional(),
  cpu_shares: v(z.number().int().min(0)).optional(),
  working_dir: v(z.string()).optional(),
  domainname: v(z.string()).optional(),
  memswap_limit: v(bytes).optional(),
  cpuset: v(z.string()).optional(),
  host_config: v(hostConfigSchema).optional(),
  mac_address: v(z.string()).optional(),
  labels: v(z.union([z.record(z.string(), v(z.string())), stringList])).optional(),
  volume_driver: v(z.string()).optional(),
  healthcheck: v(healthcheckSchema).optional(),
});

/** `import_image` parameters: `src` is a URL or a path to a tarball on the machine running berth. */
export const imageImportSchema = z.strictObject({
  src: v(z.string().min(1)),
  repository: v(z.string()).optional(),
  tag: v(z.string()).optional(),
});

/** `build` parameters. `fileobj` and `custom_context` are not supported, as in the plugin. */
export const imageBuildSchema = z.strictObject({
  path: v(z.string().min(1)),
  tag: v(z.string()).optional(),
  quiet: v(z.boolean()).optional(),
  nocache: v(z.boolean()).optional(),
  rm: v(z.boolean()).optional(),
  stream: v(z.boolean()).optional(),
  timeout: v(z.number().positive()).optional(),
  encoding: v(z.string()).optional(),
  pull: v(z.boolean()).optional(),
  forcerm: v(z.boolean()).optional(),
  dockerfile: v(z.string()).optional(),
  decode: v(z.boolean()).optional(),
  container_limits: v(
    z.strictObject({
      memory: v(bytes).optional(),
      memswap: v(bytes).optional(),
      cpushares: v(z.number().int()).optional(),
      cpusetcpus: v(z.string()).optional(),
    }),
  ).optional(),
});

export const containerStopSchema = z.strictObject({
  timeout: v(z.number().int().min(0)).optional(),
});

export const containerRemoveSchema = z.strictObject({
  v: v(z.boolean()).optional(),
  link: v(z.boolean()).optional(),
  force: v(z.boolean()).optional(),
  remove_image: v(z.boolean()).optional(),
});

/** docker-py's `TLSConfig`, as `daemon_client.tls` takes it. */
export const tlsConfigSchema = z.strictObject({
  client_cert: v(
    z.union([z.tuple([z.string(), z.string()]), z.strictObject({ cert: z.string(), key: z.string() })]),
  ).optional(),
  ca_cert: v(z.string()).optional(),
  verify: v(z.union([z.boolean(), z.string()])).optional(),
  assert_hostname: v(z.union([z.boolean(), z.string()])).optional(),
  ssl_version: v(z.string()).optional(),
});

/**
 * berth's own, for `ssh://` addresses (docker-py reads ~/.ssh/config instead): the key to log in
 * with, the known_hosts file, and whether a host never seen before is accepted and recorded.
 */
export const sshConfigSchema = z.strictObject({
  identity_file: v(z.string().min(1)).optional(),
  known_hosts: v(z.string().min(1)).optional(),
  accept_new_host_key: v(z.boolean()).optional(),
});

// "auto", or an Engine API version berth speaks: "1.23" is refused here, not by the engine.
const apiVersionOption = z.string().superRefine((version, ctx) => {
  const checked = checkVersionOption(version);
  if (checked.isErr()) ctx.addIssue({ code: "custom", message: checked.error });
});

/** docker-py `Client(...)` parameters: which daemon a node's operations talk to. */
export const daemonClientSchema = z.strictObject({
  base_url: v(z.string()).optional(),
  version: v(apiVersionOption).optional(),
  timeout: v(z.number().positive()).optional(),
  tls: v(z.union([z.boolean(), tlsConfigSchema])).optional(),
  ssh: v(sshConfigSchema).optional(),
});

/** The run task's optional wait for processes inside the container (plugin §1.3). */
export const processesToWaitForSchema = z.strictObject({
  process_names: v(z.array(v(z.string().min(1))).min(1)),
  wait_for_time_secs: v(z.number().min(0)).optional(),
  interval: v(z.number().positive()).optional(),
});

/**
 * How a probe matches text (a log line, an HTTP body): a string is found anywhere in it; `regex`
 * is an ECMAScript regular expression, with optional `flags` (`i`, `m`, `s`, `u`).
 */
const textMatch = z.union([
  z.string().min(1),
  z
    .strictObject({
      regex: z.string().min(1),
      flags: z
        .string()
        .regex(/^(?!.*(.).*\1)[imsu]*$/, "flags are some of i, m, s, u, each at most once")
        .optional(),
    })
    .refine((m) => compiles(m.regex, m.flags), { message: "not a valid regular expression", path: ["regex"] }),
]);

const compiles = (source: string, flags?: string): boolean => {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
};

/** The HTTP probe: a request from the host that must answer `status` (default 200), and `body` if given. */
export const httpProbeSchema = z.strictObject({
  port: v(portNumber),
  path: v(z.string().startsWith("/", "a path starts with /")).optional(),
  status: v(z.number().int().min(100).max(599)).optional(),
  body: v(textMatch).optional(),
});

/** The probe keys of `readiness`, one of which a node gives. */
export const probeKeys = ["tcp", "http", "log", "healthy", "exit_code"] as const;
export type ProbeKey = (typeof probeKeys)[number];

/**
 * The start operation's `readiness` (berth's extension; the plugin's tasks take `**kwargs`, so a
 * Cloudify Manager ignores it): one probe, and how long and how often to try it. `up` starts a
 * node's dependents only once the probe passes.
 */
export const readinessSchema = z
  .strictObject({
    /** A TCP port of the container that accepts a connection. */
    tcp: v(portNumber).optional(),
    http: v(httpProbeSchema).optional(),
    /** A line of the container's log (stdout and stderr) that matches. */
    log: v(textMatch).optional(),
    /** The engine's healthcheck reports `healthy`. */
    healthy: v(z.literal(true, "healthy: true waits for the engine's healthcheck")).optional(),
    /** A one-shot job: the container exits with this code. */
    exit_code: v(z.number().int().min(0).max(255)).optional(),
    /** Seconds to wait in all (default 60). */
    timeout: v(z.number().positive()).optional(),
    /** Seconds between attempts (default 1). */
    interval: v(z.number().positive()).optional(),
  })
  .superRefine((r, ctx) => {
    const given = probeKeys.filter((k) => r[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          given.length === 0
            ? `readiness needs one probe: ${probeKeys.join(", ")}`
            : `readiness takes one probe, got ${given.join(" and ")}`,
      });
    }
  });

/** Every option dictionary's schema, by the name it goes under in an operation's inputs. */
export const optionDictionarySchemas = {
  daemon_client: daemonClientSchema,
  image_import: imageImportSchema,
  image_build: imageBuildSchema,
  container_config: containerConfigSchema,
  container_start: containerStartSchema,
  host_config: hostConfigSchema,
  container_stop: containerStopSchema,
  container_remove: containerRemoveSchema,
  processes_to_wait_for: processesToWaitForSchema,
  readiness: readinessSchema,
  healthcheck: healthcheckSchema,
  http: httpProbeSchema,
} as const satisfies Record<string, z.ZodObject>;

export type ContainerConfig = z.infer<typeof containerConfigSchema>;
export type ContainerStart = z.infer<typeof containerStartSchema>;
export type HostConfig = z.infer<typeof hostConfigSchema>;
export type ImageImport = z.infer<typeof imageImportSchema>;
export type ImageBuild = z.infer<typeof imageBuildSchema>;
export type ContainerStop = z.infer<typeof containerStopSchema>;
export type ContainerRemove = z.infer<typeof containerRemoveSchema>;
export type DaemonClient = z.infer<typeof daemonClientSchema>;
export type ProcessesToWaitFor = z.infer<typeof processesToWaitForSchema>;
export type PortBinding = z.infer<typeof portBindingSchema>;
export type Healthcheck = z.infer<typeof healthcheckSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
export type HttpProbe = z.infer<typeof httpProbeSchema>;
