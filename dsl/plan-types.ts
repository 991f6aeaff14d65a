/**
 * The Plan: plain, frozen, JSON-serialisable data shaped like a Cloudify blueprint.
 * Builders produce it, codegen maps it to and from YAML, the runtime executes it.
 */
import type { z } from "zod";
import type { LifecycleOperation, operationSchemas } from "./operations.ts";
import type { relationshipSchema } from "./plan-schema.ts";
import type { InputDeclaration, Value } from "./values.ts";

export { type LifecycleOperation, lifecycleOperations } from "./operations.ts";

/** The three relationship types of Cloudify 3.1's `types.yaml`. */
export const relationshipTypes = [
  "cloudify.relationships.depends_on",
  "cloudify.relationships.connected_to",
  "cloudify.relationships.contained_in",
] as const;
export type RelationshipType = (typeof relationshipTypes)[number];

/** One level of `readonly`: the plan is deep-frozen at run time, its option types stay docker-py's. */
type Frozen<T> = { readonly [K in keyof T]: T[K] };

export type Relationship = Frozen<z.infer<typeof relationshipSchema>>;

/** Operation inputs per lifecycle operation, derived from the operation table's schemas. */
export type OperationInputs = {
  readonly [Op in LifecycleOperation]: Frozen<z.infer<(typeof operationSchemas)[Op]>>;
};

/** Inputs of `docker.docker_plugin.tasks.create`. */
export type CreateInputs = OperationInputs["create"];
/** Inputs of `docker.docker_plugin.tasks.configure`. */
export type ConfigureInputs = OperationInputs["configure"];
/** Inputs of `docker.docker_plugin.tasks.run` (the start operation). */
export type StartInputs = OperationInputs["start"];
/** Inputs of `docker.docker_plugin.tasks.stop`. */
export type StopInputs = OperationInputs["stop"];
/** Inputs of `docker.docker_plugin.tasks.delete`. */
export type DeleteInputs = OperationInputs["delete"];

/**
 * A node template. A node with a `configure` operation is a Docker container; a node without
 * any operation is a plain Cloudify node (for example the `cloudify.nodes.Compute` host that
 * the plugin's `host_agent` executor needs), which the runtime has nothing to do for.
 */
export interface PlanNode extends Partial<OperationInputs> {
  readonly type: string;
  readonly properties: Readonly<Record<string, Value>>;
  readonly relationships: readonly Relationship[];
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
