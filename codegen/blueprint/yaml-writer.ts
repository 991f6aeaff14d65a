/**
 * An emitted tree (yaml-tree-out.ts) as YAML text, written directly: the text the `yaml`
 * package's document API writes for it (yaml-document.ts), byte for byte, in a tenth of the
 * time. Most scalars of a blueprint are plain words, paths, URLs and small integers, which this
 * file writes itself after the same checks `yaml` and PyYAML make; any other scalar is written by
 * `yaml` itself, alone, in the same place (`scalarText`), and indented here. The property tests
 * compare the two writers on generated plans; the golden files pin the text.
 */
import { Document } from "yaml";
import { plainIsText } from "./pyyaml-scalars.ts";
import { documentText, type ScalarPlace, scalarText } from "./yaml-document.ts";
import { documentOptions } from "./yaml-options.ts";
import {
  isCollection,
  type OutDocument,
  type OutMap,
  type OutNode,
  type OutScalar,
  type OutSeq,
} from "./yaml-tree-out.ts";

const STEP = "  ";
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

/** Thrown (and caught below) where `yaml` writes something this writer does not place itself. */
class NotDirect extends Error {}

export function writeDocument(doc: OutDocument): string {
  try {
    const lines: string[] = doc.comment.map((c) => `#${c}`);
    if (lines.length > 0) lines.push("");
    blockMap(doc.root, "", lines);
    lines.push("");
    return lines.join("\n");
  } catch (e) {
    if (e instanceof NotDirect) return documentText(doc);
    throw e;
  }
}

/**
 * The collection's lines; true when its last item ends in a block scalar that keeps its final
 * line breaks (`|+`): as in `yaml`, the blank line a next key asks for is then left out, since
 * those breaks already end the item.
 */
function blockMap(map: OutMap, indent: string, lines: string[]): boolean {
  let chompKeep = false;
  for (const { key, value, spaceBefore } of map.entries) {
    if (spaceBefore === true && !chompKeep) lines.push("");
    const k = indent + scalar(key, "block-key", indent);
    chompKeep = false;
    if (!isCollection(value)) {
      const text = scalar(value, "block-value", indent);
      chompKeep = keepsBreaks(text);
      lines.push(`${k}: ${text}`);
    } else if (value.flow) lines.push(`${k}: ${flow(value)}`);
    // `yaml` writes an empty block collection under its key (the emitter makes them flow).
    else if (isEmpty(value)) lines.push(`${k}:`, `${indent}${STEP}${flow(value)}`);
    else {
      lines.push(`${k}:`);
      chompKeep = block(value, indent + STEP, lines);
    }
  }
  return chompKeep;
}

function blockSeq(seq: OutSeq, indent: string, lines: string[]): boolean {
  let chompKeep = false;
  for (const item of seq.items) {
    chompKeep = false;
    if (!isCollection(item)) {
      const text = scalar(item, "block-item", indent);
      chompKeep = keepsBreaks(text);
      lines.push(`${indent}- ${text}`);
    } else if (item.flow || isEmpty(item)) lines.push(`${indent}- ${flow(item)}`);
    else {
      // The item's first line goes on the dash's line: `- key: value`, `- - item`.
      const first = lines.length;
      chompKeep = block(item, indent + STEP, lines);
      lines[first] = `${indent}- ${(lines[first] as string).slice(indent.length + STEP.length)}`;
    }
  }
  return chompKeep;
}

const block = (node: OutMap | OutSeq, indent: string, lines: string[]): boolean =>
  node.kind === "map" ? blockMap(node, indent, lines) : blockSeq(node, indent, lines);

/** A block scalar with the keep indicator: `|+`, `|2+`, `>+`. */
const keepsBreaks = (text: string): boolean => /^[|>][1-9]?\+/.test(text);

const isEmpty = (node: OutMap | OutSeq): boolean => (node.kind === "map" ? node.entries : node.items).length === 0;

/**
 * A collection in flow style, on one line: `[a, b]`, `{get_input: x}`. A scalar that `yaml`
 * writes over several lines there (a long double-quoted text with line breaks) makes it lay the
 * whole collection out over lines: the whole document is left to `yaml` then.
 */
