/**
 * zod's issues, turned into PlanIssues a person can act on: one path each, unions explained
 * by the branch the value was aiming at, unknown keys with a "did you mean".
 */
import type { z } from "zod";
import { issue, joinPath, type PlanIssue } from "./issues.ts";
import { INTRINSIC_BRANCH } from "./options.ts";
import { knownKeys } from "./plan-schema.ts";
import { closest } from "./suggest.ts";
import { intrinsicKinds } from "./values.ts";

type ZodIssue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const described: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  tuple: "a list",
  object: "a mapping",
  record: "a mapping",
  null: "null",
};

const describeValue = (value: unknown): string =>
  value === undefined
    ? "nothing"
    : value === null
      ? "null"
      : Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "a mapping"
          : `${typeof value} ${JSON.stringify(value)}`;

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const looksIntrinsic = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).some((k) => (intrinsicKinds as readonly string[]).includes(k));

const toPath = (path: Path): string => joinPath(path.map((p) => (typeof p === "number" ? p : String(p))));

/** Converts zod issues for `root` into PlanIssues. */
export function fromZodIssues(root: unknown, issues: readonly ZodIssue[], prefix: Path = []): PlanIssue[] {
  return issues.flatMap((i) => fromZodIssue(root, i, prefix));
}

function fromZodIssue(root: unknown, zi: ZodIssue, prefix: Path): PlanIssue[] {
  const path = [...prefix, ...zi.path];
  const value = valueAt(root, path);
  switch (zi.code) {
    case "unrecognized_keys":
      return zi.keys.map((key) => unknownKey(path, key));
    case "invalid_union":
      return explainUnion(root, zi, path, value);
    case "invalid_type":
      if (value === undefined) return [missing(path)];
      return [
        issue(
          toPath(path),
          "invalid_value",
          `expected ${described[zi.expected] ?? zi.expected}, got ${describeValue(value)}`,
        ),
      ];
    case "invalid_key": {
      const why = zi.issues.map((inner) => humanMessage(inner)).join("; ");
      return [
        issue(toPath(path), "invalid_value", `invalid key ${JSON.stringify(String(path[path.length - 1]))}: ${why}`),
      ];
    }
    case "invalid_value":
      return [
        issue(
          toPath(path),
          "invalid_value",
          `expected one of ${zi.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(value)}`,
        ),
      ];
    case "too_small":
    case "too_big":
    case "invalid_format":
    case "custom":
      return [issue(toPath(path), "invalid_value", `${humanMessage(zi)} (got ${describeValue(value)})`)];
    default:
      return [issue(toPath(path), "invalid_value", zi.message)];
  }
}

function humanMessage(zi: ZodIssue): string {
  if (zi.code === "too_small" && zi.origin === "number")
    return zi.inclusive === false ? `must be more than ${zi.minimum}` : `must be at least ${zi.minimum}`;
  if (zi.code === "too_big" && zi.origin === "number") return `must be at most ${zi.maximum}`;
  if (zi.code === "too_small" && zi.origin === "string") return "must not be empty";
  if (zi.code === "too_small" && zi.origin === "array") return `needs at least ${zi.minimum} item(s)`;
  if (zi.message.startsWith("Invalid input")) return zi.message.replace(/^Invalid input: /, "");
  return zi.message;
}

function missing(path: Path): PlanIssue {
  const where = toPath(path);
  const key = String(path[path.length - 1]);
  if (key === "command" && path[path.length - 2] === "container_config") {
    return issue(
      where,
      "missing_command",
      "command is required: the command the container runs (the plugin's container_config.command)",
    );
  }
  return issue(where, "missing_value", `${key} is required`);
}

function unknownKey(path: Path, key: string): PlanIssue {
  const dictionary = String([...path].reverse().find((p) => typeof p === "string") ?? "plan");
  const suggestion = closest(key, knownKeys.keys());
  const homes = suggestion === undefined ? [] : (knownKeys.get(suggestion) ?? []);
  const hint =
    suggestion === undefined
      ? ""
      : homes.includes(dictionary) || homes.length === 0
        ? `; did you mean "${suggestion}"?`
        : `; did you mean "${suggestion}" (an option of ${homes.join(", ")})?`;
  return issue(toPath([...path, key]), "unknown_key", `unknown option "${key}" in ${dictionary}${hint}`);
}

function explainUnion(root: unknown, zi: z.core.$ZodIssueInvalidUnion, path: Path, value: unknown): PlanIssue[] {
  const aimsAtIntrinsic = looksIntrinsic(value);
  const branches = zi.errors.filter((branch) => {
    const isIntrinsicBranch = branch.length === 1 && branch[0]?.message === INTRINSIC_BRANCH;
    return aimsAtIntrinsic === isIntrinsicBranch || (!aimsAtIntrinsic && !isIntrinsicBranch);
  });
  if (aimsAtIntrinsic && branches.length === 0) {
    return [
      issue(
        toPath(path),
        "invalid_value",
        "an intrinsic is { get_input: name }, { get_attribute: [node, attribute, ...path] } or { get_property: [node, property, ...path] }",
      ),
    ];
  }
  // A branch that got past the top level (its issues sit deeper) is the one the value aimed at.
  const deeper = branches
    .filter((branch) =>
      branch.some((b) => b.path.length > 0 || b.code === "unrecognized_keys" || b.code === "invalid_union"),
    )
    .map((branch) => fromZodIssues(root, branch, path));
  const [best] = deeper.sort((a, b) => a.length - b.length);
  if (best !== undefined) return best;
  const expected = new Set<string>();
  for (const branch of branches) for (const leaf of branch) collectExpected(leaf, expected);
  const list = [...expected];
  const text =
    list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}` : (list[0] ?? "another value");
  return [
    value === undefined
      ? missing(path)
      : issue(toPath(path), "invalid_value", `expected ${text}, got ${describeValue(value)}`),
  ];
}

function collectExpected(zi: ZodIssue, into: Set<string>): void {
  if (zi.code === "invalid_type") into.add(described[zi.expected] ?? zi.expected);
  else if (zi.code === "invalid_value") for (const v of zi.values) into.add(JSON.stringify(v));
  else if (zi.code === "invalid_union")
    for (const branch of zi.errors)
      for (const leaf of branch)
        if (leaf.message !== INTRINSIC_BRANCH) collectExpected(leaf, into);
        else if (zi.message !== INTRINSIC_BRANCH) into.add(humanMessage(zi));
}
