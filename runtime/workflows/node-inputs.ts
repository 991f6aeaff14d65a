/**
 * A container node's operation inputs with every intrinsic resolved, the configure environment
 * merged, and its config hash: everything a workflow decides with, computed without side effects.
 */
import { err, ok, type Result } from "neverthrow";
import type {
  ContainerConfig,
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  CreateInputs,
  DaemonClient,
  Plan,
  PlanNode,
  ProcessesToWaitFor,
} from "../../dsl/mod.ts";
import { configHash, type HashedConfig } from "../config-hash.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { type Inputs, type ResolveScope, resolveValue } from "../resolve.ts";
import { effectiveContainerConfig } from "../tasks/configure.ts";
import type { BerthError } from "../types.ts";

export interface NodeInputs {
  readonly name: string;
  readonly daemonClient: Resolved<DaemonClient>;
  readonly create?: Resolved<CreateInputs>;
  /** container_config as the plan gives it (resolved); configure merges docker_env_var itself. */
  readonly containerConfig: Resolved<ContainerConfig>;
  /** The same after the docker_env_var merge, without `image`: what the container gets. */
  readonly effectiveConfig: Resolved<ContainerConfig>;
  /** `.image(ref)`: the image configure uses as is (using_local_image). */
  readonly localImage?: string;
  readonly start?: {
    readonly containerStart: Resolved<ContainerStart>;
    readonly processesToWaitFor?: Resolved<ProcessesToWaitFor>;
  };
  readonly containerStop: Resolved<ContainerStop>;
  readonly containerRemove: Resolved<ContainerRemove>;
  readonly dockerEnvVar?: Readonly<Record<string, unknown>>;
}

export interface InputsScope {
  readonly plan: Plan;
  readonly inputs: Inputs;
  readonly attributes: ResolveScope["attributes"];
}

function resolved<T>(value: unknown, scope: ResolveScope, path: string): Result<Resolved<T>, BerthError> {
  return resolveValue(value, scope, path).map((v) => v as Resolved<T>);
}

/** Resolves a container node's inputs; `undefined` for a node without operations. */
export function nodeInputs(
  name: string,
  scope: InputsScope,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): Result<NodeInputs | undefined, BerthError> {
  const node: PlanNode | undefined = scope.plan.nodes[name];
  if (node?.configure === undefined) return ok(undefined);
  const s: ResolveScope = { ...scope, self: name };
  const at = `nodes.${name}`;
  // The daemon is per node, but every operation carries its own copy; configure's is the one
  // that makes the container, so it speaks for the node.
  const daemon = resolved<DaemonClient>(node.configure.daemon_client ?? {}, s, `${at}.configure.daemon_client`);
  const create =
    node.create === undefined ? ok(undefined) : resolved<CreateInputs>(node.create, s, `${at}.create`).map((c) => c);
  const config = resolved<ContainerConfig>(node.configure.container_config, s, `${at}.configure.container_config`);
  const start =
    node.start === undefined
      ? ok(undefined)
      : resolved<ContainerStart>(node.start.container_start ?? {}, s, `${at}.start.container_start`).andThen((cs) =>
          node.start?.processes_to_wait_for === undefined
            ? ok({ containerStart: cs })
            : resolved<ProcessesToWaitFor>(
                node.start.processes_to_wait_for,
                s,
                `${at}.start.processes_to_wait_for`,
              ).map((p) => ({ containerStart: cs, processesToWaitFor: p })),
        );
  const stop = resolved<ContainerStop>(node.stop?.container_stop ?? node.delete?.container_stop ?? {}, s, `${at}.stop`);
  const remove = resolved<ContainerRemove>(node.delete?.container_remove ?? {}, s, `${at}.delete.container_remove`);
  const env =
    dockerEnvVar === undefined
      ? ok(undefined)
      : resolveValue(dockerEnvVar, s, `runtimeProperties.${name}.docker_env_var`).map(
          (v) => v as Readonly<Record<string, unknown>>,
        );
  const all = [daemon, create, config, start, stop, remove, env] as const;
  for (const r of all) if (r.isErr()) return err(r.error);
  const containerConfig = config._unsafeUnwrap();
  const envVar = env._unsafeUnwrap();
  const effective = effectiveContainerConfig(containerConfig, envVar);
  const startInputs = start._unsafeUnwrap();
  const createInputs = create._unsafeUnwrap();
  return ok({
    name,
    daemonClient: daemon._unsafeUnwrap(),
    ...(createInputs !== undefined && { create: createInputs }),
    containerConfig,
    effectiveConfig: effective.config,
    ...(effective.localImage !== undefined && { localImage: effective.localImage }),
    ...(startInputs !== undefined && { start: startInputs }),
    containerStop: stop._unsafeUnwrap(),
    containerRemove: remove._unsafeUnwrap(),
    ...(envVar !== undefined && { dockerEnvVar: envVar }),
  });
}

/** The hash that says whether a node's container is still the right one. */
export function nodeConfigHash(inputs: NodeInputs, localImageId?: string): string {
  const config: HashedConfig = {
    daemon_client: inputs.daemonClient,
    create:
      inputs.create === undefined
        ? undefined
        : { image_import: inputs.create.image_import, image_build: inputs.create.image_build },
    container_config: inputs.effectiveConfig,
    container_start: inputs.start?.containerStart,
    ...(localImageId !== undefined && { localImageId }),
  };
  return configHash(config);
}
