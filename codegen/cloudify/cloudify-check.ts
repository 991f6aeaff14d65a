/**
 * An offline check of the rules Cloudify's DSL parser enforces (plugin-v1.1.md §2.11–2.13),
 * for blueprints berth emits. Types, relationships and plugins come from the blueprint's
 * imports, resolved through a table of import → YAML text (no network).
 */

import { plainData, readYamlTree } from "../blueprint/yaml-tree.ts";
import {
  COMPUTE,
  CONTAINED_IN,
  DOCKER_PLUGIN_1_1_DOCS_URL,
  DOCKER_PLUGIN_1_1_URL,
  DOCKER_PLUGIN_1_4_IMPORT,
  type DslVersion,
  derivesFrom,
  isDslVersion,
  keySince,
  operationKeySince,
  otherFunctionsSince,
  TYPES_1_4_IMPORT,
  TYPES_3_1_URL,
  topLevelKeySince,
  versionAtLeast,
} from "./cloudify-types.ts";

/** Cloudify's `err_code`, or the exception class it raises where there is no code. */
export type CloudifyErrorCode =
  | number
  | "UnknownInputError"
  | "FunctionValidationError"
  | "ValueError"
  | "YAMLError"
  | "ImportError";

export interface CloudifyIssue {
  readonly code: CloudifyErrorCode;
  /** Dotted path in the blueprint, e.g. `node_templates.db.interfaces`. */
  readonly path: string;
  readonly message: string;
}

/** What the imports of a blueprint resolve to: import string → YAML text. */
export interface CloudifySpec {
  readonly imports: Readonly<Record<string, string>>;
}

/**
 * The spec for the imports berth writes, from the texts of Cloudify 3.1's `types.yaml` and the
 * docker plugin 1.1's `plugin.yaml` (both 1_0-style URLs and 1_4-style imports).
 *
 * ```ts
 * const spec = cloudifySpec(readFileSync(typesPath, "utf8"), readFileSync(pluginPath, "utf8"));
 * ```
 */
