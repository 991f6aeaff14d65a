/**
 * `validate()`: every problem of a plan at once, each with a path, before codegen and before
 * the runtime touches Docker. It trusts nothing: plans from YAML or JSON go through the same.
 */
import { err, ok, type Result } from "neverthrow";
import { attributeSources } from "./attribute-sources.ts";
import { issue, joinPath, type PlanIssue } from "./issues.ts";
import { imageSourceIssue, shapeIssues } from "./node-model.ts";
import { lifecycleOperations } from "./operations.ts";
import { buildIssuesOf } from "./plan.ts";
import { planSchema } from "./plan-schema.ts";
import type { Plan, PlanNode, ValidPlan } from "./plan-types.ts";
import { posixShlexSplit } from "./shlex.ts";
import { isIntrinsic, lookUpPath } from "./values.ts";
import { fromZodIssues } from "./zod-issues.ts";

/** Node and plan names become container names and label values: Docker's name rules apply. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Checks a plan and returns it branded as valid, or every problem found.
 *
 * ```ts
 * validate(plan("demo", [db])).match(
 *   (valid) => up(valid),
 *   (issues) => console.error(formatIssues(issues)),
 * );
 * ```
 */
export function validate(candidate: unknown): Result<ValidPlan, PlanIssue[]> {
  const parsed = planSchema.safeParse(candidate);
  const issues: PlanIssue[] = [];
  if (typeof candidate === "object" && candidate !== null) issues.push(...buildIssuesOf(candidate as Plan));
  if (!parsed.success) {
    issues.push(...fromZodIssues(candidate, parsed.error.issues));
    // Semantic checks need the shape; run those that can still see it, on what is there.
    if (!hasNodeRecord(candidate)) return err(issues);
  }
  issues.push(...semanticIssues(candidate as Plan));
  return issues.length > 0 ? err(dedupe(issues)) : ok(candidate as ValidPlan);
}

const hasNodeRecord = (c: unknown): boolean =>
  typeof c === "object" && c !== null && typeof (c as Plan).nodes === "object" && (c as Plan).nodes !== null;

