/**
 * Start-up wall time of the `berth` command: `--version` and `yaml` on an example, beside a bare
 * `node -e ""` for what Node itself costs on this machine. Interleaved, medians.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ResultAsync } from "neverthrow";
import { removeDir } from "./cleanup.ts";
import { BERTH_BIN, ROOT } from "./config.ts";
import { type BenchError, benchError, describeError } from "./errors.ts";
import { runTimed } from "./proc.ts";
import { GNU_TIME } from "./rss.ts";
import { median } from "./stats.ts";

export const YAML_EXAMPLE = fileURLToPath(new URL("../examples/db_server.ts", import.meta.url));

export interface StartupCase {
  readonly id: "node-baseline" | "berth-version" | "berth-yaml";
  readonly command: string;
  readonly samplesMs: number[];
  readonly medianMs?: number;
  /** user + system CPU: what the command costs, less sensitive than wall to a busy machine. */
  readonly medianCpuMs?: number;
  readonly medianRssMb?: number;
  readonly error?: string;
}

interface Usage {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}

/** Wall time of `node args`, and its CPU time and peak RSS as GNU time reports them. */
const measured = (args: readonly string[], dir: string, i: number): ResultAsync<Usage, BenchError> => {
  const out = join(dir, `usage-${i}.txt`);
  return runTimed(GNU_TIME, ["-f", "%U %S %M", "-o", out, process.execPath, ...args], { cwd: ROOT }).andThen((run) =>
    ResultAsync.fromPromise(readFile(out, "utf8"), benchError("read GNU time output")).map((text) => {
      const [user = 0, sys = 0, kb = 0] = (text.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
      return { wallMs: run.ms, cpuMs: (user + sys) * 1000, rssMb: kb / 1024 };
    }),
  );
};

const cases = (): { id: StartupCase["id"]; args: string[] }[] => [
  { id: "node-baseline", args: ["-e", ""] },
  { id: "berth-version", args: [BERTH_BIN, "--version"] },
  { id: "berth-yaml", args: [BERTH_BIN, "yaml", YAML_EXAMPLE] },
];

export async function measureStartup(repeats: number, log: (line: string) => void): Promise<StartupCase[]> {
  const results = cases().map((c) => ({
    id: c.id,
    args: c.args,
    command: `node ${c.args.join(" ").replaceAll(ROOT, "")}`,
    samplesMs: [] as number[],
    cpuMs: [] as number[],
    rssMb: [] as number[],
    error: undefined as string | undefined,
  }));
  const dir = await mkdtemp(join(tmpdir(), "berth-bench-startup-"));
  let count = 0;
  // One unrecorded round warms the page cache and tsx's transform cache.
  for (let round = -1; round < repeats; round++) {
    for (const c of results) {
      const out = await measured(c.args, dir, count++);
      out.match(
        (u) => {
          if (round < 0) return;
          c.samplesMs.push(u.wallMs);
          c.cpuMs.push(u.cpuMs);
          c.rssMb.push(u.rssMb);
        },
        (e) => {
          c.error = describeError(e);
        },
      );
    }
  }
  const removed = await removeDir(dir);
  if (removed.isErr()) log(`  warning: ${describeError(removed.error)}`);
  return results.map((c) => {
    const m = median(c.samplesMs);
    const cpu = median(c.cpuMs);
    const rss = median(c.rssMb);
    log(
      `  ${c.id}: ${c.error ?? `median ${Math.round(m ?? 0)} ms wall, ${Math.round(cpu ?? 0)} ms CPU, of ${c.samplesMs.length}`}`,
    );
    return {
      id: c.id,
      command: c.command,
      samplesMs: c.samplesMs,
      ...(m !== undefined && { medianMs: m }),
      ...(cpu !== undefined && { medianCpuMs: cpu }),
      ...(rss !== undefined && { medianRssMb: rss }),
      ...(c.error !== undefined && { error: c.error }),
    };
  });
}
