/**
 * What the blueprint emitter writes, before it is text: plain JSON scalars, and maps and
 * sequences marked block or flow. Two writers turn it into the same text: yaml-writer.ts
 * directly (what toBlueprint uses), and yaml-document.ts through the `yaml` package's document
 * API (the reference the direct writer is tested against, and its fallback).
 */

export type OutScalar = string | number | boolean | null;

export interface OutMap {
  readonly kind: "map";
  /** Flow style (`{a: 1}`); inside a flow collection everything is flow. */
  readonly flow: boolean;
  readonly entries: readonly OutEntry[];
}

export interface OutEntry {
  readonly key: string;
  readonly value: OutNode;
  /** A blank line before the key. */
  readonly spaceBefore?: boolean;
}

export interface OutSeq {
  readonly kind: "seq";
  readonly flow: boolean;
  readonly items: readonly OutNode[];
}

export type OutNode = OutScalar | OutMap | OutSeq;

export interface OutDocument {
  /** Comment lines before the document, each without its `#`. */
  readonly comment: readonly string[];
  readonly root: OutMap;
}

export const isCollection = (node: OutNode): node is OutMap | OutSeq => typeof node === "object" && node !== null;
