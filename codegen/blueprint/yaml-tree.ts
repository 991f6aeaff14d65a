/**
 * Blueprint text → a tree of YAML nodes that know where they start, read the way Cloudify reads
 * it: PyYAML's YAML 1.1 scalars (pyyaml-scalars.ts: `yes` is true, `y` and `1e3` are strings,
 * `1:20` is 80), anchors, aliases and `<<` merge keys. Timestamps stay strings: a plan holds JSON
 * only.
 *
 * Built from js-yaml's flat event stream, which carries a source offset for every node and
 * parses a 1,000-node blueprint (1.6 MB) in about a tenth of the time of `yaml`'s document
 * API. Problems the tree itself can see (syntax, duplicate keys, unknown aliases and tags) are
 * returned all together, each at its offset.
 */
import {
  COLLECTION_STYLE,
  EVENT_ID,
  type Event,
  getScalarValue,
  type MappingEvent,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  type SequenceEvent,
  YAMLException,
} from "js-yaml";
import { closest } from "../../dsl/suggest.ts";
import {
  construct,
  doubleQuoted,
  PYYAML_LINE_BREAK,
  PYYAML_REFUSED,
  resolvePlain,
  type ScalarTag,
  type ScalarValue,
} from "./pyyaml-scalars.ts";

export type YamlScalarValue = ScalarValue;

export type YamlNode = YamlScalar | YamlMap | YamlSeq;

/** `start` is the offset of the node's first character (a quote, not the text inside it). */
export interface YamlScalar {
  readonly kind: "scalar";
  readonly start: number;
  /** What PyYAML resolved it to; `merge` only for a `<<` key. */
  readonly tag: ScalarTag;
  readonly value: YamlScalarValue;
}

export interface YamlPair {
  readonly key: YamlNode;
  readonly value: YamlNode;
}

/** A mapping after merge keys are applied: its own pairs, then the merged ones it lacks. */
export interface YamlMap {
  readonly kind: "map";
  readonly start: number;
  /** Written on one line (`{a: 1}`), not as an indented block. */
  readonly flow: boolean;
  readonly pairs: readonly YamlPair[];
}

export interface YamlSeq {
  readonly kind: "seq";
  readonly start: number;
  readonly flow: boolean;
  readonly items: readonly YamlNode[];
}

export interface YamlProblem {
  readonly offset: number;
  readonly message: string;
}

/** The parser's terser messages, said in full. */
const parserHints: Readonly<Record<string, string>> = {
  "deficient indentation":
    "deficient indentation: this line is indented less than the value it continues (is a [, { or quote above it left open?)",
};

/** Alias expansion beyond this many nodes is refused (a "billion laughs" document). */
export const MAX_EXPANDED_NODES = 1_000_000;

/** The document's root node (null for an empty document), or every problem found. */
export function readYamlTree(text: string): { root: YamlNode | null; problems: readonly YamlProblem[] } {
  const characters = characterProblems(text);
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const offset = e.mark?.position ?? 0;
    const parser = { offset, message: parserHints[e.reason] ?? e.reason };
    // js-yaml refuses some of the same characters: say it once, in PyYAML's terms.
    return { root: null, problems: characters.some((c) => c.offset === offset) ? characters : [...characters, parser] };
  }
  const tree = new TreeBuilder(text).build(events);
  return characters.length === 0 ? tree : { root: tree.root, problems: [...characters, ...tree.problems] };
}

const PYYAML_DISAGREES = new RegExp(`${PYYAML_REFUSED.source}|${PYYAML_LINE_BREAK.source}`, "gu");

/**
 * Characters on which Cloudify's parser and this one would part: PyYAML refuses some anywhere
 * in a document, and reads NEL, U+2028 and U+2029 as line breaks, which YAML 1.2 does not.
 */
function characterProblems(text: string): YamlProblem[] {
  return [...text.matchAll(PYYAML_DISAGREES)].map((m) => {
    const char = m[0];
    const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
    const escaped = doubleQuoted(char);
    return {
      offset: m.index,
      message: PYYAML_LINE_BREAK.test(char)
        ? `Cloudify's parser (PyYAML, YAML 1.1) reads the character ${code} as a line break; write it as the escape ${escaped} in a double-quoted string`
        : `Cloudify's parser (PyYAML) refuses the character ${code} anywhere in a blueprint; write it as the escape ${escaped} in a double-quoted string`,
    };
  });
}

/**
 * A collection while its children are still arriving. Nodes are not frozen: the tree is internal
 * to the reader and typed readonly.
 */
interface OpenCollection {
  readonly node: { kind: "map"; start: number; flow: boolean; pairs: YamlPair[] } | MutableSeq;
  readonly anchor: string | undefined;
  key: YamlNode | undefined;
}
type MutableSeq = { kind: "seq"; start: number; flow: boolean; items: YamlNode[] };