export function cloudifySpec(typesYaml: string, pluginYaml: string): CloudifySpec {
  return {
    imports: {
      [TYPES_3_1_URL]: typesYaml,
      [TYPES_1_4_IMPORT]: typesYaml,
      [DOCKER_PLUGIN_1_1_URL]: pluginYaml,
      [DOCKER_PLUGIN_1_1_DOCS_URL]: pluginYaml,
      [DOCKER_PLUGIN_1_4_IMPORT]: pluginYaml,
    },
  };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const entriesOf = (v: unknown): [string, unknown][] => (isObject(v) ? Object.entries(v) : []);

interface Definitions {
  readonly nodeTypes: Record<string, string | null>;
  readonly relationships: Set<string>;
  readonly plugins: Record<string, string>;
}

/**
 * Checks a blueprint as Cloudify's parser would; returns every problem found (empty: accepted).
 *
 * ```ts
 * expect(checkBlueprint(toBlueprint(p), spec)).toEqual([]);
 * ```
 */
export function checkBlueprint(text: string, spec: CloudifySpec): CloudifyIssue[] {
  const issues: CloudifyIssue[] = [];
  const add = (code: CloudifyErrorCode, path: string, message: string) => issues.push({ code, path, message });
  const tree = readYamlTree(text);
  for (const problem of tree.problems) add("YAMLError", "", problem.message);
  if (tree.problems.length > 0) return issues;
  const blueprint = plainData(tree.root);
  if (!isObject(blueprint)) {
    add(27, "", "a blueprint is a mapping with tosca_definitions_version");
    return issues;
  }
  const version = checkVersion(blueprint, add);
  if (version === undefined) return issues;
  for (const key of Object.keys(blueprint)) {
    const since = keySince(topLevelKeySince, key);
    if (since === undefined) add(1, key, `'${key}' is not in schema`);
    else if (!versionAtLeast(version, since))
      add(102, key, `${key} not supported in version ${version}, it was added in ${since}`);
  }
  const defs = definitions(blueprint, spec, version, add);
  const inputs = isObject(blueprint.inputs) ? blueprint.inputs : {};
  const nodes = isObject(blueprint.node_templates) ? blueprint.node_templates : {};
  for (const [name, node] of entriesOf(nodes)) checkNode(name, node, nodes, defs, version, add);
  checkCycles(nodes, add);
  checkFunctions(nodes, "node_templates", inputs, version, false, add);
  checkFunctions(blueprint.outputs, "outputs", inputs, version, true, add);
  return issues;
}

type Add = (code: CloudifyErrorCode, path: string, message: string) => void;

function checkVersion(blueprint: Json, add: Add): DslVersion | undefined {
  const version = blueprint.tosca_definitions_version;
  if (version === undefined) {
    add(27, "tosca_definitions_version", "tosca_definitions_version is missing");
    return undefined;
  }
  if (!isDslVersion(version)) {
    add(29, "tosca_definitions_version", `unexpected tosca_definitions_version ${String(version)}`);
    return undefined;
  }
  return version;
}

function definitions(blueprint: Json, spec: CloudifySpec, version: DslVersion, add: Add): Definitions {
  const defs: Definitions = { nodeTypes: {}, relationships: new Set(), plugins: {} };
  const merge = (doc: Json) => {
    for (const [name, t] of entriesOf(doc.node_types))
      defs.nodeTypes[name] = isObject(t) && typeof t.derived_from === "string" ? t.derived_from : null;
    for (const [name] of entriesOf(doc.relationships)) defs.relationships.add(name);
    for (const [name, p] of entriesOf(doc.plugins)) {
      const executor = isObject(p) ? p.executor : undefined;
      if (executor !== "central_deployment_agent" && executor !== "host_agent")
        add(18, `plugins.${name}.executor`, `plugin ${name} has executor ${String(executor)}`);
      defs.plugins[name] = String(executor);
    }
  };
  const imports = Array.isArray(blueprint.imports) ? blueprint.imports : [];
  imports.forEach((url, i) => {
    const text = typeof url === "string" ? spec.imports[url] : undefined;
    if (text === undefined) {
      add("ImportError", `imports[${i}]`, `cannot resolve import ${String(url)}`);
      return;
    }
    const doc = plainData(readYamlTree(text).root);
    if (!isObject(doc)) return;
    const imported = doc.tosca_definitions_version;
    if (isDslVersion(imported) && !versionAtLeast(version, imported))
      add(28, `imports[${i}]`, `imported ${String(url)} declares ${imported}, newer than ${version}`);
    merge(doc);
  });
  merge(blueprint);
  return defs;
}

function checkNode(name: string, node: unknown, nodes: Json, defs: Definitions, version: DslVersion, add: Add): void {
  const at = `node_templates.${name}`;
  if (!isObject(node)) {
    add(1, at, "a node template is a mapping");
    return;
  }
  for (const key of Object.keys(node)) {
    if (!["type", "properties", "relationships", "interfaces", "instances", "capabilities"].includes(key))
      add(1, `${at}.${key}`, `'${key}' is not in schema`);
  }
  if (typeof node.type !== "string" || !Object.hasOwn(defs.nodeTypes, node.type))
    add(7, `${at}.type`, `could not locate node type: '${String(node.type)}'`);
  const relationships = Array.isArray(node.relationships) ? node.relationships : [];
  relationships.forEach((r: unknown, i) => {
    const rel = isObject(r) ? r : {};
    if (typeof rel.type !== "string" || !defs.relationships.has(rel.type))
      add(26, `${at}.relationships[${i}].type`, `relationship type '${String(rel.type)}' is not defined`);
    if (typeof rel.target !== "string" || !Object.hasOwn(nodes, rel.target))
      add(
        25,
        `${at}.relationships[${i}].target`,
        `a relationship instance of node '${name}' has a non-existing target node '${String(rel.target)}'`,
      );
  });
  const hosted = hasHost(name, nodes, defs);
  for (const [iface, ops] of entriesOf(node.interfaces)) {
    for (const [op, operation] of entriesOf(ops)) {
      const path = `${at}.interfaces.${iface}.${op}`;
      const impl =
        typeof operation === "string" ? operation : isObject(operation) ? operation.implementation : undefined;
      if (isObject(operation)) {
        for (const key of Object.keys(operation)) {
          const since = keySince(operationKeySince, key);
          if (since === undefined) add(1, `${path}.${key}`, `'${key}' is not in schema`);
          else if (!versionAtLeast(version, since))
            add(102, `${path}.${key}`, `${key} not supported in version ${version}, it was added in ${since}`);
        }
      }
      if (typeof impl !== "string" || impl === "") continue;
      const plugin = impl.split(".")[0] as string;
      const pluginExecutor = defs.plugins[plugin];
      if (pluginExecutor === undefined) {
        add(10, `${path}.implementation`, `could not find plugin '${plugin}' for operation ${impl}`);
        continue;
      }
      const override = isObject(operation) ? operation.executor : undefined;
      if (override !== undefined && override !== "central_deployment_agent" && override !== "host_agent")
        add(1, `${path}.executor`, `executor ${String(override)}`);
      if ((override ?? pluginExecutor) === "host_agent" && !hosted) {
        add(
          24,
          path,
          `node '${name}' has no relationship which makes it contained within a host and it has a plugin '${plugin}' with 'host_agent' as an executor`,
        );
      }
    }
  }
}

/** A node is hosted when it, or a node up its contained_in chain, is a Compute. */
function hasHost(name: string, nodes: Json, defs: Definitions): boolean {
  const parents = { ...defs.nodeTypes };
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const node = nodes[current];
    if (!isObject(node)) return false;
    if (typeof node.type === "string" && derivesFrom(node.type, COMPUTE, parents)) return true;
    const rels = Array.isArray(node.relationships) ? node.relationships : [];
    const host = rels.find((r: unknown) => isObject(r) && r.type === CONTAINED_IN) as Json | undefined;
    current = typeof host?.target === "string" ? host.target : undefined;
  }
  return false;
}

