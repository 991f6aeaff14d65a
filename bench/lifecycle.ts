/**
 * The up/down matrix: for each repeat, for each N, every tool once, in an order rotated per
 * repeat so no tool always runs first (or right after the most expensive one). Every instance
 * cleans up after itself; leftovers are counted and force-removed.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { ResultAsync } from "neverthrow";
import { removeDir, removeLeftovers } from "./cleanup.ts";
import { instanceName } from "./config.ts";
import { type BenchError, describeError } from "./errors.ts";
import type { LifecycleTool, ToolId } from "./tools/types.ts";

export interface Sample {
  readonly tool: ToolId;
  readonly n: number;
  readonly repeat: number;
  readonly upMs?: number;
  readonly downMs?: number;
  readonly error?: string;
  /** Containers still there after down (force-removed by the cleanup). */
  readonly leftovers: number;
}

export interface MatrixOptions {
  readonly runId: string;
  readonly ns: readonly number[];
  readonly repeats: number;
  readonly docker: Docker;
  readonly log: (line: string) => void;
}

/** Let the engine settle between instances (async cleanup, cgroup teardown). */
const SETTLE_MS = 300;

const timed = async <T>(work: () => ResultAsync<T, BenchError>): Promise<{ ms: number; error?: BenchError }> => {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  return result.match(
    () => ({ ms }),
    (error) => ({ ms, error }),
  );
};

async function runInstance(tool: LifecycleTool, n: number, repeat: number, options: MatrixOptions): Promise<Sample> {
  const workDir = await mkdtemp(join(tmpdir(), "berth-bench-"));
  const spec = { runId: options.runId, name: instanceName(options.runId, tool.id, n, repeat), n, workDir };
  const base = { tool: tool.id, n, repeat };
  const prepared = await tool.prepare(spec);
  let sample: Omit<Sample, "leftovers">;
  if (prepared.isErr()) sample = { ...base, error: describeError(prepared.error) };
  else {
    const up = await timed(() => prepared.value.up());
    const down = up.error === undefined ? await timed(() => prepared.value.down()) : undefined;
    const error = up.error ?? down?.error;
    sample = {
      ...base,
      ...(up.error === undefined && { upMs: up.ms }),
      ...(down !== undefined && down.error === undefined && { downMs: down.ms }),
      ...(error !== undefined && { error: describeError(error) }),
    };
  }
  const leftovers = await removeLeftovers(options.docker, options.runId);
  const removed = await removeDir(workDir);
  if (removed.isErr()) options.log(`  warning: ${describeError(removed.error)}`);
  return leftovers.match(
    (count) => ({ ...sample, leftovers: count }),
    (e) => ({ ...sample, leftovers: -1, error: [sample.error, describeError(e)].filter(Boolean).join("; ") }),
  );
}

const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length] as T);

const describeSample = (s: Sample): string =>
  s.error !== undefined
    ? `FAILED ${s.error}`
    : `up ${Math.round(s.upMs ?? 0)} ms, down ${Math.round(s.downMs ?? 0)} ms${s.leftovers > 0 ? `, ${s.leftovers} left over` : ""}`;

/** One unrecorded N=1 instance per tool: loads modules, warms the engine's image cache. */
export async function warmUp(tools: readonly LifecycleTool[], options: MatrixOptions): Promise<void> {
  for (const tool of tools) {
    const sample = await runInstance(tool, 1, -1, options);
    options.log(`  warm-up ${tool.id}: ${describeSample(sample)}`);
    await sleep(SETTLE_MS);
  }
}

export async function runMatrix(tools: readonly LifecycleTool[], options: MatrixOptions): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    for (const n of options.ns) {
      for (const tool of rotate(tools, repeat + n)) {
        const sample = await runInstance(tool, n, repeat, options);
        samples.push(sample);
        options.log(`  [${repeat + 1}/${options.repeats}] N=${n} ${tool.id}: ${describeSample(sample)}`);
        await sleep(SETTLE_MS);
      }
    }
  }
  return samples;
}
