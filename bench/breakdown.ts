/**
 * `tsx bench/breakdown.ts [--repeats K] [--n 1,10]`: where the time of `berth up` and
 * `berth down` goes, phase by phase: node's start, loading the command, loading and validating
 * the plan, loading the runtime, the lock and state, each Engine API request, the gaps between
 * them, the work after the last start, and the exit. Each run is traced with
 * bench/trace-preload.mjs (the command's performance marks and every HTTP request) and `--json`
 * (the runtime's events); the table gives medians. Cleans up after itself.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { isBuildFresh } from "../scripts/dist-layout.mjs";
import { removeDir, removeLeftovers } from "./cleanup.ts";
import { BERTH_BIN, instanceName, ROOT, SOCKET_PATH } from "./config.ts";
import { describeError } from "./errors.ts";
import { writePlanModule } from "./fixtures/bench-plan.ts";
import { runTimed } from "./proc.ts";
import { fmtMs, median } from "./stats.ts";

const PRELOAD = new URL("./trace-preload.mjs", import.meta.url).href;

interface Request {
  readonly method: string;
  readonly path: string;
  readonly start: number;
  readonly end: number;
}
interface Trace {
  readonly timeOrigin: number;
  readonly marks: Readonly<Record<string, number>>;
  readonly requests: readonly Request[];
  readonly exit: number;
}
interface Run {
  readonly wallMs: number;
  readonly trace: Trace;
  readonly events: readonly { type: string; phase?: string; at: number; operation?: string; node?: string }[];
}

async function runTraced(args: readonly string[], traceFile: string): Promise<Run> {
  const ran = await runTimed(process.execPath, ["--import", PRELOAD, BERTH_BIN, ...args], {
    cwd: ROOT,
    env: { BERTH_TRACE_FILE: traceFile },
  });
  if (ran.isErr()) throw new Error(describeError(ran.error));
  const { ms: wallMs, stdout } = ran.value;
  const trace = JSON.parse(await readFile(traceFile, "utf8")) as Trace;
  const events = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Run["events"][number]);
  return { wallMs, trace, events };
}

const kindOf = (r: Request): string => {
  const path = r.path.replace(/^\/v[\d.]+/, "").replace(/\?.*$/, "");
  if (path === "/_ping") return "ping";
  if (path === "/containers/json") return "list";
  if (path.startsWith("/images/")) return "inspect image";
  if (path === "/containers/create") return "create";
  const action = path.split("/")[3];
  if (r.method === "DELETE") return "remove";
  return action === "json" ? "inspect" : (action ?? path);
};

/** Milliseconds during which no request was out, between `from` and `to`. */
function idle(requests: readonly Request[], from: number, to: number): number {
  let covered = 0;
  let reach = from;
  for (const r of [...requests].sort((a, b) => a.start - b.start)) {
    const start = Math.max(r.start, reach);
    const end = Math.min(r.end, to);
    if (end > start) covered += end - start;
    reach = Math.max(reach, r.end);
  }
  return to - from - covered;
}

/** One run's phases, in order, in ms. */
function phases(run: Run, command: "up" | "down"): [string, number][] {
  const { marks, requests, exit, timeOrigin } = run.trace;
  const at = (e: { at: number }) => e.at - timeOrigin;
  const mark = (name: string) => marks[`berth:${name}`] ?? Number.NaN;
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const of = (kind: string) => sorted.filter((r) => kindOf(r) === kind);
  const wfEnd = run.events.find((e) => e.type === "workflow" && e.phase !== "started");
  const engineKinds = command === "up" ? ["create", "start"] : ["stop", "remove"];
  const engine = sorted.filter((r) => engineKinds.includes(kindOf(r)));
  const engineStart = engine[0]?.start ?? Number.NaN;
  const engineEnd = Math.max(...engine.map((r) => r.end));
  const duration = (kind: string) => of(kind).reduce((sum, r) => sum + (r.end - r.start), 0);
  const ping = of("ping")[0];
  const out: [string, number][] = [
    ["node's start (to bin/berth.js)", mark("bin")],
    ["load the command (commander, zod, the DSL)", mark("cli-loaded") - mark("bin")],
    ["parse arguments, import the plan module", mark("plan-imported") - mark("cli-loaded")],
    ["validate the plan", mark("plan-validated") - mark("plan-imported")],
    ["load the runtime", mark("runtime-loaded") - mark("plan-validated")],
    ["lock, state, load dockerode", (ping?.start ?? Number.NaN) - mark("runtime-loaded")],
    ["GET /_ping", ping === undefined ? Number.NaN : ping.end - ping.start],
    [
      "the rest before the first create / stop (list, inspect image, decide, state)",
      engineStart - (ping?.end ?? Number.NaN),
    ],
    ["create+start / stop+remove, first sent to last answered (the engine)", engineEnd - engineStart],
    ["  of which no request was out (berth's gaps)", idle(engine, engineStart, engineEnd)],
    ["  create / stop, summed over nodes", duration(engineKinds[0] as string)],
    ["  start / remove, summed over nodes", duration(engineKinds[1] as string)],
    ["after the last of them, to the workflow's end", (wfEnd ? at(wfEnd) : Number.NaN) - engineEnd],
    ["  inspect, summed", duration("inspect")],
    ["  top, summed", duration("top")],
    ["  list (ownership check and final check), summed", duration("list")],
    ["report, to the process's exit event", exit - (wfEnd ? at(wfEnd) : Number.NaN)],
    ["exit and process teardown (wall − exit event)", run.wallMs - exit],
    ["wall, as the bench times it", run.wallMs],
  ];
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeats: { type: "string" }, n: { type: "string" } } });
  const repeats = Number(values.repeats ?? 5);
  const ns = (values.n ?? "1,10").split(",").map(Number);
  if (!isBuildFresh(ROOT)) throw new Error("dist/ is stale: run `npm run build` first");
  const docker = new Docker({ socketPath: SOCKET_PATH });
  const runId = `bd${Date.now().toString(36).slice(-5)}`;
  const work = await mkdtemp(join(tmpdir(), "berth-breakdown-"));
  try {
    for (const n of ns) {
      const table = new Map<string, { up: number[]; down: number[] }>();
      for (let r = -1; r < repeats; r++) {
        const name = instanceName(runId, "breakdown", n, r);
        const file = await writePlanModule(work, name, n, runId);
        const stateDir = join(work, `${name}-state`);
        const upRun = await runTraced(["up", file, "--json", "--state-dir", stateDir], join(work, "up.json"));
        await sleep(300);
        const downRun = await runTraced(["down", file, "--json", "--state-dir", stateDir], join(work, "down.json"));
        await removeLeftovers(docker, runId);
        await sleep(300);
        if (r < 0) continue;
        for (const [command, run] of [
          ["up", upRun],
          ["down", downRun],
        ] as const) {
          for (const [phase, ms] of phases(run, command)) {
            const entry = table.get(phase) ?? { up: [], down: [] };
            table.set(phase, entry);
            entry[command].push(ms);
          }
        }
      }
      const fmt = (xs: number[]) => fmtMs(median(xs.filter((x) => Number.isFinite(x))));
      process.stdout.write(`\nN = ${n}, medians of ${repeats} runs (ms)\n\n| phase | up | down |\n|---|---|---|\n`);
      for (const [phase, { up, down }] of table) process.stdout.write(`| ${phase} | ${fmt(up)} | ${fmt(down)} |\n`);
    }
  } finally {
    await removeLeftovers(docker, runId);
    await removeDir(work);
  }
}

await main();
