/**
 * The state of one blueprint conversion: the issues found so far, the path → position map,
 * and the YAML walkers every section reader shares.
 */
import { joinPath, type PlanIssueCode } from "../../dsl/issues.ts";
import { closest } from "../../dsl/suggest.ts";
import { otherFunctionsSince } from "../cloudify/cloudify-types.ts";
import { type BlueprintIssue, blueprintIssue, type LineIndex } from "./blueprint-issue.ts";
import { SourceMap } from "./source-map.ts";
import type { YamlMap, YamlNode, YamlScalar } from "./yaml-tree.ts";

export type Segment = string | number;

export class ReadContext {
  readonly issues: BlueprintIssue[] = [];
  readonly sources = new SourceMap();
  /** Paths the reader already reported; validate's issues at or under them are dropped. */
  readonly reported = new Set<string>();

  constructor(
    readonly lines: LineIndex,
    readonly file: string | undefined,
  ) {}

  report(path: readonly Segment[], at: YamlNode | null | undefined, code: PlanIssueCode, message: string): void {
    const joined = joinPath(path);
    this.reported.add(joined);
    const offset = at?.start ?? this.sources.offsetOf(joined, false);
    this.issues.push(blueprintIssue(this.lines, offset, joined, code, message, this.file));
  }

  /** The pairs of a mapping with their keys as strings; reports non-scalar keys. */
  entries(map: YamlMap, path: readonly Segment[]): { key: string; keyNode: YamlScalar; value: YamlNode }[] {
    const out: { key: string; keyNode: YamlScalar; value: YamlNode }[] = [];
    for (const pair of map.pairs) {
      if (pair.key.kind !== "scalar") {
        this.report(path, pair.key, "invalid_value", "a mapping key must be plain text");
        continue;
      }
      out.push({ key: String(pair.key.value), keyNode: pair.key, value: pair.value });
    }
    return out;
  }

  /** A mapping at `path`, or a reported issue and undefined. */
  expectMap(
    node: YamlNode | null,
    path: readonly Segment[],
    keyNode: YamlNode | undefined,
    what: string,
  ): YamlMap | undefined {
    if (node?.kind === "map") return node;
    this.report(path, node ?? keyNode, "invalid_value", `${what} is a mapping, got ${describeNode(node)}`);
    return undefined;
  }

  /** Reports an unknown key with the closest known one. */
  unknownKey(path: readonly Segment[], keyNode: YamlNode, key: string, where: string, known: readonly string[]): void {
    const suggestion = closest(key, known);
    const hint = suggestion === undefined ? `; expected one of ${known.join(", ")}` : `; did you mean "${suggestion}"?`;
    this.report([...path, key], keyNode, "unknown_key", `unknown key "${key}" in ${where}${hint}`);
  }

  /**
   * A YAML value as plain JSON data, recording the position of every nested path. Reports
   * values a plan cannot hold and Cloudify functions berth does not evaluate.
   */
  value(node: YamlNode, path: readonly Segment[], keyNode?: YamlNode): unknown {
    this.sources.record(path, keyNode, node);
    if (node.kind === "scalar") return this.scalar(node, path);
    if (node.kind === "seq") return node.items.map((item, i) => this.value(item, [...path, i]));
    const entries = this.entries(node, path);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined && Object.hasOwn(otherFunctionsSince, only.key)) {
      this.report(
        path,
        only.keyNode,
        "unsupported",
        `${only.key} is a Cloudify function berth does not evaluate; berth evaluates get_input, get_attribute and get_property`,
      );
    }
    return Object.fromEntries(entries.map((e) => [e.key, this.value(e.value, [...path, e.key], e.keyNode)]));
  }

  /**
   * A plan is JSON, whose numbers are doubles. An integer beyond 2^53 that a double holds exactly
   * (2^60) is kept; one it cannot (12345678901234567890) is reported rather than rounded, as are
   * .inf and .nan: quoting them keeps them as text.
   */
  private scalar(node: YamlScalar, path: readonly Segment[]): unknown {
    const v = node.value;
    if (typeof v === "bigint") {
      const n = Number(v);
      if (Number.isFinite(n) && BigInt(n) === v) return n;
      this.report(
        path,
        node,
        "invalid_value",
        `the integer ${v} is more than a plan holds exactly (a JSON number is a double${Number.isFinite(n) ? `, which would make it ${BigInt(n)}` : ""}); quote it to keep it as text`,
      );
      return null;
    }
    if (typeof v !== "number" || Number.isFinite(v)) return v;
    const name = Number.isNaN(v) ? "not-a-number (.nan)" : v > 0 ? "infinity (.inf)" : "minus infinity (-.inf)";
    this.report(
      path,
      node,
      "invalid_value",
      `${name} is not a JSON number, and a plan holds JSON values only; quote it to keep it as text`,
    );
    return null;
  }
}

export function describeNode(node: YamlNode | null): string {
  if (node === null) return "nothing";
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  const v = node.value;
  return v === null ? "null" : typeof v === "bigint" ? `number ${v}` : `${typeof v} ${JSON.stringify(v)}`;
}
