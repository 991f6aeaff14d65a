/**
 * Canonical key order of the plugin's option dictionaries: the order their schemas declare.
 * Emitting in this order makes the YAML independent of the order a plan's builder or a
 * blueprint's author happened to use, so every route to the same plan prints the same text.
 */
import { optionDictionarySchemas } from "../dsl/options.ts";
import type { Value } from "../dsl/values.ts";

/** Key order per option dictionary, by the input name it goes under. */
const orders: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(optionDictionarySchemas).map(([name, schema]) => [name, Object.keys(schema.shape)]),
);

/** Nested dictionaries with a schema of their own, by parent dictionary. */
const nested: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  container_config: { host_config: "host_config", healthcheck: "healthcheck" },
  readiness: { http: "http" },
};

/**
 * The entries of an option dictionary in canonical order; keys the schema does not know (only
 * in plans that fail validation) follow in their own order.
 */
export function orderedEntries(dictionary: string, value: { readonly [key: string]: Value }): [string, Value][] {
  const rank = ranks[dictionary] ?? noRanks;
  const unknown = rank.size;
  return Object.keys(value)
    .map((key, i) => ({ key, i, r: rank.get(key) ?? unknown }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ key }) => [key, value[key] as Value]);
}

/** Each dictionary's keys by their place in its order. */
const ranks: Readonly<Record<string, ReadonlyMap<string, number>>> = Object.fromEntries(
  Object.entries(orders).map(([name, keys]) => [name, new Map(keys.map((key, i) => [key, i]))]),
);
const noRanks: ReadonlyMap<string, number> = new Map();

/** The dictionary name of a nested option dictionary, if it has a schema of its own. */
export const nestedDictionary = (parent: string, key: string): string | undefined => nested[parent]?.[key];
