/**
 * Deployment inputs as Cloudify's CLI takes them, `-i` repeatable, later values winning:
 * `-i key=value` (several joined by `;`), `-i inputs.yaml` (a YAML or JSON mapping file), or an
 * inline mapping `-i '{"port": 8080}'`. Values of key=value are read as YAML scalars, so
 * `-i port=8080` is a number and `-i debug=true` a boolean; anything else stays a string.
 */
import { resolve } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { isScalar, LineCounter, parseDocument } from "yaml";
import type { Value } from "../dsl/mod.ts";
import { setOwn } from "../dsl/own-key.ts";
import type { CliError } from "./errors.ts";
import { type ReadText, readTextFile } from "./read-text.ts";

export type Inputs = Readonly<Record<string, Value>>;

const invalid = (message: string): CliError => ({ kind: "InvalidInputs", message });

/** Merges every `-i` argument, in order, into one inputs record. */
export function parseInputArgs(
  args: readonly string[],
  cwd: string,
  read: ReadText = readTextFile,
): Result<Inputs, CliError> {
  const merged: Record<string, Value> = {};
  for (const arg of args) {
    const one = parseInputArg(arg, cwd, read);
    if (one.isErr()) return err(one.error);
    Object.assign(merged, one.value);
  }
  return ok(merged);
}

function parseInputArg(arg: string, cwd: string, read: ReadText): Result<Inputs, CliError> {
  const text = read(resolve(cwd, arg));
  if (text !== undefined) return parseMapping(text, `inputs file ${arg}`);
  if (/\.(ya?ml|json)$/i.test(arg)) return err(invalid(`-i ${arg}: no such file`));
  if (/^\s*\{/.test(arg)) return parseMapping(arg, `-i ${arg}`);
  return parsePairs(arg);
}

function parseMapping(text: string, source: string): Result<Inputs, CliError> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const [first] = doc.errors;
  if (first !== undefined) {
    const at = lineCounter.linePos(first.pos[0]);
    return err(invalid(`${source}:${at.line}:${at.col}: ${first.message.split("\n")[0]}`));
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return ok({});
  if (typeof value !== "object" || Array.isArray(value)) {
    return err(invalid(`${source}: expected a mapping of input names to values`));
  }
  return ok(value as Inputs);
}

function parsePairs(arg: string): Result<Inputs, CliError> {
  const out: Record<string, Value> = {};
  for (const pair of arg.split(";").filter((p) => p.trim() !== "")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    if (eq < 0 || key === "") {
      return err(
        invalid(`-i ${arg}: expected key=value, a YAML/JSON inputs file, or a mapping such as '{"port": 8080}'`),
      );
    }
    setOwn(out, key, scalarOf(pair.slice(eq + 1)));
  }
  return ok(out);
}

/** A YAML scalar (`8080` -> 8080, `true` -> true, `null` -> null); anything else the raw text. */
export function scalarOf(text: string): Value {
  if (text === "") return "";
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isScalar(doc.contents)) return text;
  const value: unknown = doc.contents.value;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null
    ? value
    : text;
}

/** Inputs given that the plan does not declare, with the declared names for the message. */
export function checkInputNames(inputs: Inputs, declared: readonly string[]): Result<Inputs, CliError> {
  const unknown = Object.keys(inputs).filter((k) => !declared.includes(k));
  if (unknown.length === 0) return ok(inputs);
  const known = declared.length > 0 ? `declared inputs: ${declared.join(", ")}` : "the plan declares no inputs";
  return err(invalid(`unknown input${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (${known})`));
}
