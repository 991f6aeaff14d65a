/** A CliContext with captured output and a fixed clock, for running commands in-process. */
import type { CliContext, Output } from "../../../cli/context.ts";

export interface Captured extends Output {
  readonly text: () => string;
}

export function captured(isTTY = false): Captured {
  let text = "";
  return {
    write: (s) => {
      text += s;
    },
    isTTY,
    columns: 100,
    text: () => text,
  };
}

export const FIXED_NOW = Date.parse("2025-01-02T03:04:05.678Z");

export function testContext(overrides: Partial<CliContext> = {}): CliContext & { stdout: Captured; stderr: Captured } {
  return {
    stdout: captured(),
    stderr: captured(),
    env: {},
    cwd: process.cwd(),
    now: () => FIXED_NOW,
    ...overrides,
  } as CliContext & { stdout: Captured; stderr: Captured };
}