const YAML_TAG = "tag:yaml.org,2002:";
const explicitScalarTags: ReadonlyMap<string, Exclude<ScalarTag, "merge" | "value" | "timestamp">> = new Map(
  (["str", "null", "bool", "int", "float"] as const).map((t) => [`${YAML_TAG}${t}`, t] as const),
);
const quotedStyles: readonly number[] = [SCALAR_STYLE.SINGLE_QUOTED, SCALAR_STYLE.DOUBLE_QUOTED];

class TreeBuilder {
  readonly #problems: YamlProblem[] = [];
  readonly #anchors = new Map<string, YamlNode>();
  readonly #open: OpenCollection[] = [];
  readonly #sizes = new WeakMap<YamlNode, number>();
  #root: YamlNode | null = null;
  #documents = 0;
  /** Where the last node started: the place of an empty value (`key:` with nothing after it). */
  #lastStart = 0;

  constructor(readonly text: string) {}

  build(events: readonly Event[]): { root: YamlNode | null; problems: readonly YamlProblem[] } {
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          this.#documents += 1;
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.#openCollection(event);
          break;
        case EVENT_ID.SCALAR:
          this.#scalar(event);
          break;
        case EVENT_ID.ALIAS:
          this.#alias(this.text.slice(event.anchorStart, event.anchorEnd), event.anchorStart - 1);
          break;
        case EVENT_ID.POP:
          this.#close();
          break;
      }
    }
    return { root: this.#root, problems: this.#problems };
  }

  #problem(offset: number, message: string): void {
    this.#problems.push({ offset, message });
  }

  #openCollection(event: MappingEvent | SequenceEvent): void {
    this.#lastStart = event.start;
    const flow = event.style === COLLECTION_STYLE.FLOW;
    const node =
      event.type === EVENT_ID.MAPPING
        ? { kind: "map" as const, start: event.start, flow, pairs: [] }
        : { kind: "seq" as const, start: event.start, flow, items: [] };
    this.#checkTag(event.tagStart, event.tagEnd, node.kind === "map" ? "map" : "seq");
    this.#open.push({ node, anchor: this.#anchorOf(event), key: undefined });
  }

  #close(): void {
    const open = this.#open.pop();
    if (open === undefined) return; // the end of a document
    const node: YamlNode =
      open.node.kind === "seq" ? open.node : { ...open.node, pairs: this.#mergeAndCheckKeys(open.node.pairs) };
    this.#add(node, this.#expandedSize(node), open.anchor);
  }

  #scalar(event: ScalarEvent): void {
    const empty = event.valueStart < 0;
    const start = empty
      ? this.#lastStart
      : quotedStyles.includes(event.style)
        ? event.valueStart - 1
        : event.valueStart;
    this.#lastStart = start;
    const source = empty ? "" : getScalarValue(this.text, event);
    const parent = this.#open.at(-1);
    const isKey = parent?.node.kind === "map" && parent.key === undefined;
    this.#add(this.#resolve(event, source, start, isKey), 1, this.#anchorOf(event));
  }

  /**
   * Tag and value as PyYAML's composer and SafeConstructor make them. A plain scalar, and any
   * scalar tagged with the non-specific `!` (`! "12"` is the int 12 to PyYAML), goes through the
   * implicit resolvers; `!!str`, `!!int`, ... name their tag.
   */
  #resolve(event: ScalarEvent, source: string, start: number, isKey: boolean): YamlScalar {
    const written = this.#checkTag(event.tagStart, event.tagEnd, "scalar");
    const explicit = written === undefined ? undefined : explicitScalarTags.get(written);
    if (written !== undefined && written !== "!" && explicit === undefined) return scalarNode(start, "str", source); // reported
    const tag = explicit ?? (written === "!" || event.style === SCALAR_STYLE.PLAIN ? resolvePlain(source) : "str");
    if (tag === "merge" && isKey) return scalarNode(start, tag, source);
    if (tag === "value" && isKey) return scalarNode(start, "str", source); // PyYAML makes a `=` key a string
    if (tag === "merge" || tag === "value") {
      this.#problem(
        start,
        `a plain ${source} is YAML 1.1's ${tag} key, which Cloudify's parser (PyYAML) refuses as a value; quote it ("${source}") to keep it as text`,
      );
      return scalarNode(start, "str", source);
    }
    const value = construct(tag, source);
    if (value !== undefined) return scalarNode(start, tag, value);
    this.#problem(
      start,
      explicit === undefined
        ? `Cloudify's parser (PyYAML) reads ${source} as a YAML 1.1 ${tag} and then fails on it; quote it to keep it as text`
        : `"${source}" is not a valid ${this.text.slice(event.tagStart, event.tagEnd)}`,
    );
    return scalarNode(start, "str", source);
  }

  #alias(name: string, offset: number): void {
    this.#lastStart = offset;
    const anchored = this.#anchors.get(name);
    if (anchored === undefined) {
      const hint = closest(name, [...this.#anchors.keys()]);
      this.#problem(
        offset,
        `unknown alias *${name}: no complete node before it is anchored &${name}${hint ? `; did you mean *${hint}?` : ""}`,
      );
      this.#add(scalarNode(offset, "null", null), 1, undefined);
      return;
    }
    this.#add(anchored, this.#size(anchored), undefined);
  }

  /** Attaches a finished node to the collection being read (or makes it the root). */
  #add(node: YamlNode, size: number, anchor: string | undefined): void {
    if (anchor !== undefined) this.#anchors.set(anchor, node);
    if (size > 1) this.#sizes.set(node, size);
    const parent = this.#open.at(-1);
    if (parent === undefined) {
      if (this.#documents > 1) this.#problem(node.start, "a blueprint is one YAML document; found a second one here");
      else this.#root = node;
      if (size > MAX_EXPANDED_NODES) {
        this.#problem(node.start, `aliases expand this document to more than ${MAX_EXPANDED_NODES} nodes`);
        this.#root = null;
      }
      return;
    }
    if (parent.node.kind === "seq") parent.node.items.push(node);
    else if (parent.key === undefined) parent.key = node;
    else {
      parent.node.pairs.push({ key: parent.key, value: node });
      parent.key = undefined;
    }
  }

  #size(node: YamlNode): number {
    return this.#sizes.get(node) ?? 1;
  }

  /** Nodes in a finished collection with aliases and merges expanded, from its children's sizes. */
  #expandedSize(node: YamlMap | YamlSeq): number {
    if (node.kind === "seq") return node.items.reduce((n, item) => n + this.#size(item), 1);
    return node.pairs.reduce((n, p) => n + this.#size(p.key) + this.#size(p.value), 1);
  }

  /**
   * A mapping's pairs with `<<` merge keys applied as PyYAML does (its own keys win, then earlier
   * merged mappings over later ones), and its own duplicate keys reported: the second value would
   * silently replace the first.
   */
  #mergeAndCheckKeys(pairs: readonly YamlPair[]): YamlPair[] {
    const own: YamlPair[] = [];
    const sources: YamlNode[] = [];
    const seen = new Set<string>();
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) {
        sources.push(pair.value);
        continue;
      }
      const key = keyText(pair.key);
      if (key !== undefined && seen.has(key)) this.#problem(pair.key.start, `duplicate key "${key}" in this mapping`);
      if (key !== undefined) seen.add(key);
      own.push(pair);
    }
    for (const source of sources.flatMap((s) => (s.kind === "seq" ? s.items : [s]))) {
      if (source.kind !== "map") {
        this.#problem(source.start, "<< merges mappings only: give it an alias of a mapping, or a list of them");
        continue;
      }
      for (const pair of source.pairs) {
        const key = keyText(pair.key);
        if (key === undefined || seen.has(key)) continue;
        seen.add(key);
        own.push(pair);
      }
    }
    return own;
  }

  #anchorOf(event: { anchorStart: number; anchorEnd: number }): string | undefined {
    return event.anchorStart < 0 ? undefined : this.text.slice(event.anchorStart, event.anchorEnd);
  }

  /**
   * The node's explicit tag as a full name (`!!int` → tag:yaml.org,2002:int), or undefined. Tags
   * other than YAML's own JSON-like ones are reported: berth would not know what they mean.
   */
  #checkTag(tagStart: number, tagEnd: number, kind: "scalar" | "map" | "seq"): string | undefined {
    if (tagStart < 0) return undefined;
    const written = this.text.slice(tagStart, tagEnd);
    const tag = fullTagName(written);
    const allowed =
      tag === "!" ||
      (kind === "scalar" ? tag === `${YAML_TAG}str` || explicitScalarTags.has(tag) : tag === `${YAML_TAG}${kind}`);
    if (!allowed) {
      this.#problem(
        tagStart,
        `berth does not read the YAML tag ${written}; a blueprint holds strings, numbers, booleans, null, lists and mappings`,
      );
    }
    return tag;
  }
}

