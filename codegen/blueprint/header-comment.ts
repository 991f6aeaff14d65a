/**
 * What a blueprint has no field for travels in its leading comment: the plan's name
 * (`# berth plan: demo`) and, before DSL 1_2, its description (`# description: ...`).
 * A value that would not survive as plain comment text (line breaks, edge whitespace, a
 * leading quote, a character PyYAML refuses anywhere in a document) is written as a JSON string
 * with those characters escaped, so it reads back exactly and cannot end the comment early.
 */
import { NEEDS_ESCAPE } from "./pyyaml-scalars.ts";

export const NAME_LABEL = "berth plan";
export const DESCRIPTION_LABEL = "description";

const plainSafe = (text: string): boolean =>
  text.length > 0 && text === text.trim() && !text.startsWith('"') && !text.includes("\n") && !NEEDS_ESCAPE.test(text);

// JSON.stringify escapes C0 controls and lone surrogates; this escapes the rest.
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, "gu");

/** One comment line's text (without the `#`), e.g. ` berth plan: demo`. */
export const headerLine = (label: string, value: string): string =>
  ` ${label}: ${plainSafe(value) ? value : JSON.stringify(value).replace(NEEDS_ESCAPE_ALL, escapeChar)}`;

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** The labelled values in the comment lines at the very top of a YAML text. */
export function readHeader(text: string): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (!trimmed.startsWith("#")) break;
    const match = /^#\s?([a-z ]+):\s(.*)$/.exec(trimmed);
    if (match === null || values.has(match[1] as string)) continue;
    const raw = match[2] as string;
    values.set(match[1] as string, raw.startsWith('"') ? decodeJson(raw) : raw);
  }
  return values;
}

function decodeJson(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "string" ? parsed : raw;
  } catch {
    return raw;
  }
}
