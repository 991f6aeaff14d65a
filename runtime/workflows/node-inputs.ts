/**
 * A container node's model (dsl/node-model.ts) with every intrinsic resolved, the configure
 * environment merged, and its config hash: everything a workflow decides with, computed without
 * side effects.
 */
import { err, ok, type Result } from "neverthrow";
import { formatIssues } from "../../dsl/issues.ts";
import type {
  ContainerConfigInput,
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  DaemonClient,
  ImageBuild,
  ImageImport,
  Plan,
  ProcessesToWaitFor,
  Readiness,
} from "../../dsl/mod.ts";
import { type ContainerNodeModel, fromPlanNode } from "../../dsl/node-model.ts";
import { readinessSchema } from "../../dsl/options.ts";
import { setOwn } from "../../dsl/own-key.ts";
import { fromZodIssues } from "../../dsl/zod-issues.ts";
import { configDigest, configHash, type HashedConfig } from "../config-hash.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { mergeDockerEnvVar } from "../env-merge.ts";
import { berthError } from "../errors.ts";
import { type Inputs, type ResolveError, type ResolveScope, resolveValue } from "../resolve.ts";
import type { Teardown } from "../state/deployment-state.ts";

/** The node's image source, resolved: exactly one of import, build or a local image. */
export type ResolvedImageSource =
  | { readonly kind: "import"; readonly image_import: Resolved<ImageImport> }
  | { readonly kind: "build"; readonly image_build: Resolved<ImageBuild> }
  | { readonly kind: "local"; readonly image: string };

export interface NodeInputs {
  readonly name: string;
  readonly daemonClient: Resolved<DaemonClient>;
  readonly image: ResolvedImageSource;
  /** container_config without `image`, resolved; configure merges docker_env_var itself. */
  readonly containerConfig: Resolved<ContainerConfigInput>;
  /** The same after the docker_env_var merge: what the container gets. */
  readonly effectiveConfig: Resolved<ContainerConfigInput>;
  readonly start?: {
    readonly containerStart: Resolved<ContainerStart>;
    readonly processesToWaitFor?: Resolved<ProcessesToWaitFor>;
    /** When the node counts as done; not part of the config hash (it does not change the container). */
    readonly readiness?: Resolved<Readiness>;
  };
  /** The stop operation's container_stop. */
  readonly containerStop: Resolved<ContainerStop>;
  /** The delete operation's own inputs: its container_stop is used when it finds the container running. */
  readonly delete: {
    readonly containerStop: Resolved<ContainerStop>;
    readonly containerRemove: Resolved<ContainerRemove>;
  };
  readonly dockerEnvVar?: Readonly<Record<string, unknown>>;
}

export interface InputsScope {
  readonly plan: Plan;
  readonly inputs: Inputs;
  readonly attributes: ResolveScope["attributes"];
}

/** Resolves a container node's inputs; `undefined` for a node without operations. */
export function nodeInputs(
  name: string,
  scope: InputsScope,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): Result<NodeInputs | undefined, ResolveError> {
  const planNode = scope.plan.nodes[name];
  if (planNode === undefined) return ok(undefined);
  const model = fromPlanNode(planNode);
  if (model.kind === "plain") return ok(undefined);
  return resolveModel(name, model, { ...scope, self: name }, dockerEnvVar);
}