/** Every scalar made in one place, so they share one shape. */
const scalarNode = (start: number, tag: ScalarTag, value: YamlScalarValue): YamlScalar => ({
  kind: "scalar",
  start,
  tag,
  value,
});

function fullTagName(written: string): string {
  if (written.startsWith("!<") && written.endsWith(">")) return written.slice(2, -1);
  if (written.startsWith("!!")) return `${YAML_TAG}${written.slice(2)}`;
  return written;
}

/** A plain `<<` key merges mappings in; a quoted "<<" is an ordinary key. */
const isMergeKey = (key: YamlNode): boolean => key.kind === "scalar" && key.tag === "merge";

/** The text a scalar key stands for in a plan (`8080` and `"8080"` both name "8080"). */
const keyText = (key: YamlNode): string | undefined => (key.kind === "scalar" ? String(key.value) : undefined);

const bigintAsText = (_key: string, value: unknown): unknown => (typeof value === "bigint" ? String(value) : value);

/** A node as plain data: mappings become objects with string keys, aliases and merges expanded. */
export function plainData(node: YamlNode | null): unknown {
  if (node === null) return null;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(plainData);
  const out: Record<string, unknown> = {};
  for (const { key, value } of node.pairs) {
    Object.defineProperty(out, keyText(key) ?? JSON.stringify(plainData(key), bigintAsText), {
      value: plainData(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
