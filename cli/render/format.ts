/** Small formatters shared by the views: durations, times, ids. */

/** `850ms`, `2.3s`, `1m05s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** `10:12:03.123`: the time of day, UTC, for plain log lines. */
export const clockTime = (at: number): string => new Date(at).toISOString().slice(11, 23);

/** Docker's short container id. */
export const shortId = (id: string | undefined): string => (id === undefined ? "-" : id.slice(0, 12));

/** How long ago an ISO time was, relative to `now`: `3s ago`, `5m ago`, `2h ago`, `4d ago`. */
export function since(iso: string | undefined, now: number): string {
  if (iso === undefined) return "-";
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

// C0 controls (ESC and CR among them), DEL, and C1 controls, which some terminals obey as well
// (U+009B is a one-character CSI). Built from code points: the linter refuses control
// characters in a regex literal.
const CONTROL = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}]`,
  "g",
);

/**
 * A name, type, path or message from a plan, a blueprint or the engine, safe to print on a
 * terminal: control characters shown as escapes (`\x1b[31m` is printed as those characters, not
 * obeyed). Containers' own output (`berth logs`, the log tail of an error) is not passed through
 * it: like `docker logs`, berth prints what the container wrote.
 */
export const printable = (text: string): string =>
  text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

/** `printable`, keeping the line breaks of a message written on several lines. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n");
