/**
 * What a command may touch of the outside world, passed in so tests can run commands with a
 * fixed clock, captured output and no terminal.
 */
import process from "node:process";
import type { Plan } from "../dsl/mod.ts";

export interface Output {
  write(text: string): void;
  /** True when this stream is a terminal (live view, colour). */
  readonly isTTY: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

export interface CliContext {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Epoch milliseconds; tests pass a fixed clock. */
  readonly now: () => number;
  /** Set when a plan file runs itself: the plan is the target and no file is loaded. */
  readonly self?: { readonly file: string; readonly plan: Plan };
}

/** The real process: stdout/stderr, environment and clock. */
export function processContext(self?: CliContext["self"]): CliContext {
  const stream = (s: NodeJS.WriteStream): Output => ({
    write: (text) => void s.write(text),
    isTTY: s.isTTY === true,
    get columns() {
      return s.columns;
    },
  });
  return {
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    now: Date.now,
    ...(self && { self }),
  };
}

/** NO_COLOR (any non-empty value) or no terminal: no colour. */
export const wantsColour = (ctx: CliContext, out: Output): boolean =>
  out.isTTY && (ctx.env.NO_COLOR ?? "") === "" && ctx.env.TERM !== "dumb";
