/**
 * Peak RSS of `berth up` with N containers, by GNU time's %M (the largest resident set of the
 * process tree it waited for, in KiB). Each round downs and cleans up what it brought up.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { ResultAsync } from "neverthrow";
import { removeDir, removeLeftovers } from "./cleanup.ts";
import { BERTH_BIN, instanceName, ROOT } from "./config.ts";
import { type BenchError, benchError, describeError } from "./errors.ts";
import { writePlanModule } from "./fixtures/bench-plan.ts";
import { runTimed } from "./proc.ts";
import { median } from "./stats.ts";

export const GNU_TIME = "/usr/bin/time";

export interface RssResult {
  readonly n: number;
  readonly samplesMb: number[];
  readonly medianMb?: number;
  readonly maxMb?: number;
  /** A bare `node -e ""` on this machine, for scale. */
  readonly nodeBaselineMb?: number;
  readonly error?: string;
}

/** Runs node with args under GNU time; the peak RSS in MB. */
const peakRss = (args: readonly string[], dir: string): ResultAsync<number, BenchError> => {
  const out = join(dir, `rss-${Math.random().toString(36).slice(2)}.txt`);
  return runTimed(GNU_TIME, ["-f", "%M", "-o", out, process.execPath, ...args], { cwd: ROOT }).andThen(() =>
    ResultAsync.fromPromise(readFile(out, "utf8"), benchError("read GNU time output")).map(
      (text) => Number(text.trim().split("\n").at(-1)) / 1024,
    ),
  );
};

export async function measureRss(
  docker: Docker,
  runId: string,
  n: number,
  rounds: number,
  log: (line: string) => void,
): Promise<RssResult> {
  const samplesMb: number[] = [];
  const errors: string[] = [];
  const work = await mkdtemp(join(tmpdir(), "berth-bench-rss-"));
  const baseline = await peakRss(["-e", ""], work);
  for (let round = 0; round < rounds; round++) {
    const name = instanceName(runId, "rss", n, round);
    const stateDir = join(work, `${name}-state`);
    const file = await writePlanModule(work, name, n, runId);
    const cli = (command: string) => [BERTH_BIN, command, file, "--quiet", "--state-dir", stateDir];
    const up = await peakRss(cli("up"), work);
    up.match(
      (mb) => samplesMb.push(mb),
      (e) => errors.push(describeError(e)),
    );
    const down = await runTimed(process.execPath, cli("down"), { cwd: ROOT });
    if (down.isErr()) errors.push(describeError(down.error));
    const left = await removeLeftovers(docker, runId);
    left.match(
      (count) => count > 0 && errors.push(`${count} containers left after down`),
      (e) => errors.push(describeError(e)),
    );
  }
  const removed = await removeDir(work);
  if (removed.isErr()) errors.push(describeError(removed.error));
  const medianMb = median(samplesMb);
  const maxMb = samplesMb.length > 0 ? Math.max(...samplesMb) : undefined;
  log(
    `  berth up N=${n}: peak RSS median ${medianMb?.toFixed(1) ?? "-"} MB, max ${maxMb?.toFixed(1) ?? "-"} MB` +
      (baseline.isOk() ? ` (bare node: ${baseline.value.toFixed(1)} MB)` : "") +
      (errors.length > 0 ? `; errors: ${errors.join("; ")}` : ""),
  );
  return {
    n,
    samplesMb,
    ...(medianMb !== undefined && { medianMb }),
    ...(maxMb !== undefined && { maxMb }),
    ...(baseline.isOk() && { nodeBaselineMb: baseline.value }),
    ...(errors.length > 0 && { error: errors.join("; ") }),
  };
}
