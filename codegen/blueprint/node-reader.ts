/**
 * One `node_templates` entry → a PlanNode: type, properties, relationships, and the docker
 * plugin's lifecycle operations. What berth cannot run is reported, not dropped.
 */
import { joinPath } from "../../dsl/issues.ts";
import { completeOperations } from "../../dsl/node-model.ts";
import { type LifecycleOperation, lifecycleOperations, pluginTaskNames } from "../../dsl/operations.ts";
import { relationshipTypes } from "../../dsl/plan-types.ts";
import { closest } from "../../dsl/suggest.ts";
import { EXECUTORS, nodeTypeNames, operationKeySince } from "../cloudify/cloudify-types.ts";
import { describeNode, type ReadContext, type Segment } from "./read-context.ts";
import { implementationOf, LIFECYCLE, PLUGIN, TASK_PREFIX } from "./task-table.ts";
import type { YamlNode } from "./yaml-tree.ts";

type Json = Record<string, unknown>;

const nodeKeys = ["type", "properties", "relationships", "interfaces", "instances", "capabilities"];
const relationshipKeys = ["type", "target", "properties", "source_interfaces", "target_interfaces"];

/** Reads one node template; returns the plan node data (validated later as a whole). */
export function readNode(ctx: ReadContext, name: string, node: YamlNode, keyNode: YamlNode): Json {
  const path: Segment[] = ["nodes", name];
  ctx.sources.record(path, keyNode, node);
  const out: Json = { type: undefined, properties: {}, relationships: [] };
  const map = ctx.expectMap(node, path, keyNode, `node template "${name}"`);
  if (map === undefined) return out;
  const handlers: Record<string, (value: YamlNode, key: YamlNode) => void> = {
    type: (value, key) => {
      out.type = ctx.value(value, [...path, "type"], key);
      if (typeof out.type === "string" && !nodeTypeNames.includes(out.type)) {
        const hint = closest(out.type, nodeTypeNames);
        ctx.report(
          [...path, "type"],
          value,
          "unknown_type",
          `unknown node type "${out.type}"${hint ? `; did you mean "${hint}"?` : " (Cloudify 3.1 types.yaml does not define it)"}`,
        );
      }
    },
    properties: (value, key) => {
      out.properties = ctx.value(value, [...path, "properties"], key);
    },
    relationships: (value, key) => {
      out.relationships = readRelationships(ctx, value, [...path, "relationships"], key);
    },
    interfaces: (value, key) => Object.assign(out, readInterfaces(ctx, value, [...path, "interfaces"], key)),
    instances: (value, key) => {
      const instances = ctx.value(value, [...path, "instances"], key);
      if (JSON.stringify(instances) !== JSON.stringify({ deploy: 1 })) {
        ctx.report(
          [...path, "instances"],
          value,
          "unsupported",
          "berth runs exactly one instance of each node (instances: {deploy: 1})",
        );
      }
    },
    capabilities: (_value, key) =>
      ctx.report(
        [...path, "capabilities"],
        key,
        "unsupported",
        "berth runs exactly one instance of each node; capabilities are not supported",
      ),
  };
  for (const e of ctx.entries(map, path)) {
    const handler = Object.hasOwn(handlers, e.key) ? handlers[e.key] : undefined; // not Object.prototype's
    if (handler === undefined) ctx.unknownKey(path, e.keyNode, e.key, `node template "${name}"`, nodeKeys);
    else handler(e.value, e.keyNode);
  }
  if (out.type === undefined)
    ctx.report([...path, "type"], keyNode, "missing_value", `node template "${name}" needs a type`);
  normalise(ctx, out, path);
  return out;
}

