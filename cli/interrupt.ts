/**
 * Ctrl-C: the first SIGINT aborts the run (up then undoes per its failure policy and the
 * command exits 130); a second exits at once, and the next `down` cleans up by labels.
 */
import process from "node:process";
import type { Output } from "./context.ts";

export interface Interrupt {
  readonly signal: AbortSignal;
  /** Removes the handlers; Ctrl-C then behaves as usual again. */
  readonly dispose: () => void;
}

export function onInterrupt(stderr: Output, quiet: boolean): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      stderr.write("\ninterrupted again: exiting now; `berth down <file>` removes what is left\n");
      process.exit(130);
    }
    if (!quiet) stderr.write("\ninterrupted: stopping and undoing (press Ctrl-C again to exit now)\n");
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
