/**
 * The Plan: plain, frozen, JSON-serialisable data shaped like a Cloudify blueprint.
 * Builders produce it, codegen maps it to and from YAML, the runtime executes it.
 */
import type {
  ContainerConfig,
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  DaemonClient,
  ImageBuild,
  ImageImport,
  ProcessesToWaitFor,
} from "./options.ts";
import type { InputDeclaration, Value } from "./values.ts";

/** The five operations of `cloudify.interfaces.lifecycle`, in install order. */
export const lifecycleOperations = ["create", "configure", "start", "stop", "delete"] as const;
export type LifecycleOperation = (typeof lifecycleOperations)[number];

/** The three relationship types of Cloudify 3.1's `types.yaml`. */
export const relationshipTypes = [
  "cloudify.relationships.depends_on",
  "cloudify.relationships.connected_to",
  "cloudify.relationships.contained_in",
] as const;
export type RelationshipType = (typeof relationshipTypes)[number];

export interface Relationship {
  readonly type: RelationshipType;
  readonly target: string;
}

/** Inputs of `docker.docker_plugin.tasks.create`. */
export interface CreateInputs {
  readonly daemon_client: DaemonClient;
  readonly image_import?: ImageImport;
  readonly image_build?: ImageBuild;
}

/** Inputs of `docker.docker_plugin.tasks.configure`. */
export interface ConfigureInputs {
  readonly daemon_client: DaemonClient;
  readonly container_config: ContainerConfig;
}

/** Inputs of `docker.docker_plugin.tasks.run` (the start operation). */
export interface StartInputs {
  readonly daemon_client: DaemonClient;
  readonly container_start: ContainerStart;
  readonly processes_to_wait_for?: ProcessesToWaitFor;
}

/** Inputs of `docker.docker_plugin.tasks.stop`. */
export interface StopInputs {
  readonly daemon_client: DaemonClient;
  readonly container_stop: ContainerStop;
}

/** Inputs of `docker.docker_plugin.tasks.delete`. */
export interface DeleteInputs {
  readonly daemon_client: DaemonClient;
  readonly container_stop: ContainerStop;
  readonly container_remove: ContainerRemove;
}

/** Operation inputs per lifecycle operation. */
export interface OperationInputs {
  readonly create: CreateInputs;
  readonly configure: ConfigureInputs;
  readonly start: StartInputs;
  readonly stop: StopInputs;
  readonly delete: DeleteInputs;
}

/**
 * A node template. A node with a `configure` operation is a Docker container; a node without
 * any operation is a plain Cloudify node (for example the `cloudify.nodes.Compute` host that
 * the plugin's `host_agent` executor needs), which the runtime has nothing to do for.
 */
export interface PlanNode {
  readonly type: string;
  readonly properties: Readonly<Record<string, Value>>;
  readonly relationships: readonly Relationship[];
  readonly create?: CreateInputs;
  readonly configure?: ConfigureInputs;
  readonly start?: StartInputs;
  readonly stop?: StopInputs;
  readonly delete?: DeleteInputs;
}

export interface OutputDeclaration {
  readonly description?: string;
  readonly value: Value;
}

export interface Plan {
  readonly name: string;
  readonly description?: string;
  readonly inputs: Readonly<Record<string, InputDeclaration>>;
  /** Node templates by name, in declaration order. */
  readonly nodes: Readonly<Record<string, PlanNode>>;
  readonly outputs: Readonly<Record<string, OutputDeclaration>>;
}

declare const validBrand: unique symbol;
/** A plan that `validate` accepted. Only `validate` makes one; the runtime takes only these. */
export type ValidPlan = Plan & { readonly [validBrand]: true };

/** True when the node is a Docker container (it has operations of the docker plugin). */
export const isContainerNode = (node: PlanNode): boolean => node.configure !== undefined;
