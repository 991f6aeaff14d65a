/** Runs a subprocess and times it, wall clock from spawn to exit. */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { type BenchError, benchError } from "./errors.ts";

export interface ProcOutput {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: ProcOutput;
}

const spawnTimed = (command: string, args: readonly string[], options: ProcOptions): Promise<Exit> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      resolve({
        code,
        signal,
        out: { ms, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") },
      });
    });
  });

/** Runs `command args`; an exit other than 0 is an error carrying the output's tail. */
export function runTimed(
  command: string,
  args: readonly string[],
  options: ProcOptions = {},
): ResultAsync<ProcOutput, BenchError> {
  const step = `${command} ${args.join(" ")}`;
  return ResultAsync.fromPromise(spawnTimed(command, args, options), benchError(step)).andThen((exit) =>
    exit.code === 0
      ? okAsync(exit.out)
      : errAsync<ProcOutput, BenchError>({
          step,
          message: `exited ${exit.code ?? exit.signal}: ${tail(exit.out.stderr || exit.out.stdout)}`,
        }),
  );
}

const tail = (text: string): string => text.trim().split("\n").slice(-5).join(" | ");
