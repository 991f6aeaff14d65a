/**
 * The state of one blueprint conversion: the issues found so far, the path → position map,
 * and the YAML walkers every section reader shares.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { joinPath, type PlanIssueCode } from "../dsl/issues.ts";
import { closest } from "../dsl/suggest.ts";
import { type BlueprintIssue, blueprintIssue } from "./blueprint-issue.ts";
import { otherFunctionsSince } from "./cloudify-types.ts";
import { SourceMap } from "./source-map.ts";

export type Segment = string | number;

export class ReadContext {
  readonly issues: BlueprintIssue[] = [];
  readonly sources = new SourceMap();
  /** Paths the reader already reported; validate's issues at or under them are dropped. */
  readonly reported = new Set<string>();

  constructor(
    readonly doc: Document,
    readonly lines: LineCounter,
    readonly file: string | undefined,
  ) {}

  report(path: readonly Segment[], at: Node | null | undefined, code: PlanIssueCode, message: string): void {
    const joined = joinPath(path);
    this.reported.add(joined);
    const offset = at?.range?.[0] ?? this.sources.offsetOf(joined, false);
    this.issues.push(blueprintIssue(this.lines, offset, joined, code, message, this.file));
  }

  /** Follows an alias to the node it names. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /** The pairs of a mapping with their keys as strings; reports non-scalar keys. */
  entries(map: YAMLMap, path: readonly Segment[]): { key: string; keyNode: Node; value: Node | null }[] {
    const out: { key: string; keyNode: Node; value: Node | null }[] = [];
    for (const pair of map.items as Pair[]) {
      const keyNode = this.resolve(pair.key);
      if (!isScalar(keyNode)) {
        this.report(path, keyNode ?? map, "invalid_value", "a mapping key must be plain text");
        continue;
      }
      out.push({ key: String(keyNode.value), keyNode, value: this.resolve(pair.value) });
    }
    return out;
  }

  /** A mapping at `path`, or a reported issue and undefined. */
  expectMap(node: Node | null, path: readonly Segment[], keyNode: Node | undefined, what: string): YAMLMap | undefined {
    if (isMap(node)) return node;
    this.report(path, node ?? keyNode, "invalid_value", `${what} is a mapping, got ${describeNode(node)}`);
    return undefined;
  }

  /** Reports an unknown key with the closest known one. */
  unknownKey(path: readonly Segment[], keyNode: Node, key: string, where: string, known: readonly string[]): void {
    const suggestion = closest(key, known);
    const hint = suggestion === undefined ? `; expected one of ${known.join(", ")}` : `; did you mean "${suggestion}"?`;
    this.report([...path, key], keyNode, "unknown_key", `unknown key "${key}" in ${where}${hint}`);
  }

  /**
   * A YAML value as plain JSON data, recording the position of every nested path. Reports
   * values a plan cannot hold and Cloudify functions berth does not evaluate.
   */
  value(node: Node | null, path: readonly Segment[], keyNode?: Node): unknown {
    this.sources.record(joinPath(path), keyNode, node);
    if (node === null) return null;
    if (isScalar(node)) return this.scalar(node, path);
    if (isSeq(node)) return node.items.map((item, i) => this.value(this.resolve(item), [...path, i]));
    if (isMap(node)) {
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
    if (isPair(node)) return null;
    this.report(path, node, "invalid_value", "unsupported YAML value");
    return null;
  }

  private scalar(node: Node & { value: unknown }, path: readonly Segment[]): unknown {
    const v = node.value;
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    this.report(path, node, "invalid_value", `a plan holds JSON values only, got ${String(v)}`);
    return null;
  }
}

export function describeNode(node: Node | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return node.value === null ? "null" : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return "another YAML value";
}
