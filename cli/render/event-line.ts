/**
 * Without a terminal: one timestamped line per event, for logs and CI. Names and messages are
 * printed with control characters escaped.
 */
import type { RunEvent } from "../../runtime/types.ts";
import { clockTime, duration, printable as p, printableLines } from "./format.ts";
import type { Style } from "./style.ts";

type EventOf<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

const lines: { [T in RunEvent["type"]]: (e: EventOf<T>, style: Style) => string } = {
  workflow: (e, s) => s.bold(`${e.workflow} ${e.phase} (deployment ${p(e.deployment)})`),
  operation: (e, s) => {
    const what = `${p(e.node)} ${p(e.operation)}`;
    const took = e.durationMs === undefined ? "" : ` in ${duration(e.durationMs)}`;
    const detail = e.detail === undefined ? "" : printableLines(e.detail);
    if (e.phase === "failed") return s.red(`${what} failed${took}${detail === "" ? "" : `: ${detail}`}`);
    if (e.phase === "succeeded") return `${what} ${s.green("done")}${took}`;
    if (e.phase === "skipped") return s.dim(`${what} skipped${e.detail === undefined ? "" : ` (${detail})`}`);
    return `${what} started`;
  },
  progress: (e) => `${p(e.node)} ${p(e.operation)}: ${printableLines(e.message)}`,
  probe: (e, s) => {
    const who = `${p(e.node)}`;
    const probe = p(e.probe);
    const result = printableLines(e.result ?? "");
    const after = `${duration(e.elapsedMs)}, ${e.attempt} attempt${e.attempt === 1 ? "" : "s"}`;
    if (e.phase === "started") return `${who} waiting: ${probe}`;
    if (e.phase === "ready") return `${who} ${s.green("ready")}: ${probe} (${after}; ${result})`;
    if (e.phase === "failed") return s.red(`${who} not ready: ${probe} (${after}; ${result})`);
    return s.dim(`${who} waiting: ${probe} (${duration(e.elapsedMs)}): ${result}`);
  },
  log: (e, s) => {
    const text = `${e.node === undefined ? "" : `${p(e.node)}: `}${printableLines(e.message)}`;
    return e.level === "error" ? s.red(text) : e.level === "warn" ? s.yellow(text) : text;
  },
};

/** `10:12:03.123 db_server create done in 1.2s`. */
export function eventLine(event: RunEvent, style: Style): string {
  const render = lines[event.type] as (e: RunEvent, s: Style) => string;
  const stamp = clockTime(event.at);
  // Continuation lines of a multi-line message line up under the first.
  return `${style.dim(stamp)} ${render(event, style).replaceAll("\n", `\n${" ".repeat(stamp.length + 1)}`)}`;
}
