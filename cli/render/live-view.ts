/**
 * On a terminal: one line per node with its current operation, a spinner and the elapsed time,
 * redrawn in place with ANSI (throttled). The state is folded from events by a pure function so
 * frames are testable with a fixed clock.
 */
import type { LifecycleOperation } from "../../dsl/plan-types.ts";
import type { RunEvent } from "../../runtime/types.ts";
import type { Output } from "../context.ts";
import { duration, printable, printableLines } from "./format.ts";
import type { Style } from "./style.ts";
import { visibleLength } from "./style.ts";

export interface NodeView {
  readonly node: string;
  readonly operation?: LifecycleOperation;
  readonly phase: "waiting" | "started" | "succeeded" | "failed" | "skipped";
  /** When the node's first operation started, and when its latest one ended. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly progress?: string;
  /** What the node waits for to be ready, since when, and what the last attempt found. */
  readonly waiting?: { readonly probe: string; readonly since: number; readonly result?: string };
}

export const initialViews = (nodes: readonly string[]): NodeView[] => nodes.map((node) => ({ node, phase: "waiting" }));

/** Folds one event into the per-node views; events for unknown nodes add a row. */
export function applyEvent(views: readonly NodeView[], event: RunEvent): NodeView[] {
  if (event.type === "workflow" || event.node === undefined) return [...views];
  const at = event.node;
  const known = views.some((v) => v.node === at);
  const all = known ? views : [...views, { node: at, phase: "waiting" as const }];
  return all.map((v) => {
    if (v.node !== at) return v;
    // Progress, and the plugin's info messages ("Starting container ..."), show beside the node.
    if (event.type === "progress") return { ...v, progress: event.message };
    if (event.type === "log") return event.level === "info" ? { ...v, progress: event.message.split("\n")[0] } : v;
    if (event.type === "probe") {
      const { waiting: _done, ...rest } = v;
      if (event.phase === "ready" || event.phase === "failed") return rest;
      const since = event.at - event.elapsedMs;
      return {
        ...rest,
        waiting: { probe: event.probe, since, ...(event.result !== undefined && { result: event.result }) },
      };
    }
    const startedAt = v.startedAt ?? event.at;
    if (event.phase === "started") {
      return { node: v.node, operation: event.operation, phase: "started", startedAt };
    }
    return { node: v.node, operation: event.operation, phase: event.phase, startedAt, endedAt: event.at };
  });
}

/** `3.1 s`: how long a node has waited, as the live view shows it. */
const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The lines of one frame at time `now`. */
export function frame(views: readonly NodeView[], now: number, tick: number, style: Style, columns = 120): string[] {
  const width = Math.max(4, ...views.map((v) => printable(v.node).length));
  return views.map((v) => {
    const busy = style.cyan(spinner[tick % spinner.length] ?? "-");
    const icon =
      v.waiting !== undefined
        ? busy
        : {
            waiting: style.dim("·"),
            started: busy,
            succeeded: style.green("✔"),
            failed: style.red("✖"),
            skipped: style.dim("–"),
          }[v.phase];
    const op =
      v.waiting !== undefined
        ? `waiting: ${printable(v.waiting.probe)} (${seconds(now - v.waiting.since)})`
        : v.operation === undefined
          ? style.dim("waiting")
          : v.phase === "failed"
            ? style.red(`${v.operation} failed`)
            : v.operation;
    const elapsed = v.startedAt === undefined ? "" : duration((v.endedAt ?? now) - v.startedAt);
    const line = `${icon} ${printable(v.node).padEnd(width)}  ${op}${" ".repeat(Math.max(2, 16 - visibleLength(op)))}${elapsed}`;
    // A line wider than the terminal would wrap and break the redraw: progress gets what is left.
    const room = columns - 1 - visibleLength(line) - 2;
    const detail = v.waiting !== undefined ? v.waiting.result : v.phase === "started" ? v.progress : undefined;
    if (detail === undefined || room < 4) return line;
    const shown = printable(detail);
    const text = shown.length > room ? `${shown.slice(0, room - 1)}…` : shown;
    return `${line}  ${style.dim(text)}`;
  });
}

/** The live region on a terminal; call `stop()` before printing anything after it. */
export class LiveView {
  #views: NodeView[];
  #drawn = 0;
  #tick = 0;
  #dirty = true;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly out: Output,
    private readonly style: Style,
    private readonly now: () => number,
    nodes: readonly string[],
    intervalMs = 80,
  ) {
    this.#views = initialViews(nodes);
    this.out.write("\x1b[?25l");
    this.#timer = setInterval(() => {
      this.#tick++;
      this.#dirty = true;
      this.#draw();
    }, intervalMs);
    this.#timer.unref?.();
    this.#draw();
  }

  onEvent(event: RunEvent): void {
    this.#views = applyEvent(this.#views, event);
    this.#dirty = true;
    // Failures and warnings go above the live region, so they stay on screen.
    if (event.type === "log" && (event.level === "warn" || event.level === "error")) {
      this.#clear();
      const message = printableLines(event.message);
      this.out.write(`${event.level === "error" ? this.style.red(message) : this.style.yellow(message)}\n`);
      this.#drawn = 0;
      this.#draw();
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#dirty = true;
    this.#draw();
    this.out.write("\x1b[?25h");
  }

  #clear(): void {
    if (this.#drawn > 0) this.out.write(`\x1b[${this.#drawn}A\x1b[0J`);
  }

  #draw(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    const lines = frame(this.#views, this.now(), this.#tick, this.style, this.out.columns ?? 120);
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : "";
    this.out.write(`${up}${lines.map((l) => `\x1b[2K${l}\n`).join("")}\x1b[0J`);
    this.#drawn = lines.length;
  }
}