function flow(node: OutNode): string {
  if (!isCollection(node)) return flowScalar(node, "flow-item");
  if (node.kind === "seq")
    return `[${node.items.map((i) => (isCollection(i) ? flow(i) : flowScalar(i, "flow-item"))).join(", ")}]`;
  const pairs = node.entries.map(
    ({ key, value }) =>
      `${flowScalar(key, "flow-key")}: ${isCollection(value) ? flow(value) : flowScalar(value, "flow-value")}`,
  );
  return `{${pairs.join(", ")}}`;
}

function flowScalar(value: OutScalar, place: ScalarPlace): string {
  const text = scalar(value, place, "");
  if (text.includes("\n")) throw new NotDirect();
  return text;
}

/** A scalar in its place; `indent` is the holding collection's, for a block scalar's lines. */
function scalar(value: OutScalar, place: ScalarPlace, indent: string): string {
  const direct = directScalar(value, place);
  if (direct !== undefined) return direct;
  // `yaml` writes a text with a line starting `---`, `...` or `%` by how deep it stands.
  if (typeof value === "string" && DOCUMENT_MARKER.test(value)) throw new NotDirect();
  const text = scalarText(value, place);
  if (text === undefined) throw new NotDirect();
  // Lines of a block scalar take the collection's indentation; empty lines stay empty, as `yaml` writes them.
  return indent === "" || !text.includes("\n") ? text : text.replace(/\n(?!\n|$)/g, `\n${indent}`);
}

/**
 * Each text's form, in block and in flow places, as worked out once: a blueprint repeats its
 * keys and many values (`implementation`, `daemon_client`, image names) in every node.
 */
const blockForms = new Map<string, string | undefined>();
const flowForms = new Map<string, string | undefined>();
const FORMS_KEPT = 50_000;

function cachedAsciiText(text: string, inFlow: boolean): string | undefined {
  const forms = inFlow ? flowForms : blockForms;
  let form = forms.get(text);
  if (form === undefined && !forms.has(text)) {
    form = asciiText(text, inFlow);
    if (forms.size >= FORMS_KEPT) forms.clear();
    forms.set(text, form);
  }
  return form;
}

/** What `yaml` writes for the commonest scalars, or undefined for `yaml` to write it. */
function directScalar(value: OutScalar, place: ScalarPlace): string | undefined {
  if (typeof value === "string") return cachedAsciiText(value, place.startsWith("flow"));
  if (typeof value === "number")
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
  if (typeof value === "boolean") return value ? "true" : "false";
  return undefined;
}

/** One line of printable ASCII: most strings of a blueprint (names, paths, URLs, commands). */
const ASCII_LINE = /^[\x20-\x7e]{0,256}$/;

/** What makes `yaml` quote a plain scalar on one line (stringifyString.js, plainString). */
const YAML_QUOTES = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[ \t]#|[\t :]$/;

/**
 * A line of printable ASCII as `yaml` writes it with berth's string tag (yaml-options.ts): in
 * double quotes where PyYAML would read the plain text as something else; otherwise plain
 * unless `yaml` itself would quote it (an indicator, `: `, ` #`, a final space or colon, a word
 * its YAML 1.1 schema reads otherwise, `[]{},` in flow), then in single quotes if the text has
 * a `"` and no `'`, else in double quotes. No character of it needs an escape beyond JSON's.
 */
function asciiText(text: string, inFlow: boolean): string | undefined {
  if (!ASCII_LINE.test(text) || DOCUMENT_MARKER.test(text)) return undefined;
  if (!plainIsText(text, inFlow)) return JSON.stringify(text);
  if ((inFlow && /[[\]{},]/.test(text)) || YAML_QUOTES.test(text) || schemaReadsOtherwise(text))
    return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
  return text;
}

let otherTags: readonly RegExp[] | undefined;

/** Whether the writing schema's implicit tags (other than str) match the plain text, as `yaml` checks. */
function schemaReadsOtherwise(text: string): boolean {
  otherTags ??= new Document(null, documentOptions).schema.tags.flatMap((tag) =>
    tag.default === true && tag.tag !== "tag:yaml.org,2002:str" && tag.test !== undefined ? [tag.test] : [],
  );
  return otherTags.some((test) => test.test(text));
}