function resolveModel(
  name: string,
  model: ContainerNodeModel,
  scope: ResolveScope,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): Result<NodeInputs, ResolveError> {
  const at = `nodes.${name}`;
  // Every operation carries the node's one daemon; configure's path names it in messages.
  const resolve = <T>(value: unknown, path: string, fullPath = `${at}.${path}`): Result<Resolved<T>, ResolveError> =>
    resolveValue(value, scope, fullPath).map((v) => v as Resolved<T>);
  const start = model.start;
  return allOk({
    daemonClient: resolve<DaemonClient>(model.daemon_client, "configure.daemon_client"),
    image: resolveImage(model, resolve),
    containerConfig: resolve<ContainerConfigInput>(model.config, "configure.container_config"),
    containerStart:
      start === undefined ? none : resolve<ContainerStart>(start.container_start, "start.container_start"),
    processesToWaitFor:
      start?.processes_to_wait_for === undefined
        ? none
        : resolve<ProcessesToWaitFor>(start.processes_to_wait_for, "start.processes_to_wait_for"),
    readiness:
      start?.readiness === undefined
        ? none
        : resolve<Readiness>(start.readiness, "start.readiness").andThen((r) => checkedReadiness(name, r)),
    containerStop: resolve<ContainerStop>(model.stop, "stop.container_stop"),
    deleteStop: resolve<ContainerStop>(model.delete.container_stop, "delete.container_stop"),
    containerRemove: resolve<ContainerRemove>(model.delete.container_remove, "delete.container_remove"),
    env:
      dockerEnvVar === undefined
        ? none
        : resolve<Readonly<Record<string, unknown>>>(dockerEnvVar, "", `runtimeProperties.${name}.docker_env_var`),
  }).map(
    (r): NodeInputs => ({
      name,
      daemonClient: r.daemonClient,
      image: r.image,
      containerConfig: r.containerConfig,
      effectiveConfig: effectiveContainerConfig(r.containerConfig, r.env),
      ...(r.containerStart !== undefined && {
        start: {
          containerStart: r.containerStart,
          ...(r.processesToWaitFor !== undefined && { processesToWaitFor: r.processesToWaitFor }),
          ...(r.readiness !== undefined && { readiness: r.readiness }),
        },
      }),
      containerStop: r.containerStop,
      delete: { containerStop: r.deleteStop, containerRemove: r.containerRemove },
      ...(r.env !== undefined && { dockerEnvVar: r.env }),
    }),
  );
}

/** What up records of a node for down, status and logs (see Teardown): never container_config. */
export const teardownOf = (inputs: NodeInputs): Teardown => ({
  daemon_client: inputs.daemonClient,
  stop: { container_stop: inputs.containerStop },
  delete: { container_stop: inputs.delete.containerStop, container_remove: inputs.delete.containerRemove },
  local_image: inputs.image.kind === "local",
  ...waitsOf(inputs.start),
});

/** The start's waits as Teardown records them; nothing when the start has none. */
const waitsOf = (start: NodeInputs["start"]): Pick<Teardown, "waits"> =>
  start?.processesToWaitFor === undefined && start?.readiness === undefined
    ? {}
    : {
        waits: {
          ...(start.processesToWaitFor !== undefined && { processes_to_wait_for: start.processesToWaitFor }),
          ...(start.readiness !== undefined && { readiness: start.readiness }),
        },
      };

/**
 * Resolves only what down, status and logs need of a container node (its daemon, stop and
 * delete options), so an input used elsewhere (say in container_config) needs no value;
 * `undefined` for a node without operations.
 */
export function teardownOptions(name: string, scope: InputsScope): Result<Teardown | undefined, ResolveError> {
  const planNode = scope.plan.nodes[name];
  if (planNode === undefined) return ok(undefined);
  const model = fromPlanNode(planNode);
  if (model.kind === "plain") return ok(undefined);
  const at = `nodes.${name}`;
  const resolveScope: ResolveScope = { ...scope, self: name };
  const resolve = <T>(value: unknown, path: string): Result<Resolved<T>, ResolveError> =>
    resolveValue(value, resolveScope, `${at}.${path}`).map((v) => v as Resolved<T>);
  return allOk({
    daemonClient: resolve<DaemonClient>(model.daemon_client, "configure.daemon_client"),
    containerStop: resolve<ContainerStop>(model.stop, "stop.container_stop"),
    deleteStop: resolve<ContainerStop>(model.delete.container_stop, "delete.container_stop"),
    containerRemove: resolve<ContainerRemove>(model.delete.container_remove, "delete.container_remove"),
  }).map(
    (r): Teardown => ({
      daemon_client: r.daemonClient,
      stop: { container_stop: r.containerStop },
      delete: { container_stop: r.deleteStop, container_remove: r.containerRemove },
      local_image: model.image.kind === "local",
      // Status probes these; a wait that needs an input not given is left out (status: unknown).
      ...waitsOf({
        containerStart: {},
        ...okOrNothing(
          "processesToWaitFor",
          resolve<ProcessesToWaitFor>(model.start?.processes_to_wait_for, "start.processes_to_wait_for"),
        ),
        ...okOrNothing("readiness", resolve<Readiness>(model.start?.readiness, "start.readiness")),
      }),
    }),
  );
}

