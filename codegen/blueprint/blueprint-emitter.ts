/**
 * Plan → Cloudify blueprint YAML. This file decides what the blueprint holds, as a tree
 * (yaml-tree-out.ts); yaml-writer.ts writes it. Deterministic: fixed section order, lifecycle
 * operations in install order, task inputs in the task table's order, option dictionaries in
 * schema order.
 */
import { inputNamesOf, type LifecycleOperation, lifecycleOperations } from "../../dsl/operations.ts";
import type { OperationInputs, Plan, PlanNode } from "../../dsl/plan-types.ts";
import { isIntrinsic, type Value } from "../../dsl/values.ts";
import {
  COMPUTE,
  CONTAINED_IN,
  DOCKER_PLUGIN_1_1_URL,
  DOCKER_PLUGIN_1_4_IMPORT,
  derivesFrom,
  TYPES_1_4_IMPORT,
  TYPES_3_1_URL,
} from "../cloudify/cloudify-types.ts";
import { nestedDictionary, orderedEntries } from "../key-order.ts";
import { DESCRIPTION_LABEL, headerLine, NAME_LABEL } from "./header-comment.ts";
import { implementationOf, LIFECYCLE } from "./task-table.ts";
import type { OutDocument, OutEntry, OutMap, OutNode, OutSeq } from "./yaml-tree-out.ts";
import { writeDocument } from "./yaml-writer.ts";

/** DSL versions berth writes. */
export type BlueprintDslVersion = "cloudify_dsl_1_0" | "cloudify_dsl_1_3" | "cloudify_dsl_1_4";

export interface BlueprintOptions {
  /** `tosca_definitions_version`; default `cloudify_dsl_1_0` (Cloudify 3.1). */
  readonly dslVersion?: BlueprintDslVersion;
  /** Replaces the default imports (3.1 `types.yaml` and the plugin's `plugin.yaml`). */
  readonly imports?: readonly string[];
  /**
   * Where docker operations run. `auto` (default): on the host agent when the node is
   * contained in a `cloudify.nodes.Compute` host, else `central_deployment_agent`.
   */
  readonly executor?: "auto" | "host_agent" | "central_deployment_agent";
}

/** The imports a version's blueprints use by default (plugin-v1.1.md §2.3). */
export const defaultImports: Readonly<Record<BlueprintDslVersion, readonly string[]>> = {
  cloudify_dsl_1_0: [TYPES_3_1_URL, DOCKER_PLUGIN_1_1_URL],
  cloudify_dsl_1_3: [TYPES_3_1_URL, DOCKER_PLUGIN_1_1_URL],
  cloudify_dsl_1_4: [TYPES_1_4_IMPORT, DOCKER_PLUGIN_1_4_IMPORT],
};

/** Whether a top-level `description` is allowed (DSL 1_2 and later). */
const topLevelDescription: Readonly<Record<BlueprintDslVersion, boolean>> = {
  cloudify_dsl_1_0: false,
  cloudify_dsl_1_3: true,
  cloudify_dsl_1_4: true,
};

/**
 * Writes a plan as a Cloudify blueprint. The plan's name goes in a leading
 * `# berth plan: <name>` comment, which `fromBlueprint` reads back.
 *
 * ```ts
 * const yaml = toBlueprint(plan("demo", [db]), { dslVersion: "cloudify_dsl_1_3" });
 * ```
 */
export function toBlueprint(plan: Plan, options: BlueprintOptions = {}): string {
  return writeDocument(blueprintTree(plan, options));
}

/** What toBlueprint writes, before it is text (the tests give it to both writers). */
export function blueprintTree(plan: Plan, options: BlueprintOptions = {}): OutDocument {
  const version = options.dslVersion ?? "cloudify_dsl_1_0";
  const header = [headerLine(NAME_LABEL, plan.name)];
  const sections: OutEntry[] = [];
  const section = (key: string, value: OutNode) => {
    sections.push({ key, value, ...(sections.length > 0 && { spaceBefore: true }) });
  };
  section("tosca_definitions_version", version);
  if (plan.description !== undefined) {
    if (topLevelDescription[version]) section("description", plan.description);
    else header.push(headerLine(DESCRIPTION_LABEL, plan.description));
  }
  section("imports", seqOf([...(options.imports ?? defaultImports[version])]));
  if (Object.keys(plan.inputs).length > 0) {
    section(
      "inputs",
      mapOf(Object.entries(plan.inputs).map(([name, decl]) => [name, valueNode(decl as unknown as Value)])),
    );
  }
  const executor = executorFor(plan, options.executor ?? "auto");
  const templates: OutMap = {
    kind: "map",
    flow: false,
    entries: Object.entries(plan.nodes).map(([name, node], i) => ({
      key: name,
      value: nodeTemplate(node, executor(name)),
      ...(i > 0 && { spaceBefore: true }),
    })),
  };
  section("node_templates", templates);
  if (Object.keys(plan.outputs).length > 0) {
    section(
      "outputs",
      mapOf(Object.entries(plan.outputs).map(([name, out]) => [name, valueNode(out as unknown as Value)])),
    );
  }
  return { comment: header, root: { kind: "map", flow: false, entries: sections } };
}

