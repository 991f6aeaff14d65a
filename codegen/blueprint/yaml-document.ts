/**
 * An emitted tree (yaml-tree-out.ts) as text through the `yaml` package's document API, with
 * the quoting rules of yaml-options.ts. The direct writer (yaml-writer.ts) writes the same text
 * faster; this one is its reference in the tests, and writes what the direct writer does not
 * handle itself (it asks this file for single scalars, and for whole documents in the rare case
 * of a key `yaml` writes in explicit `? key` form).
 */
import { Document, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { documentOptions, toStringOptions } from "./yaml-options.ts";
import { isCollection, type OutDocument, type OutMap, type OutNode, type OutScalar } from "./yaml-tree-out.ts";

/** The whole document, as the `yaml` package writes it. */
export function documentText(doc: OutDocument): string {
  const document = new Document(null, documentOptions);
  document.contents = toNode(doc.root);
  if (doc.comment.length > 0) document.commentBefore = doc.comment.join("\n");
  return document.toString(toStringOptions);
}

function toNode(node: OutNode, inFlow = false): Node {
  if (!isCollection(node)) return new Scalar(node);
  const flow = inFlow || node.flow;
  if (node.kind === "seq") {
    const seq = new YAMLSeq<Node>();
    seq.flow = flow;
    for (const item of node.items) seq.items.push(toNode(item, flow));
    return seq;
  }
  return toMap(node, flow);
}

function toMap(map: OutMap, flow: boolean): YAMLMap {
  const out = new YAMLMap<Scalar, Node>();
  out.flow = flow;
  for (const entry of map.entries) {
    const key = new Scalar(entry.key);
    if (entry.spaceBefore === true) key.spaceBefore = true;
    out.items.push(new Pair(key, toNode(entry.value, flow)));
  }
  return out;
}

/** Where a scalar stands, for the writer's questions about single scalars. */
export type ScalarPlace = "block-value" | "block-key" | "block-item" | "flow-item" | "flow-key" | "flow-value";

/**
 * One scalar as `yaml` writes it in `place`, at indentation 0: for a block scalar (`|-`), its
 * lines after the first are indented by two spaces, relative to the collection holding it.
 * Undefined when `yaml` writes it in a form the writer does not place itself (an explicit key).
 */
export function scalarText(value: OutScalar, place: ScalarPlace): string | undefined {
  const [open, close, node] = wrappers[place](value);
  const document = new Document(null, documentOptions);
  document.contents = node;
  const text = document.toString(toStringOptions);
  if (!text.startsWith(open) || !text.endsWith(close)) return undefined;
  const written = text.slice(open.length, text.length - close.length);
  // A key on several lines is an explicit one (`? key`): not a key the writer can place.
  return place.endsWith("key") && written.includes("\n") ? undefined : written;
}

const KEY = "k";
const entry = (key: OutScalar, value: OutScalar, flow: boolean): YAMLMap => {
  const map = new YAMLMap<Scalar, Scalar>();
  map.flow = flow;
  map.items.push(new Pair(new Scalar(key), new Scalar(value)));
  return map;
};
const item = (value: OutScalar, flow: boolean): YAMLSeq => {
  const seq = new YAMLSeq<Scalar>();
  seq.flow = flow;
  seq.items.push(new Scalar(value));
  return seq;
};

/** For each place: the text before and after the scalar in a one-entry document, and that document. */
const wrappers: Record<ScalarPlace, (value: OutScalar) => readonly [string, string, Node]> = {
  "block-value": (v) => [`${KEY}: `, "\n", entry(KEY, v, false)],
  "block-key": (v) => ["", ": 0\n", entry(v, 0, false)],
  "block-item": (v) => ["- ", "\n", item(v, false)],
  "flow-item": (v) => ["[", "]\n", item(v, true)],
  "flow-key": (v) => ["{", ": 0}\n", entry(v, 0, true)],
  "flow-value": (v) => [`{${KEY}: `, "}\n", entry(KEY, v, true)],
};
