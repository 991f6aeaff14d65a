/**
 * Where run events go: NDJSON lines (--json), a live view (stderr is a terminal), plain
 * timestamped lines (no terminal), or nowhere (--quiet).
 */
import type { RunEvent } from "../../runtime/types.ts";
import { type CliContext, wantsColour } from "../context.ts";
import type { CommonFlags } from "../outcome.ts";
import { eventLine } from "./event-line.ts";
import { jsonLine } from "./json.ts";
import { LiveView } from "./live-view.ts";
import { styleFor } from "./style.ts";

export interface Reporter {
  /** Absent when nothing is shown (--quiet): the run then skips work done only for its events. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Ends the live region; call before printing the result. */
  readonly stop: () => void;
}

const silent: Reporter = { stop: () => undefined };

export function createReporter(ctx: CliContext, flags: CommonFlags, nodes: readonly string[]): Reporter {
  if (flags.json === true) return { onEvent: (e) => ctx.stdout.write(jsonLine(e)), stop: () => undefined };
  if (flags.quiet === true) return silent;
  const style = styleFor(wantsColour(ctx, ctx.stderr));
  const shown = (e: RunEvent) => flags.verbose === true || e.type !== "log" || e.level !== "debug";
  if (ctx.stderr.isTTY) {
    const view = new LiveView(ctx.stderr, style, ctx.now, nodes);
    return { onEvent: (e) => shown(e) && view.onEvent(e), stop: () => view.stop() };
  }
  const throttle = progressThrottle(flags.verbose === true ? 0 : 1000);
  return {
    onEvent: (e) => {
      if (shown(e) && throttle(e)) ctx.stderr.write(`${eventLine(e, style)}\n`);
    },
    stop: () => undefined,
  };
}

/**
 * Plain lines: progress at most once per interval per node, and never the same text twice; a
 * probe's attempts likewise (each new result once: "connection refused", then "status 503").
 */
export function progressThrottle(intervalMs: number): (e: RunEvent) => boolean {
  const last = new Map<string, { at: number; message: string }>();
  return (e) => {
    const entry =
      e.type === "progress"
        ? { key: `progress ${e.node}`, message: e.message }
        : e.type === "probe" && e.phase === "attempt"
          ? { key: `probe ${e.node}`, message: e.result ?? "" }
          : undefined;
    if (entry === undefined) return true;
    const before = last.get(entry.key);
    if (before !== undefined && (before.message === entry.message || e.at - before.at < intervalMs)) return false;
    last.set(entry.key, { at: e.at, message: entry.message });
    return true;
  };
}