function readRelationships(ctx: ReadContext, node: YamlNode, path: Segment[], keyNode: YamlNode): unknown {
  ctx.sources.record(path, keyNode, node);
  if (node.kind !== "seq") {
    ctx.report(path, node, "invalid_value", `relationships is a list, got ${describeNode(node)}`);
    return [];
  }
  return node.items.map((item, i) => {
    const at = [...path, i];
    const rel = ctx.expectMap(item, at, undefined, "a relationship");
    const out: Json = {};
    if (rel === undefined) return out;
    ctx.sources.record(at, undefined, rel);
    for (const e of ctx.entries(rel, at)) {
      if (e.key === "type" || e.key === "target") {
        out[e.key] = ctx.value(e.value, [...at, e.key], e.keyNode);
        if (
          e.key === "type" &&
          typeof out.type === "string" &&
          !(relationshipTypes as readonly string[]).includes(out.type)
        ) {
          const hint = closest(out.type, relationshipTypes);
          ctx.report(
            [...at, "type"],
            e.value,
            "unknown_type",
            `unknown relationship type "${out.type}"${hint ? `; did you mean "${hint}"?` : `; expected one of ${relationshipTypes.join(", ")}`}`,
          );
        }
      } else if (e.key === "properties") {
        const props = ctx.value(e.value, [...at, "properties"], e.keyNode);
        if (!same(props, {}) && !same(props, { connection_type: "all_to_all" })) {
          ctx.report(
            [...at, "properties"],
            e.keyNode,
            "unsupported",
            "berth supports relationship properties only as connection_type: all_to_all",
          );
        }
      } else if (e.key === "source_interfaces" || e.key === "target_interfaces") {
        ctx.report([...at, e.key], e.keyNode, "unsupported", `${e.key}: berth runs no relationship operations`);
      } else ctx.unknownKey(at, e.keyNode, e.key, "a relationship", relationshipKeys);
    }
    return out;
  });
}

function readInterfaces(ctx: ReadContext, node: YamlNode, path: Segment[], keyNode: YamlNode): Json {
  ctx.sources.record(path, keyNode, node);
  const out: Json = {};
  const map = ctx.expectMap(node, path, keyNode, "interfaces");
  if (map === undefined) return out;
  for (const iface of ctx.entries(map, path)) {
    const ops = ctx.expectMap(iface.value, [...path, iface.key], iface.keyNode, `interface ${iface.key}`);
    if (ops === undefined) continue;
    for (const op of ctx.entries(ops, [...path, iface.key])) {
      if (isEmptyOperation(op.value)) continue;
      if (iface.key !== LIFECYCLE) {
        ctx.report(
          [...path, iface.key, op.key],
          op.keyNode,
          "unsupported",
          `berth runs only ${LIFECYCLE} operations; ${iface.key}.${op.key} would not run`,
        );
      } else if (!(lifecycleOperations as readonly string[]).includes(op.key)) {
        ctx.unknownKey([...path, iface.key], op.keyNode, op.key, LIFECYCLE, lifecycleOperations);
      } else {
        const inputs = readOperation(
          ctx,
          op.key as LifecycleOperation,
          op.value,
          [...path.slice(0, 2), op.key],
          op.keyNode,
        );
        if (inputs !== undefined) out[op.key] = inputs;
      }
    }
  }
  return out;
}

const isEmptyOperation = (node: YamlNode): boolean =>
  (node.kind === "scalar" && (node.value === "" || node.value === null)) ||
  (node.kind === "map" && node.pairs.length === 0);

