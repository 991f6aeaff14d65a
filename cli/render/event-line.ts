/** Without a terminal: one timestamped line per event, for logs and CI. */
import type { RunEvent } from "../../runtime/types.ts";
import { clockTime, duration } from "./format.ts";
import type { Style } from "./style.ts";

type EventOf<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

const lines: { [T in RunEvent["type"]]: (e: EventOf<T>, style: Style) => string } = {
  workflow: (e, s) => s.bold(`${e.workflow} ${e.phase} (deployment ${e.deployment})`),
  operation: (e, s) => {
    const what = `${e.node} ${e.operation}`;
    const took = e.durationMs === undefined ? "" : ` in ${duration(e.durationMs)}`;
    const detail = e.detail === undefined ? "" : `: ${e.detail}`;
    if (e.phase === "failed") return s.red(`${what} failed${took}${detail}`);
    if (e.phase === "succeeded") return `${what} ${s.green("done")}${took}`;
    if (e.phase === "skipped") return s.dim(`${what} skipped${e.detail === undefined ? "" : ` (${e.detail})`}`);
    return `${what} started`;
  },
  progress: (e) => `${e.node} ${e.operation}: ${e.message}`,
  probe: (e, s) => {
    const after = `${duration(e.elapsedMs)}, ${e.attempt} attempt${e.attempt === 1 ? "" : "s"}`;
    if (e.phase === "started") return `${e.node} waiting: ${e.probe}`;
    if (e.phase === "ready") return `${e.node} ${s.green("ready")}: ${e.probe} (${after}; ${e.result ?? ""})`;
    if (e.phase === "failed") return s.red(`${e.node} not ready: ${e.probe} (${after}; ${e.result ?? ""})`);
    return s.dim(`${e.node} waiting: ${e.probe} (${duration(e.elapsedMs)}): ${e.result ?? ""}`);
  },
  log: (e, s) => {
    const text = `${e.node === undefined ? "" : `${e.node}: `}${e.message}`;
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
