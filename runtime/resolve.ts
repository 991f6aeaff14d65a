/**
 * Intrinsic functions, resolved when an operation runs: `get_input` from the run's inputs or the
 * declared defaults, `get_property` from node templates, `get_attribute` from runtime
 * properties (falling back to properties, then null, as Cloudify does). Returns new values;
 * the plan is never written to.
 */
import { err, ok, type Result } from "neverthrow";
import { issue } from "../dsl/issues.ts";
import { isIntrinsic, type Plan, type PlanIssueCode, type Value } from "../dsl/mod.ts";
import { setOwn } from "../dsl/own-key.ts";
import { lookUpPath } from "../dsl/values.ts";
import { berthError } from "./errors.ts";
import type { BerthError } from "./types.ts";

export type Inputs = Readonly<Record<string, Value>>;

export interface ResolveScope {
  readonly plan: Plan;
  readonly inputs: Inputs;
  /** The node whose operation is running: what SELF means. */
  readonly self: string;
  /** Current runtime properties of a node, if it has any. */
  readonly attributes: (node: string) => object | undefined;
}

/** Resolving fails only on the plan's own terms: a missing input, or a reference to nothing. */
export type ResolveError = BerthError<"InvalidPlan" | "MissingInput">;

/**
 * The run's inputs: given values over declared defaults. An input without either is a
 * MissingInput (or, with `missing: "leave-out"`, left out, so only a value that uses it fails);
 * a value for an input the plan does not declare is an InvalidPlan (a typo).
 */
export function resolveInputs(
  plan: Plan,
  given: Inputs = {},
  { missing: whenMissing = "error" }: { readonly missing?: "error" | "leave-out" } = {},
): Result<Inputs, ResolveError> {
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(plan.inputs, name));
  if (unknown.length > 0) {
    return err(
      berthError(
        "InvalidPlan",
        `unknown input(s) ${unknown.map((n) => `"${n}"`).join(", ")}; the plan declares ${Object.keys(plan.inputs).join(", ") || "none"}`,
        {
          issues: unknown.map((n) =>
            issue(`inputs.${n}`, "undeclared_input", `"${n}" is not an input of plan ${plan.name}`),
          ),
        },
      ),
    );
  }
  const out: Record<string, Value> = {};
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(plan.inputs)) {
    if (Object.hasOwn(given, name)) setOwn(out, name, given[name] as Value);
    else if (declaration.default !== undefined) setOwn(out, name, declaration.default);
    else missing.push(name);
  }
  if (missing.length > 0 && whenMissing === "error") {
    return err(
      berthError(
        "MissingInput",
        `no value for input(s) ${missing.map((n) => `"${n}"`).join(", ")}: pass them in inputs (they have no default)`,
        { inputs: missing, path: `inputs.${missing[0]}` },
      ),
    );
  }
  return ok(out);
}

const MAX_DEPTH = 32;

/** One problem found while resolving, as an InvalidPlan with that one issue. */
const invalidAt = (path: string, code: PlanIssueCode, message: string): BerthError<"InvalidPlan"> =>
  berthError("InvalidPlan", message, { issues: [issue(path, code, message)] });

/** Resolves every intrinsic inside `value`; `path` names where it sits, for error messages. */
export function resolveValue(
  value: unknown,
  scope: ResolveScope,
  path: string,
  depth = 0,
): Result<unknown, ResolveError> {
  if (depth > MAX_DEPTH) return err(invalidAt(path, "invalid_value", `intrinsic functions nest too deeply at ${path}`));
  if (isIntrinsic(value)) return resolveIntrinsic(value as unknown as Record<string, unknown>, scope, path, depth);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, item] of value.entries()) {
      const r = resolveValue(item, scope, `${path}[${i}]`, depth);
      if (r.isErr()) return err(r.error);
      out.push(r.value);
    }
    return ok(out);
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(value)) {
      const r = resolveValue(child, scope, `${path}.${k}`, depth);
      if (r.isErr()) return err(r.error);
      setOwn(out, k, r.value);
    }
    return ok(out);
  }
  return ok(value);
}

function resolveIntrinsic(
  value: Record<string, unknown>,
  scope: ResolveScope,
  path: string,
  depth: number,
): Result<unknown, ResolveError> {
  if ("get_input" in value) {
    const name = String(value.get_input);
    if (!Object.hasOwn(scope.inputs, name)) {
      return err(
        berthError("MissingInput", `input "${name}" has no value (used at ${path})`, { inputs: [name], path }),
      );
    }
    return ok(scope.inputs[name]);
  }
  const isAttribute = "get_attribute" in value;
  const args = (isAttribute ? value.get_attribute : value.get_property) as readonly (string | number)[];
  const [nodeRef, ...keys] = args;
  if (nodeRef === "SOURCE" || nodeRef === "TARGET") {
    return err(
      invalidAt(
        path,
        "unsupported",
        `${String(nodeRef)} only works in relationship operations, which berth does not run (${path})`,
      ),
    );
  }
  const nodeName = nodeRef === "SELF" ? scope.self : String(nodeRef);
  const node = scope.plan.nodes[nodeName];
  if (node === undefined)
    return err(invalidAt(path, "unknown_node", `"${nodeName}" is not a node of this plan (${path})`));
  // The target's own properties may hold intrinsics: resolve them with SELF = the target.
  const inTarget: ResolveScope = { ...scope, self: nodeName };
  if (isAttribute) {
    const fromRuntime = lookUpPath(scope.attributes(nodeName), keys);
    if (fromRuntime.kind === "found") return ok(fromRuntime.value);
    const fromProperties = lookUpPath(node.properties, keys);
    return fromProperties.kind === "found" ? resolveValue(fromProperties.value, inTarget, path, depth + 1) : ok(null);
  }
  const found = lookUpPath(node.properties, keys);
  if (found.kind !== "found") {
    return err(
      invalidAt(
        path,
        "missing_value",
        `node "${nodeName}" has no property ${keys.map(String).join(".")} (get_property at ${path})`,
      ),
    );
  }
  return resolveValue(found.value, inTarget, path, depth + 1);
}