/** One lifecycle operation: its implementation must be the docker task of that operation. */
function readOperation(
  ctx: ReadContext,
  op: LifecycleOperation,
  node: YamlNode,
  path: Segment[],
  keyNode: YamlNode,
): Json | undefined {
  ctx.sources.record(path, keyNode, node);
  let implementation: { value: unknown; node: YamlNode } | undefined;
  let inputs: Json = {};
  if (node.kind === "scalar") implementation = { value: node.value, node };
  else {
    const map = ctx.expectMap(node, path, keyNode, `operation ${op}`);
    if (map === undefined) return undefined;
    for (const e of ctx.entries(map, path)) {
      if (e.key === "implementation")
        implementation = {
          value: e.value.kind === "scalar" ? e.value.value : undefined,
          node: e.value,
        };
      else if (e.key === "inputs") {
        const raw = ctx.value(e.value, path, e.keyNode);
        if (raw === null) continue;
        if (typeof raw !== "object" || Array.isArray(raw))
          ctx.report(path, e.value, "invalid_value", `inputs of ${op} is a mapping, got ${describeNode(e.value)}`);
        else inputs = raw as Json;
      } else if (e.key === "executor") {
        const executor = ctx.value(e.value, [...path, "executor"], e.keyNode);
        if (!(EXECUTORS as readonly unknown[]).includes(executor)) {
          ctx.report(
            [...path, "executor"],
            e.value,
            "invalid_value",
            `executor is ${EXECUTORS.join(" or ")}, got ${describeNode(e.value)}`,
          );
        }
      } else if (Object.hasOwn(operationKeySince, e.key)) {
        ctx.report(
          [...path, e.key],
          e.keyNode,
          "unsupported",
          `berth does not retry or time out operations; ${e.key} would be ignored`,
        );
      } else ctx.unknownKey(path, e.keyNode, e.key, `operation ${op}`, Object.keys(operationKeySince));
    }
  }
  if (!checkImplementation(ctx, op, implementation, path, keyNode)) {
    ctx.reported.add(joinPath(path)); // the operation is left out: no follow-on issues about it
    return undefined;
  }
  return inputs;
}

function checkImplementation(
  ctx: ReadContext,
  op: LifecycleOperation,
  implementation: { value: unknown; node: YamlNode } | undefined,
  path: Segment[],
  keyNode: YamlNode,
): boolean {
  const expected = implementationOf(op);
  if (implementation === undefined) {
    ctx.report(
      [...path, "implementation"],
      keyNode,
      "missing_value",
      `operation ${op} needs an implementation (${expected})`,
    );
    return false;
  }
  const { value, node } = implementation;
  const at = [...path, "implementation"];
  if (typeof value !== "string") {
    ctx.report(
      at,
      node,
      "invalid_value",
      `implementation is a task name such as ${expected}, got ${describeNode(node)}`,
    );
    return false;
  }
  if (value === expected) return true;
  if (value.startsWith(TASK_PREFIX)) {
    const task = value.slice(TASK_PREFIX.length);
    if (task === "pull") ctx.report(at, node, "unsupported", `berth does not run ${value}; ${op} runs ${expected}`);
    else if (pluginTaskNames.includes(task))
      ctx.report(at, node, "invalid_value", `${op} runs ${expected}, not ${value}`);
    else {
      const hint = closest(task, pluginTaskNames);
      ctx.report(
        at,
        node,
        "unknown_key",
        `unknown task "${value}" of the docker plugin${hint ? `; did you mean "${TASK_PREFIX}${hint}"?` : ""}`,
      );
    }
    return false;
  }
  const plugin = value.split(".")[0];
  ctx.report(
    at,
    node,
    "unsupported",
    plugin === PLUGIN || value.includes("/")
      ? `berth runs only the docker plugin's tasks (${expected}); it cannot run ${value}`
      : `operation of plugin "${plugin}" (${value}); berth runs only the docker plugin's tasks (${expected})`,
  );
  return false;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A blueprint-sourced node takes the shape a DSL-built one has (dsl/node-model.ts): the plugin's
 * `{}` defaults filled in, one daemon_client per node, and a container that is stopped and removed.
 */
function normalise(ctx: ReadContext, node: Json, path: Segment[]): void {
  const operations = node as Partial<Record<LifecycleOperation, Json>>;
  const added = lifecycleOperations.filter((op) => operations[op] === undefined);
  for (const problem of completeOperations(operations)) {
    ctx.report([...path, ...problem.path], undefined, "unsupported", problem.message);
  }
  // Operations completeOperations added hold copies of checked values: report those once, where written.
  for (const op of added) if (operations[op] !== undefined) ctx.reported.add(joinPath([...path, op]));
}