/** `{ [key]: value }` for a resolved value, `{}` for none or a failure. */
function okOrNothing<K extends string, T>(key: K, r: Result<T | undefined, unknown>): { [P in K]?: T } {
  return r.isOk() && r.value !== undefined ? ({ [key]: r.value } as { [P in K]?: T }) : {};
}

/**
 * A readiness whose intrinsics gave values of the wrong kind (`tcp: { get_input: port }` with
 * port "abc") is refused with the plan's own messages, before anything is probed.
 */
function checkedReadiness(name: string, readiness: Resolved<Readiness>): Result<Resolved<Readiness>, ResolveError> {
  const parsed = readinessSchema.safeParse(readiness);
  if (parsed.success) return ok(readiness);
  const at = ["nodes", name, "start", "readiness"];
  const issues = fromZodIssues({ nodes: { [name]: { start: { readiness } } } }, parsed.error.issues, at);
  return err(
    berthError("InvalidPlan", `invalid readiness once its inputs are resolved: ${formatIssues(issues)}`, { issues }),
  );
}

type OkOf<R> = R extends Result<infer V, ResolveError> ? V : never;

/** Every part's value, or the first part's error. */
function allOk<T extends Record<string, Result<unknown, ResolveError>>>(
  parts: T,
): Result<{ readonly [K in keyof T]: OkOf<T[K]> }, ResolveError> {
  const values: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(parts)) {
    if (part.isErr()) return err(part.error);
    setOwn(values, key, part.value);
  }
  return ok(values as { readonly [K in keyof T]: OkOf<T[K]> });
}

const none = ok<undefined, ResolveError>(undefined);

type Resolver = <T>(value: unknown, path: string) => Result<Resolved<T>, ResolveError>;

/** Each image source resolves its own inputs; kind-keyed, so a new source does not compile until handled. */
const imageResolvers: {
  readonly [K in ContainerNodeModel["image"]["kind"]]: (
    source: Extract<ContainerNodeModel["image"], { kind: K }>,
    resolve: Resolver,
  ) => Result<ResolvedImageSource, ResolveError>;
} = {
  import: (s, resolve) =>
    resolve<ImageImport>(s.image_import, "create.image_import").map((image_import) => ({
      kind: "import",
      image_import,
    })),
  build: (s, resolve) =>
    resolve<ImageBuild>(s.image_build, "create.image_build").map((image_build) => ({ kind: "build", image_build })),
  local: (s, resolve) =>
    resolve<string>(s.image, "configure.container_config.image").map((image) => ({ kind: "local", image })),
};

const resolveImage = (model: ContainerNodeModel, resolve: Resolver): Result<ResolvedImageSource, ResolveError> =>
  imageResolvers[model.image.kind](model.image as never, resolve);

/** The container_config configure will use: docker_env_var merged (explicit entries win). */
export function effectiveContainerConfig(
  config: Resolved<ContainerConfigInput>,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): Resolved<ContainerConfigInput> {
  const environment = mergeDockerEnvVar(config.environment, dockerEnvVar);
  return (environment === undefined ? config : { ...config, environment }) as Resolved<ContainerConfigInput>;
}

/** The hash that says whether a node's container is still the right one, and its digest per option path. */
export function nodeConfig(
  inputs: NodeInputs,
  localImageId?: string,
): { readonly hash: string; readonly digest: Readonly<Record<string, string>> } {
  const config = hashedConfig(inputs, localImageId);
  return { hash: configHash(config), digest: configDigest(config) };
}

function hashedConfig(inputs: NodeInputs, localImageId?: string): HashedConfig {
  const { image } = inputs;
  const config: HashedConfig = {
    daemon_client: inputs.daemonClient,
    create:
      image.kind === "local"
        ? undefined
        : {
            image_import: image.kind === "import" ? image.image_import : undefined,
            image_build: image.kind === "build" ? image.image_build : undefined,
          },
    container_config: inputs.effectiveConfig,
    container_start: inputs.start?.containerStart,
    ...(localImageId !== undefined && { localImageId }),
  };
  return config;
}
