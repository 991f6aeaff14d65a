/**
 * The plan checked again with the run's input values in place, before anything is created: a
 * value an input brings (a host port of 99999, "abc" for an integer input, a command with an
 * unclosed quote) fails here, with the input named, as the same value written in the plan fails
 * `validate`, instead of at its node after other nodes' containers were made.
 */
import { err, ok, type Result } from "neverthrow";
import { issue, joinPath, type PlanIssue } from "../dsl/issues.ts";
import { type Plan, type Value, validate } from "../dsl/mod.ts";
import { setOwn } from "../dsl/own-key.ts";
import { isIntrinsic } from "../dsl/values.ts";
import { berthError } from "./errors.ts";
import type { Inputs } from "./resolve.ts";
import type { BerthError } from "./types.ts";

export function checkWithInputs(plan: Plan, inputs: Inputs): Result<void, BerthError<"InvalidPlan">> {
  if (Object.keys(inputs).length === 0) return ok(undefined);
  const used = new Map<string, string>();
  const nodes = substitute(plan.nodes, inputs, ["nodes"], used);
  const issues = [
    ...typeIssues(plan, inputs),
    ...validate({ ...plan, nodes }).match(
      () => [],
      (found) => found,
    ),
  ];
  if (issues.length === 0) return ok(undefined);
  const messages = new Map<string, PlanIssue[]>();
  for (const i of issues) {
    const input = inputAt(i.path, used);
    const named =
      input === undefined || i.path.startsWith("inputs.")
        ? i
        : issue(i.path, i.code, `input "${input}" = ${JSON.stringify(inputs[input])}: ${i.message}`);
    messages.set(named.message, [...(messages.get(named.message) ?? []), named]);
  }
  // One input used in several places (a node's daemon_client goes to each of its operations)
  // breaks each the same way: said once, with how many more places.
  const named = [...messages.values()].map(([first, ...more]) =>
    more.length === 0 || first === undefined
      ? (first as PlanIssue)
      : issue(
          first.path,
          first.code,
          `${first.message} (and in ${more.length} more place${more.length === 1 ? "" : "s"})`,
        ),
  );
  return err(
    berthError(
      "InvalidPlan",
      named.length === 1
        ? `with the inputs given, ${named[0]?.path}: ${named[0]?.message}`
        : `the inputs given make the plan invalid (${named.length} problems)`,
      { issues: named },
    ),
  );
}

/** A declared input type the value does not have. */
function typeIssues(plan: Plan, inputs: Inputs): PlanIssue[] {
  const fits: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    integer: (v) => typeof v === "number" && Number.isInteger(v),
    float: (v) => typeof v === "number",
    boolean: (v) => typeof v === "boolean",
  };
  return Object.entries(plan.inputs).flatMap(([name, declaration]) => {
    const value = inputs[name];
    const type = declaration.type;
    return type === undefined || value === undefined || fits[type]?.(value) !== false
      ? []
      : [issue(`inputs.${name}`, "invalid_value", `input "${name}" is declared ${type}, got ${JSON.stringify(value)}`)];
  });
}

/** The input whose value sits at `path` or holds it (a whole dict given as one input). */
function inputAt(path: string, used: ReadonlyMap<string, string>): string | undefined {
  for (let p = path; p !== ""; p = p.replace(/(\.[^.[\]]+|\[\d+\]|^[^.[\]]+)$/, "")) {
    const input = used.get(p);
    if (input !== undefined) return input;
  }
  return undefined;
}

function substitute(value: unknown, inputs: Inputs, path: (string | number)[], used: Map<string, string>): unknown {
  if (isIntrinsic(value)) {
    if ("get_input" in value && typeof value.get_input === "string" && Object.hasOwn(inputs, value.get_input)) {
      used.set(joinPath(path), value.get_input);
      return inputs[value.get_input] as Value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, inputs, [...path, i], used));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(value)) setOwn(out, k, substitute(child, inputs, [...path, k], used));
    return out;
  }
  return value;
}
