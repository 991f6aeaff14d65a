/**
 * Plan → Cloudify blueprint YAML, built with the `yaml` package's node API. Deterministic:
 * fixed section order, lifecycle operations in install order, task inputs in the task table's
 * order, option dictionaries in schema order.
 */
import { Document, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
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
import { documentOptions, toStringOptions } from "./yaml-options.ts";

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
  const version = options.dslVersion ?? "cloudify_dsl_1_0";
  const doc = new Document(null, documentOptions);
  const header = [headerLine(NAME_LABEL, plan.name)];
  const root = new YAMLMap<Scalar, Node>();
  const section = (key: string, value: Node) => {
    const k = new Scalar(key);
    k.spaceBefore = root.items.length > 0;
    root.items.push(new Pair(k, value));
  };
  section("tosca_definitions_version", new Scalar(version));
  if (plan.description !== undefined) {
    if (topLevelDescription[version]) section("description", new Scalar(plan.description));
    else header.push(headerLine(DESCRIPTION_LABEL, plan.description));
  }
  section("imports", seqOf((options.imports ?? defaultImports[version]).map((i) => new Scalar(i))));
  if (Object.keys(plan.inputs).length > 0) {
    section(
      "inputs",
      mapOf(Object.entries(plan.inputs).map(([name, decl]) => [name, valueNode(decl as unknown as Value)])),
    );
  }
  const executor = executorFor(plan, options.executor ?? "auto");
  const templates = mapOf(Object.entries(plan.nodes).map(([name, node]) => [name, nodeTemplate(node, executor(name))]));
  templates.items.forEach((pair, i) => {
    (pair.key as Scalar).spaceBefore = i > 0;
  });
  section("node_templates", templates);
  if (Object.keys(plan.outputs).length > 0) {
    section(
      "outputs",
      mapOf(Object.entries(plan.outputs).map(([name, out]) => [name, valueNode(out as unknown as Value)])),
    );
  }
  doc.contents = root;
  doc.commentBefore = header.join("\n");
  return doc.toString(toStringOptions);
}

function nodeTemplate(node: PlanNode, executor: string | undefined): YAMLMap {
  const entries: [string, Node][] = [["type", new Scalar(node.type)]];
  if (Object.keys(node.properties).length > 0) entries.push(["properties", valueNode(node.properties)]);
  if (node.relationships.length > 0) {
    entries.push([
      "relationships",
      seqOf(
        node.relationships.map((r) =>
          mapOf([
            ["type", new Scalar(r.type)],
            ["target", new Scalar(r.target)],
          ]),
        ),
      ),
    ]);
  }
  const operations = lifecycleOperations.flatMap((op) => {
    const inputs = node[op];
    return inputs === undefined ? [] : [[op, operation(op, inputs, executor)] as [string, Node]];
  });
  if (operations.length > 0) entries.push(["interfaces", mapOf([[LIFECYCLE, mapOf(operations)]])]);
  return mapOf(entries);
}

function operation<Op extends LifecycleOperation>(
  op: Op,
  inputs: OperationInputs[Op],
  executor: string | undefined,
): YAMLMap {
  const given = inputs as unknown as Readonly<Record<string, Value | undefined>>;
  const inputEntries: [string, Node][] = inputNamesOf(op).flatMap((name) => {
    const value = given[name];
    return value === undefined ? [] : [[name, optionNode(name, value)] as [string, Node]];
  });
  const entries: [string, Node][] = [
    ["implementation", new Scalar(implementationOf(op))],
    ["inputs", mapOf(inputEntries)],
  ];
  if (executor !== undefined) entries.push(["executor", new Scalar(executor)]);
  return mapOf(entries);
}

/** An option dictionary, keys in schema order. */
function optionNode(dictionary: string, value: Value): Node {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isIntrinsic(value))
    return valueNode(value);
  const entries = orderedEntries(dictionary, value as { readonly [key: string]: Value });
  if (entries.length === 0) return flowMap([]);
  return mapOf(
    entries.map(([key, v]) => {
      const inner = nestedDictionary(dictionary, key);
      return [key, inner === undefined ? valueNode(v) : optionNode(inner, v)];
    }),
  );
}

/** Any plan value; intrinsics, empty collections and lists of scalars print in flow style. */
function valueNode(value: Value): Node {
  if (value === null || typeof value !== "object") return new Scalar(value);
  if (Array.isArray(value)) {
    const seq = seqOf((value as readonly Value[]).map(valueNode));
    seq.flow = value.every((v) => v === null || typeof v !== "object" || isIntrinsic(v));
    return seq;
  }
  const entries = Object.keys(value).map((k): [string, Node] => [
    k,
    valueNode((value as Record<string, Value>)[k] as Value),
  ]);
  if (entries.length === 0 || isIntrinsic(value)) return flowMap(entries);
  return mapOf(entries);
}

function mapOf(entries: readonly (readonly [string, Node])[]): YAMLMap {
  const map = new YAMLMap<Scalar, Node>();
  for (const [key, value] of entries) map.items.push(new Pair(new Scalar(key), value));
  return map;
}

function flowMap(entries: readonly (readonly [string, Node])[]): YAMLMap {
  const map = mapOf(entries);
  map.flow = true;
  for (const pair of map.items)
    if (pair.value instanceof YAMLSeq || pair.value instanceof YAMLMap) pair.value.flow = true;
  return map;
}

function seqOf(items: readonly Node[]): YAMLSeq {
  const seq = new YAMLSeq<Node>();
  seq.items.push(...items);
  return seq;
}

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
