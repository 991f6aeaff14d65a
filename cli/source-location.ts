/**
 * Finds where a plan path (`nodes.db.configure.container_config.comand`) sits in the source
 * it came from, TypeScript or YAML, by searching for the node's name and then the last key.
 * Approximate by design: good enough to point an editor at the right line.
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The 1-based line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

function search(text: string, pattern: RegExp, from: number): number | undefined {
  pattern.lastIndex = from;
  const m = pattern.exec(text);
  return m === null ? undefined : m.index + (m[1] === undefined ? 0 : m[0].indexOf(m[1]));
}

/** Where a plan path most likely is in `text`, or undefined when nothing matches. */
export function locatePath(text: string, path: string, language: "ts" | "yaml"): Position | undefined {
  const segments = path
    .split(/\.|\[(\d+)\]/)
    .filter((s): s is string => s !== undefined && s !== "")
    .map((s) => s.replace(/^"(.*)"$/, "$1"));
  const [section, name] = segments;
  const key = (k: string) =>
    language === "ts"
      ? new RegExp(`(?:["'\`]?)(${escapeRegExp(k)})["'\`]?\\s*:`, "g")
      : new RegExp(`^\\s*(?:- )?["']?(${escapeRegExp(k)})["']?\\s*:`, "gm");
  let at: number | undefined;
  if (section === "name") {
    at = search(text, language === "ts" ? /\bplan\s*\(/g : /^tosca_definitions_version\s*:/gm, 0);
  } else if (section === "nodes" && name !== undefined) {
    at =
      language === "ts"
        ? search(text, new RegExp(`\\b(?:node|host)\\s*\\(\\s*(["'\`]${escapeRegExp(name)}["'\`])`, "g"), 0)
        : search(text, key(name), Math.max(0, text.search(/^node_templates\s*:/m)));
  } else if (name !== undefined) {
    at = search(text, key(name), 0);
  }
  if (at === undefined) return undefined;
  const last = segments.at(-1);
  const deeper =
    segments.length > 2 && last !== undefined && !/^\d+$/.test(last) ? search(text, key(last), at) : undefined;
  return positionAt(text, deeper ?? at);
}
