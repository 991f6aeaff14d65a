/** Starts `up` in a child process (up-child.ts) whose events a test reads and which it can SIGKILL. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { RunEvent } from "../../../runtime/types.ts";

export interface UpChild {
  /** Calls `onEvent` for each event until it returns true (then resolves); rejects if up ends first. */
  readonly until: (onEvent: (event: RunEvent) => boolean) => Promise<void>;
  /** SIGKILLs the whole process group (npx and the node process tsx runs) and waits for the exit. */
  readonly kill: () => Promise<void>;
}

export function startUpChild(args: readonly string[]): UpChild {
  // Its own process group, so kill -9 reaches npx and the node process tsx runs under it.
  const child = spawn("npx", ["tsx", "test/engine/support/up-child.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  return {
    until: (onEvent) =>
      new Promise<void>((resolve, reject) => {
        lines.on("line", (line) => {
          const event = JSON.parse(line) as RunEvent | { type: "done" };
          if (event.type === "done") reject(new Error("up finished before it could be killed"));
          else if (onEvent(event)) resolve();
        });
      }),
    kill: async () => {
      try {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
}
