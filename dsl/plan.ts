/** `plan()`: gathers built nodes into a frozen, JSON-serialisable Plan. */
import { issue, type PlanIssue } from "./issues.ts";
import type { PlannableNode } from "./node-builder.ts";
import { setOwn } from "./own-key.ts";
import type { OutputDeclaration, Plan, PlanNode } from "./plan-types.ts";
import { deepFreeze, type InputDeclaration, inputDeclarationOf, type Value } from "./values.ts";

export interface PlanOptions {
  readonly description?: string;
  /** Inputs declared up front; `input(name, {...})` used in a node declares itself too. */
  readonly inputs?: Readonly<Record<string, InputDeclaration>>;
  readonly outputs?: Readonly<Record<string, OutputDeclaration>>;
}

// Problems that only plan() can see (two nodes of one name collapse into one record key).
// Kept beside the plan, not in it, so the plan stays plain data; validate() reports them.
const buildIssues = new WeakMap<Plan, readonly PlanIssue[]>();

/** Problems found while the plan was assembled; validate() reports these with its own. */
export const buildIssuesOf = (p: Plan): readonly PlanIssue[] => buildIssues.get(p) ?? [];

/**
 * Assembles nodes into a frozen Plan, collecting the inputs that `input()` declared.
 *
 * ```ts
 * export default plan("demo", [db, web], { outputs: { web_id: { value: attribute(web, "container") } } });
 * ```
 */
export function plan(name: string, nodes: readonly PlannableNode[], options: PlanOptions = {}): Plan {
  const problems: PlanIssue[] = [];
  const planNodes: Record<string, PlanNode> = {};
  for (const builder of nodes) {
    if (Object.hasOwn(planNodes, builder.name)) {
      problems.push(
        issue(
          `nodes.${builder.name}`,
          "duplicate_node",
          `two nodes are named "${builder.name}"; node names must be unique`,
        ),
      );
      continue;
    }
    planNodes[builder.name] = builder.toPlanNode();
  }
  const inputs: Record<string, InputDeclaration> = { ...options.inputs };
  collectInputDeclarations([planNodes, options.outputs ?? {}], inputs, problems);
  const result: Plan = deepFreeze({
    name,
    ...(options.description !== undefined && { description: options.description }),
    inputs,
    nodes: planNodes,
    outputs: { ...options.outputs },
  });
  if (problems.length > 0) buildIssues.set(result, problems);
  return result;
}

function collectInputDeclarations(value: unknown, into: Record<string, InputDeclaration>, problems: PlanIssue[]): void {
  const declaration = inputDeclarationOf(value);
  if (declaration !== undefined) {
    const name = (value as { get_input: string }).get_input;
    const known = Object.hasOwn(into, name) ? into[name] : undefined;
    if (known === undefined) setOwn(into, name, declaration);
    else if (JSON.stringify(known) !== JSON.stringify(declaration) && Object.keys(declaration).length > 0) {
      problems.push(
        issue(`inputs.${name}`, "conflicting_input", `input "${name}" is declared twice with different settings`),
      );
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value as Record<string, Value>)) collectInputDeclarations(child, into, problems);
  }
}
