/**
 * Cloudify blueprint YAML → Plan. Reads the YAML tree with its source positions, so every
 * issue, the reader's own and `validate`'s, carries a line and column.
 */
import { err, ok, type Result } from "neverthrow";
import type { ValidPlan } from "../../dsl/plan-types.ts";
import { validate } from "../../dsl/validate.ts";
import { deepFreeze } from "../../dsl/values.ts";
import {
  type DslVersion,
  dslVersions,
  isDslVersion,
  keySince,
  topLevelKeySince,
  versionAtLeast,
} from "../cloudify/cloudify-types.ts";
import { type BlueprintIssue, blueprintIssue, LineIndex } from "./blueprint-issue.ts";
import { DESCRIPTION_LABEL, NAME_LABEL, readHeader } from "./header-comment.ts";
import { readNode } from "./node-reader.ts";
import { describeNode, ReadContext } from "./read-context.ts";
import { readYamlTree, type YamlNode } from "./yaml-tree.ts";

export interface FromBlueprintOptions {
  /** Shown in issues, and the plan's name when the blueprint has no `# berth plan:` comment. */
  readonly file?: string;
  /** The plan's name when the blueprint has no `# berth plan:` comment. */
  readonly name?: string;
}

type Json = Record<string, unknown>;

const inputKeys = ["description", "default", "type"];
const outputKeys = ["description", "value"];

/**
 * Reads a blueprint that uses the docker plugin into a Plan, checked by `validate`. The plan's
 * name comes from the `# berth plan:` comment, else `options.name`, else the file's basename,
 * else "blueprint".
 *
 * ```ts
 * fromBlueprint(readFileSync("bp.yaml", "utf8"), { file: "bp.yaml" }).match(
 *   (plan) => up(plan),
 *   (issues) => console.error(formatBlueprintIssues(issues)),
 * );
 * ```
 */
export function fromBlueprint(text: string, options: FromBlueprintOptions = {}): Result<ValidPlan, BlueprintIssue[]> {
  const lines = new LineIndex(text);
  const tree = readYamlTree(text);
  if (tree.problems.length > 0) {
    return err(tree.problems.map((p) => blueprintIssue(lines, p.offset, "", "syntax", p.message, options.file)));
  }
  const ctx = new ReadContext(lines, options.file);
  const header = readHeader(text);
  const plan: Json = {
    name: header.get(NAME_LABEL) ?? options.name ?? baseName(options.file) ?? "blueprint",
    inputs: {},
    nodes: {},
    outputs: {},
  };
  const root = ctx.expectMap(tree.root, [], undefined, "a blueprint");
  if (root !== undefined) readRoot(ctx, root, plan, header.get(DESCRIPTION_LABEL));
  const issues = [...ctx.issues];
  const validated = validate(deepFreeze(plan));
  if (validated.isErr()) {
    for (const i of validated.error) {
      if (isUnder(i.path, ctx.reported)) continue;
      const offset = ctx.sources.offsetOf(i.path, i.code === "unknown_key");
      issues.push(blueprintIssue(lines, offset, i.path, i.code, i.message, options.file));
    }
  }
  if (issues.length > 0 || validated.isErr()) return err(issues.sort((a, b) => a.line - b.line || a.column - b.column));
  return ok(validated.value);
}