function nodeTemplate(node: PlanNode, executor: string | undefined): OutMap {
  const entries: OutEntry[] = [{ key: "type", value: node.type }];
  if (Object.keys(node.properties).length > 0) entries.push({ key: "properties", value: valueNode(node.properties) });
  if (node.relationships.length > 0) {
    const relationships = node.relationships.map(
      (r): OutNode =>
        block([
          { key: "type", value: r.type },
          { key: "target", value: r.target },
        ]),
    );
    entries.push({ key: "relationships", value: seqOf(relationships) });
  }
  const operations: OutEntry[] = [];
  for (const op of lifecycleOperations) {
    const inputs = node[op];
    if (inputs !== undefined) operations.push({ key: op, value: operation(op, inputs, executor) });
  }
  if (operations.length > 0)
    entries.push({ key: "interfaces", value: block([{ key: LIFECYCLE, value: block(operations) }]) });
  return block(entries);
}

function operation<Op extends LifecycleOperation>(
  op: Op,
  inputs: OperationInputs[Op],
  executor: string | undefined,
): OutMap {
  const given = inputs as unknown as Readonly<Record<string, Value | undefined>>;
  const inputEntries: OutEntry[] = [];
  for (const name of inputNamesOf(op)) {
    const value = given[name];
    if (value !== undefined) inputEntries.push({ key: name, value: optionNode(name, value) });
  }
  const entries: OutEntry[] = [
    { key: "implementation", value: implementationOf(op) },
    { key: "inputs", value: block(inputEntries) },
  ];
  if (executor !== undefined) entries.push({ key: "executor", value: executor });
  return block(entries);
}

/** An option dictionary, keys in schema order. */
function optionNode(dictionary: string, value: Value): OutNode {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isIntrinsic(value))
    return valueNode(value);
  const ordered = orderedEntries(dictionary, value as { readonly [key: string]: Value });
  if (ordered.length === 0) return flowMap([]);
  return block(
    ordered.map(([key, v]): OutEntry => {
      const inner = nestedDictionary(dictionary, key);
      return { key, value: inner === undefined ? valueNode(v) : optionNode(inner, v) };
    }),
  );
}

/** Any plan value; intrinsics, empty collections and lists of scalars print in flow style. */
function valueNode(value: Value): OutNode {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = (value as readonly Value[]).map(valueNode);
    return { kind: "seq", flow: value.every((v) => v === null || typeof v !== "object" || isIntrinsic(v)), items };
  }
  const entries = Object.keys(value).map(
    (key): OutEntry => ({ key, value: valueNode((value as Record<string, Value>)[key] as Value) }),
  );
  if (entries.length === 0 || isIntrinsic(value)) return flowMap(entries);
  return block(entries);
}

const mapOf = (entries: readonly (readonly [string, OutNode])[]): OutMap =>
  block(entries.map(([key, value]) => ({ key, value })));

const block = (entries: readonly OutEntry[]): OutMap => ({ kind: "map", flow: false, entries });

/** A flow map; collections in it are flow too, as anything inside a flow collection is. */
const flowMap = (entries: readonly OutEntry[]): OutMap => ({ kind: "map", flow: true, entries });

const seqOf = (items: readonly OutNode[]): OutSeq => ({ kind: "seq", flow: false, items });

/**
 * The executor rule (plugin-v1.1.md §2.11): the plugin's `host_agent` needs a
 * `cloudify.nodes.Compute` host up the node's `contained_in` chain; without one, every docker
 * operation says `central_deployment_agent`. Returns the executor to write per node, if any.
 */
function executorFor(
  plan: Plan,
  mode: NonNullable<BlueprintOptions["executor"]>,
): (node: string) => string | undefined {
  if (mode === "host_agent") return () => undefined;
  if (mode === "central_deployment_agent") return () => "central_deployment_agent";
  return (name) => (hasComputeHost(plan, name) ? undefined : "central_deployment_agent");
}

/** True when the node is a Compute node or is contained, directly or not, in one. */
export function hasComputeHost(plan: Plan, name: string): boolean {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const node: PlanNode | undefined = plan.nodes[current];
    if (node === undefined) return false;
    if (derivesFrom(node.type, COMPUTE)) return true;
    current = node.relationships.find((r) => r.type === CONTAINED_IN)?.target;
  }
  return false;
}