function dedupe(issues: PlanIssue[]): PlanIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\0${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function semanticIssues(p: Plan): PlanIssue[] {
  const nodes = Object.entries(p.nodes).filter(([, n]) => typeof n === "object" && n !== null);
  const names = new Set(nodes.map(([name]) => name));
  const out: PlanIssue[] = [];
  if (typeof p.name === "string" && !NAME.test(p.name)) {
    out.push(
      issue(
        "name",
        "invalid_name",
        `plan name "${p.name}" must start with a letter or digit and use only letters, digits, "_", "." or "-"`,
      ),
    );
  }
  for (const [name, node] of nodes) {
    const at = (...rest: (string | number)[]) => joinPath(["nodes", name, ...rest]);
    if (!NAME.test(name)) {
      out.push(
        issue(
          at(),
          "invalid_name",
          `node name "${name}" must start with a letter or digit and use only letters, digits, "_", "." or "-"`,
        ),
      );
    }
    out.push(...relationshipIssues(name, node, names));
    out.push(...imageSourceIssues(node, name));
    out.push(...commandIssues(node, at));
  }
  out.push(...cycleIssues(nodes, attributeSources(p)));
  out.push(...referenceIssues(p, names));
  return out;
}

/** A command or entrypoint given as one string must split as Python's shlex splits it (an unclosed quote does not). */
function commandIssues(node: PlanNode, at: (...rest: (string | number)[]) => string): PlanIssue[] {
  const config = node.configure?.container_config as Record<string, unknown> | undefined;
  if (typeof config !== "object" || config === null) return [];
  return (["command", "entrypoint"] as const).flatMap((key) => {
    const value = config[key];
    const problem = typeof value === "string" ? posixShlexSplit(value) : undefined;
    return typeof problem === "string"
      ? [issue(at("configure", "container_config", key), "invalid_value", `${problem} in ${JSON.stringify(value)}`)]
      : [];
  });
}

function relationshipIssues(name: string, node: PlanNode, names: ReadonlySet<string>): PlanIssue[] {
  if (!Array.isArray(node.relationships)) return [];
  const out: PlanIssue[] = [];
  node.relationships.forEach((r, i) => {
    if (typeof r?.target === "string" && !names.has(r.target)) {
      out.push(
        issue(
          joinPath(["nodes", name, "relationships", i, "target"]),
          "unknown_node",
          `relationship to "${r.target}", which is not a node of this plan`,
        ),
      );
    }
  });
  const hosts = node.relationships.filter((r) => r?.type === "cloudify.relationships.contained_in");
  if (hosts.length > 1) {
    out.push(
      issue(
        joinPath(["nodes", name, "relationships"]),
        "multiple_hosts",
        `a node is contained in at most one host; "${name}" names ${hosts.length}`,
      ),
    );
  }
  return out;
}

function imageSourceIssues(node: PlanNode, name: string): PlanIssue[] {
  const at = ["nodes", name];
  if (!lifecycleOperations.some((op) => node[op] !== undefined)) return [];
  if (node.configure === undefined) {
    return [
      issue(
        joinPath([...at, "configure"]),
        "missing_value",
        "a container node needs a configure operation with container_config.command",
      ),
    ];
  }
  const source = imageSourceIssue(node, at);
  return [...(source === undefined ? [] : [source]), ...shapeIssues(node, at)];
}

/**
 * Cycles in the order nodes are installed in: relationships, and get_attribute reads (a reader
 * runs after the node it reads). A cycle through a read would leave one reader with null.
 */
function cycleIssues(
  nodes: readonly (readonly [string, PlanNode])[],
  reads: ReadonlyMap<string, ReadonlySet<string>>,
): PlanIssue[] {
  const edges = new Map<string, unknown[]>(
    nodes.map(([name, n]) => [
      name,
      [...(Array.isArray(n.relationships) ? n.relationships.map((r) => r?.target) : []), ...(reads.get(name) ?? [])],
    ]),
  );
  const isRead = (from: string, to: string) => reads.get(from)?.has(to) === true;
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const out: PlanIssue[] = [];
  const visit = (name: string): void => {
    state.set(name, "visiting");
    stack.push(name);
    for (const target of edges.get(name) ?? []) {
      if (typeof target !== "string" || !edges.has(target)) continue;
      if (state.get(target) === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const throughRead = cycle.slice(1).some((to, i) => isRead(cycle[i] as string, to));
        out.push(
          issue(
            joinPath(["nodes", target, "relationships"]),
            "cycle",
            `dependency cycle: ${cycle.join(" -> ")}${throughRead ? " (a node that reads another's attribute with get_attribute runs after it)" : ""}`,
          ),
        );
      } else if (state.get(target) === undefined) visit(target);
    }
    stack.pop();
    state.set(name, "done");
  };
  for (const [name] of nodes) if (state.get(name) === undefined) visit(name);
  return out;
}

/**
 * The part of a get_property path that a node's properties do not have, as far as they can be
 * known before a run (the lookup stops at an intrinsic, whose value only the run knows).
 */
function missingProperty(p: Plan, owner: string, keys: readonly unknown[]): string | undefined {
  const node = (p.nodes as Record<string, PlanNode | undefined>)[owner];
  if (node === undefined) return undefined;
  const found = lookUpPath(node.properties ?? {}, keys, true);
  return found.kind === "missing"
    ? keys
        .slice(0, found.missing + 1)
        .map(String)
        .join(".")
    : undefined;
}

/** get_input names a declared input; get_attribute / get_property name a node of the plan. */
function referenceIssues(p: Plan, names: ReadonlySet<string>): PlanIssue[] {
  const out: PlanIssue[] = [];
  const inputs = typeof p.inputs === "object" && p.inputs !== null ? p.inputs : {};
  // One path, pushed and popped as the walk goes; copied only into an issue.
  const path: (string | number)[] = [];
  const walk = (value: unknown, inOutputs: boolean): void => {
    if (isIntrinsic(value)) {
      if ("get_input" in value && typeof value.get_input === "string" && !Object.hasOwn(inputs, value.get_input)) {
        out.push(
          issue(
            joinPath(path),
            "undeclared_input",
            `input "${value.get_input}" is used but not declared; declare it with input("${value.get_input}", {...}) or under inputs`,
          ),
        );
      }
      const target =
        "get_attribute" in value ? value.get_attribute : "get_property" in value ? value.get_property : undefined;
      const [nodeName] = Array.isArray(target) ? target : [];
      if (typeof nodeName === "string") {
        if (nodeName === "SELF" && inOutputs)
          out.push(issue(joinPath(path), "invalid_value", "SELF cannot be used in outputs; name the node"));
        else if (!["SELF", "SOURCE", "TARGET"].includes(nodeName) && !names.has(nodeName)) {
          out.push(issue(joinPath(path), "unknown_node", `"${nodeName}" is not a node of this plan`));
        } else if ("get_property" in value && Array.isArray(target)) {
          const owner = nodeName === "SELF" && !inOutputs ? path[1] : nodeName;
          const missing = typeof owner === "string" ? missingProperty(p, owner, target.slice(1)) : undefined;
          if (missing !== undefined)
            out.push(
              issue(
                joinPath(path),
                "missing_value",
                `node "${owner}" has no property ${missing} (get_property at ${joinPath(path)})`,
              ),
            );
        }
      }
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], inOutputs);
        path.pop();
      }
    } else if (typeof value === "object" && value !== null) {
      for (const k of Object.keys(value)) {
        path.push(k);
        walk((value as Record<string, unknown>)[k], inOutputs);
        path.pop();
      }
    }
  };
  path.push("nodes");
  walk(p.nodes, false);
  path.splice(0, 1, "outputs");
  walk(p.outputs, true);
  return out;
}