function checkCycles(nodes: Json, add: Add): void {
  const state = new Map<string, "visiting" | "done">();
  const targets = (name: string): string[] => {
    const node = nodes[name];
    const rels = isObject(node) && Array.isArray(node.relationships) ? node.relationships : [];
    return rels.flatMap((r: unknown) =>
      isObject(r) && typeof r.target === "string" && Object.hasOwn(nodes, r.target) ? [r.target] : [],
    );
  };
  const visit = (name: string, stack: string[]): void => {
    state.set(name, "visiting");
    for (const t of targets(name)) {
      if (state.get(t) === "visiting")
        add(
          100,
          `node_templates.${t}`,
          `found a dependency cycle: ${[...stack.slice(stack.indexOf(t)), name, t].join(" -> ")}`,
        );
      else if (state.get(t) === undefined) visit(t, [...stack, name]);
    }
    state.set(name, "done");
  };
  for (const name of Object.keys(nodes)) if (state.get(name) === undefined) visit(name, []);
}

function checkFunctions(
  value: unknown,
  path: string,
  inputs: Json,
  version: DslVersion,
  inOutputs: boolean,
  add: Add,
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkFunctions(v, `${path}[${i}]`, inputs, version, inOutputs, add);
    });
    return;
  }
  if (!isObject(value)) return;
  const keys = Object.keys(value);
  const [fn] = keys;
  if (keys.length === 1 && fn !== undefined) {
    const arg = value[fn];
    if (fn === "get_input" && (typeof arg !== "string" || !Object.hasOwn(inputs, arg))) {
      add("UnknownInputError", path, `${path} get_input function references an unknown input '${String(arg)}'`);
    }
    if (fn === "get_attribute" && inOutputs && Array.isArray(arg) && arg[0] === "SELF") {
      add("ValueError", path, "SELF cannot be used with get_attribute function in outputs");
    }
    const since = otherFunctionsSince[fn];
    if (since !== undefined && !versionAtLeast(version, since))
      add("FunctionValidationError", path, `${fn} is not supported in ${version}, it was added in ${since}`);
  }
  for (const [k, v] of Object.entries(value)) checkFunctions(v, `${path}.${k}`, inputs, version, inOutputs, add);
}