function readRoot(
  ctx: ReadContext,
  root: Parameters<ReadContext["entries"]>[0],
  plan: Json,
  commentDescription: string | undefined,
): void {
  const entries = ctx.entries(root, []);
  const versionEntry = entries.find((e) => e.key === "tosca_definitions_version");
  let version: DslVersion = "cloudify_dsl_1_0";
  if (versionEntry === undefined) {
    ctx.report(
      ["tosca_definitions_version"],
      root,
      "missing_value",
      `tosca_definitions_version is required (one of ${dslVersions.join(", ")})`,
    );
  } else {
    const v = ctx.value(versionEntry.value, ["tosca_definitions_version"], versionEntry.keyNode);
    if (isDslVersion(v)) version = v;
    else
      ctx.report(
        ["tosca_definitions_version"],
        versionEntry.value,
        "invalid_value",
        `unknown DSL version ${describeNode(versionEntry.value)}; expected one of ${dslVersions.join(", ")}`,
      );
  }
  if (commentDescription !== undefined) plan.description = commentDescription;
  const sections: Record<string, (value: YamlNode, key: YamlNode) => void> = {
    tosca_definitions_version: () => undefined,
    dsl_definitions: () => undefined, // anchors only; aliases are resolved where used
    description: (value, key) => {
      plan.description = ctx.value(value, ["description"], key);
    },
    imports: (value, key) => {
      const imports = ctx.value(value, ["imports"], key);
      if (!Array.isArray(imports) || imports.some((i) => typeof i !== "string")) {
        ctx.report(["imports"], value ?? key, "invalid_value", "imports is a list of URLs or paths");
      }
    },
    inputs: (value, key) => {
      plan.inputs = declarations(ctx, value, key, "inputs", inputKeys, "an input");
    },
    node_templates: (value, key) => {
      ctx.sources.record("nodes", key, value);
      const map = ctx.expectMap(value, ["nodes"], key, "node_templates");
      if (map === undefined) return;
      plan.nodes = Object.fromEntries(
        ctx.entries(map, ["nodes"]).map((e) => [e.key, readNode(ctx, e.key, e.value, e.keyNode)]),
      );
    },
    outputs: (value, key) => {
      plan.outputs = declarations(ctx, value, key, "outputs", outputKeys, "an output");
    },
  };
  for (const e of entries) {
    const since = keySince(topLevelKeySince, e.key);
    if (since !== undefined && !versionAtLeast(version, since)) {
      ctx.report(
        [e.key],
        e.keyNode,
        "invalid_value",
        `${e.key} needs ${since} or later, this blueprint is ${version} (Cloudify error 102)`,
      );
    }
    const section = Object.hasOwn(sections, e.key) ? sections[e.key] : undefined; // not Object.prototype's
    if (section !== undefined) section(e.value, e.keyNode);
    else if (since !== undefined) {
      ctx.report(
        [e.key],
        e.keyNode,
        "unsupported",
        `berth does not support ${e.key}; it runs the built-in Cloudify 3.1 types and the docker plugin's tasks`,
      );
    } else ctx.unknownKey([], e.keyNode, e.key, "the blueprint", Object.keys(topLevelKeySince));
  }
}

/** `inputs` or `outputs`: named mappings with a fixed set of keys. */
function declarations(
  ctx: ReadContext,
  value: YamlNode,
  key: YamlNode,
  section: string,
  known: readonly string[],
  what: string,
): Json {
  ctx.sources.record(section, key, value);
  const map = ctx.expectMap(value, [section], key, section);
  if (map === undefined) return {};
  const out: Json = {};
  for (const e of ctx.entries(map, [section])) {
    const at = [section, e.key];
    ctx.sources.record(`${section}.${e.key}`, e.keyNode, e.value);
    const declaration: Json = {};
    Object.defineProperty(out, e.key, { value: declaration, enumerable: true, writable: true, configurable: true });
    const decl = ctx.expectMap(e.value, at, e.keyNode, `${what} declaration`);
    if (decl === undefined) continue;
    for (const d of ctx.entries(decl, at)) {
      if (known.includes(d.key)) declaration[d.key] = ctx.value(d.value, [...at, d.key], d.keyNode);
      else ctx.unknownKey(at, d.keyNode, d.key, `${what} "${e.key}"`, known);
    }
  }
  return out;
}

const baseName = (file: string | undefined): string | undefined =>
  file === undefined
    ? undefined
    : file
        .split(/[\\/]/)
        .pop()
        ?.replace(/\.ya?ml$/i, "") || undefined;

const isUnder = (path: string, reported: ReadonlySet<string>): boolean => {
  for (const r of reported) {
    if (path === r || (path.startsWith(r) && (path[r.length] === "." || path[r.length] === "["))) return true;
  }
  return false;
};
