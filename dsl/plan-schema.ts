/**
 * The whole Plan as a zod schema: the check that does not trust TypeScript, for plans parsed
 * from YAML or JSON as much as for plans built with the DSL.
 */
import { z } from "zod";
import { operationSchemas } from "./operations.ts";
import { jsonValueSchema, optionDictionarySchemas, sshConfigSchema, tlsConfigSchema } from "./options.ts";
import { relationshipTypes } from "./plan-types.ts";

export const relationshipSchema = z.strictObject({ type: z.enum(relationshipTypes), target: z.string().min(1) });

export const nodeSchema = z.strictObject({
  type: z.string().min(1),
  properties: z.record(z.string(), jsonValueSchema),
  relationships: z.array(relationshipSchema),
  create: operationSchemas.create.optional(),
  configure: operationSchemas.configure.optional(),
  start: operationSchemas.start.optional(),
  stop: operationSchemas.stop.optional(),
  delete: operationSchemas.delete.optional(),
});

export const planSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  inputs: z.record(
    z.string(),
    z.strictObject({
      description: z.string().optional(),
      default: jsonValueSchema.optional(),
      type: z.enum(["string", "integer", "float", "boolean"]).optional(),
    }),
  ),
  nodes: z.record(z.string(), nodeSchema),
  outputs: z.record(z.string(), z.strictObject({ description: z.string().optional(), value: jsonValueSchema })),
});

/** Every key of every strict dictionary, with the dictionaries it belongs to: the vocabulary for "did you mean". */
export const knownKeys: ReadonlyMap<string, readonly string[]> = (() => {
  const dictionaries: Record<string, z.ZodObject> = {
    ...optionDictionarySchemas,
    // The dictionaries inside daemon_client.
    tls: tlsConfigSchema,
    ssh: sshConfigSchema,
    ...operationSchemas,
    node: nodeSchema,
    plan: planSchema,
  };
  const keys = new Map<string, string[]>();
  for (const [dictionary, schema] of Object.entries(dictionaries)) {
    for (const key of Object.keys(schema.shape)) keys.set(key, [...(keys.get(key) ?? []), dictionary]);
  }
  return keys;
})();
