/**
 * The one table of a container node's lifecycle operations (plugin-v1.1.md §1.3): per
 * operation of `cloudify.interfaces.lifecycle`, in install order, the docker plugin task it runs
 * and that task's inputs in emit order. The plan schema, the Plan's operation types, the blueprint
 * reader and both writers all read this table.
 */
import { z } from "zod";
import {
  containerConfigSchema,
  containerRemoveSchema,
  containerStartSchema,
  containerStopSchema,
  daemonClientSchema,
  imageBuildSchema,
  imageImportSchema,
  processesToWaitForSchema,
  readinessSchema,
} from "./options.ts";

/**
 * Each input's schema. A required input is "filled": every plan node has it, and a blueprint that
 * leaves it out gets `{}`, the value the plugin's Python defaults give (or, where the plugin
 * crashes on `None`, the one berth fixes it with: runtime/FIXES.md). An `.optional()` input is
 * present only when given.
 */
export const operationTable = {
  create: {
    task: "create",
    inputs: {
      daemon_client: daemonClientSchema,
      image_import: imageImportSchema.optional(),
      image_build: imageBuildSchema.optional(),
    },
  },
  configure: {
    task: "configure",
    inputs: { daemon_client: daemonClientSchema, container_config: containerConfigSchema },
  },
  start: {
    task: "run",
    inputs: {
      daemon_client: daemonClientSchema,
      container_start: containerStartSchema,
      processes_to_wait_for: processesToWaitForSchema.optional(),
      // berth's extension: when the node counts as done (dsl/readiness.ts).
      readiness: readinessSchema.optional(),
    },
  },
  stop: {
    task: "stop",
    inputs: { daemon_client: daemonClientSchema, container_stop: containerStopSchema },
  },
  delete: {
    task: "delete",
    // delete's own container_stop is used only when delete finds the container running; a
    // blueprint that leaves it out gets stop's (node-model.ts), so the two agree by default.
    inputs: {
      daemon_client: daemonClientSchema,
      container_stop: containerStopSchema,
      container_remove: containerRemoveSchema,
    },
  },
} as const satisfies Record<string, { readonly task: string; readonly inputs: Record<string, z.ZodType> }>;

type Table = typeof operationTable;
export type LifecycleOperation = keyof Table;

/** The five operations of `cloudify.interfaces.lifecycle`, in install order. */
export const lifecycleOperations = Object.keys(operationTable) as readonly LifecycleOperation[];

/** Input names of an operation, in emit order. */
export const inputNamesOf = <Op extends LifecycleOperation>(op: Op): readonly (keyof Table[Op]["inputs"] & string)[] =>
  Object.keys(operationTable[op].inputs) as (keyof Table[Op]["inputs"] & string)[];

/** Inputs of an operation that every plan node has (`{}` when a blueprint leaves them out). */
export const filledInputsOf = (op: LifecycleOperation): readonly string[] =>
  Object.entries(operationTable[op].inputs as Record<string, z.ZodType>)
    .filter(([, schema]) => !(schema instanceof z.ZodOptional))
    .map(([name]) => name);

/** Each operation's inputs as a strict zod object, straight from the table. */
export const operationSchemas = {
  create: z.strictObject(operationTable.create.inputs),
  configure: z.strictObject(operationTable.configure.inputs),
  start: z.strictObject(operationTable.start.inputs),
  stop: z.strictObject(operationTable.stop.inputs),
  delete: z.strictObject(operationTable.delete.inputs),
} satisfies { readonly [Op in LifecycleOperation]: z.ZodObject };

/** Every task of the plugin v1.1; `pull` exists (5d706e7) but berth does not run it. */
export const pluginTaskNames: readonly string[] = [...lifecycleOperations.map((op) => operationTable[op].task), "pull"];
