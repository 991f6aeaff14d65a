/**
 * The 1,000-node plan: build + validate + emit, and parse back, each round in a fresh process.
 * The worker runs as JavaScript, bundled from berth's source by esbuild as dist/ is (packages
 * left external), under plain node: what a user of the build pays, without tsx's loader thread
 * and transform cache in the process.
 */
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { removeDir } from "./cleanup.ts";
import { ROOT } from "./config.ts";
import { describeError } from "./errors.ts";
import { runTimed } from "./proc.ts";
import { median } from "./stats.ts";
import type { PlanRound } from "./workers/plan-1000.ts";

const WORKER = fileURLToPath(new URL("./workers/plan-1000.ts", import.meta.url));

export interface PlanSizeResult {
  readonly nodes: number;
  /** First round in each fresh process: what a one-shot `berth yaml` pays. */
  readonly cold: PlanRound[];
  /** Later rounds in the same processes, JIT-warm. */
  readonly warm: PlanRound[];
  readonly medianCold?: Record<keyof PlanRound, number>;
  readonly medianWarm?: Record<keyof PlanRound, number>;
  readonly error?: string;
}

const keys: readonly (keyof PlanRound)[] = [
  "buildMs",
  "validateMs",
  "emitMs",
  "totalMs",
  "parseMs",
  "peerParseMs",
  "yamlBytes",
];

const medians = (rounds: readonly PlanRound[]): Record<keyof PlanRound, number> | undefined =>
  rounds.length === 0
    ? undefined
    : (Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => r[k])) ?? 0])) as Record<
        keyof PlanRound,
        number
      >);

const isRounds = (v: unknown): v is { cold: PlanRound; warm: PlanRound[] } =>
  typeof v === "object" && v !== null && "cold" in v && "warm" in v && Array.isArray((v as { warm: unknown }).warm);

export async function measurePlanSize(
  processes: number,
  nodes: number,
  log: (line: string) => void,
): Promise<PlanSizeResult> {
  const cold: PlanRound[] = [];
  const warm: PlanRound[] = [];
  let error: string | undefined;
  // Inside the checkout, so the bundle's package imports resolve to its node_modules.
  const dir = await mkdtemp(join(ROOT, "bench", ".plan-worker-"));
  const script = join(dir, "plan-1000.mjs");
  await build({
    entryPoints: [WORKER],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: script,
    absWorkingDir: ROOT,
    logLevel: "warning",
  });
  for (let i = 0; i < processes; i++) {
    const out = await runTimed(process.execPath, [script, String(nodes), "5"], { cwd: ROOT });
    out.match(
      (o) => {
        const parsed: unknown = JSON.parse(o.stdout);
        if (isRounds(parsed)) {
          cold.push(parsed.cold);
          warm.push(...parsed.warm);
        } else error = `unexpected worker output: ${o.stdout.slice(0, 200)}`;
      },
      (e) => {
        error = describeError(e);
      },
    );
  }
  const removed = await removeDir(dir);
  if (removed.isErr()) log(`  warning: ${describeError(removed.error)}`);
  const medianCold = medians(cold);
  const medianWarm = medians(warm);
  log(
    error ??
      `  ${nodes} nodes: build+validate+emit cold ${Math.round(medianCold?.totalMs ?? 0)} ms, warm ${Math.round(medianWarm?.totalMs ?? 0)} ms; parse cold ${Math.round(medianCold?.parseMs ?? 0)} ms (yaml's parseDocument alone ${Math.round(medianCold?.peerParseMs ?? 0)} ms)`,
  );
  return {
    nodes,
    cold,
    warm,
    ...(medianCold && { medianCold }),
    ...(medianWarm && { medianWarm }),
    ...(error !== undefined && { error }),
  };
}
