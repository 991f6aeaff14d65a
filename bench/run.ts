/**
 * `npm run bench` (or `tsx bench/run.ts [--quick]`): berth against docker-compose, the docker
 * CLI and the raw engine; start-up, a 1,000-node plan, and peak RSS. Prints Markdown tables and
 * PASS/MISS per target; writes bench/results/<timestamp>.json.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { isBuildFresh } from "../scripts/dist-layout.mjs";
import { parseBenchArgs } from "./args.ts";
import { removeLeftovers } from "./cleanup.ts";
import { BERTH_BIN, COMMAND, IMAGE, RESULTS_DIR, ROOT, SOCKET_PATH, STOP_TIMEOUT } from "./config.ts";
import { describeError } from "./errors.ts";
import { runMatrix, type Sample, warmUp } from "./lifecycle.ts";
import { describeMachine, machineInfo } from "./machine.ts";
import { measurePlanSize, type PlanSizeResult } from "./plan-size.ts";
import { lifecycleTable, otherTable, targetsTable } from "./report.ts";
import { measureRss, type RssResult } from "./rss.ts";
import { measureStartup, type StartupCase } from "./startup.ts";
import { type Row, summarize } from "./summary.ts";
import { judgeTargets } from "./targets.ts";
import { composeTool } from "./tools/compose.ts";
import { dockerCliTool } from "./tools/docker-cli.ts";
import { floorTool } from "./tools/floor.ts";
import type { LifecycleTool } from "./tools/types.ts";

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** berth's own tools, each only when its part of berth exists in this checkout. */
async function berthTools(): Promise<LifecycleTool[]> {
  const tools: LifecycleTool[] = [];
  const lib = await import("./tools/berth-lib.ts").then(
    (m) => m.berthLibTool,
    (e: unknown) => {
      log(`berth library unavailable, not measured: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    },
  );
  if (lib) tools.push(lib);
  if (existsSync(BERTH_BIN)) {
    const { berthCliTool } = await import("./tools/berth-cli.ts");
    tools.push(berthCliTool);
  } else log(`berth command unavailable (${BERTH_BIN} missing), not measured`);
  return tools;
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (typeof args === "string") {
    log(args);
    return 2;
  }
  if (!isBuildFresh(ROOT)) {
    log("dist/ is older than berth's sources, so `berth` would run from source: run `npm run build` first");
    return 2;
  }
  const docker = new Docker({ socketPath: SOCKET_PATH });
  const runId = Date.now().toString(36).slice(-6);
  const stale = await removeLeftovers(docker);
  if (stale.isErr()) {
    log(`cannot talk to the engine: ${describeError(stale.error)}`);
    return 1;
  }
  if (stale.value > 0) log(`removed ${stale.value} containers left by an earlier bench run`);
  const machine = await machineInfo(docker);
  const loadAtStart = loadavg();
  log(`machine: ${describeMachine(machine)}; load average ${loadAtStart.map((l) => l.toFixed(1)).join(" ")}`);
  const failures: string[] = [];

  const berth = await berthTools();
  const tools = [floorTool(docker), ...berth, composeTool, dockerCliTool].filter((t) => args.tools.has(t.id));
  let samples: Sample[] = [];
  let rows: Row[] = [];
  if (args.only.has("lifecycle")) {
    log(`lifecycle: N=${args.ns.join(",")}, ${args.repeats} repeats, tools ${tools.map((t) => t.id).join(", ")}`);
    const options = { runId, ns: args.ns, repeats: args.repeats, docker, log };
    await warmUp(tools, options);
    samples = await runMatrix(tools, options);
    rows = summarize(samples, tools, args.ns);
    for (const s of samples) if (s.error !== undefined) failures.push(`${s.tool} N=${s.n}: ${s.error}`);
  }

  let startup: StartupCase[] = [];
  if (args.only.has("startup") && existsSync(BERTH_BIN)) {
    log("start-up:");
    startup = await measureStartup(Math.max(args.repeats, 5), log);
    for (const s of startup) if (s.error !== undefined) failures.push(`${s.id}: ${s.error}`);
  }

  let planSize: PlanSizeResult | undefined;
  if (args.only.has("plan")) {
    log("plan size:");
    planSize = await measurePlanSize(args.quick ? 2 : 5, 1000, log);
    if (planSize.error !== undefined) failures.push(`plan: ${planSize.error}`);
  }

  let rss: RssResult | undefined;
  if (args.only.has("rss") && existsSync(BERTH_BIN)) {
    log("peak RSS:");
    rss = await measureRss(docker, runId, 25, args.quick ? 1 : 3, log);
    if (rss.error !== undefined) failures.push(`rss: ${rss.error}`);
  }

  if (!isBuildFresh(ROOT)) {
    failures.push(
      "berth's sources changed during the run, so `berth` fell back to running them through tsx: the command's rows are not valid; rerun",
    );
  }
  const targets = judgeTargets(rows, planSize, rss);
  const loadAtEnd = loadavg();
  const load = `load average (1, 5, 15 min) at start ${loadAtStart.map((l) => l.toFixed(1)).join(" ")}, at end ${loadAtEnd.map((l) => l.toFixed(1)).join(" ")}`;
  const out = [
    "",
    `berth benchmark ${runId}: ${describeMachine(machine)}`,
    `image ${IMAGE}, command ${JSON.stringify(COMMAND)}, stop timeout ${STOP_TIMEOUT} s; medians of ${args.repeats} interleaved repeats`,
    load,
    "",
    lifecycleTable(rows),
    "",
    otherTable(startup, planSize, rss),
    "",
    targetsTable(targets),
    "",
  ].join("\n");
  process.stdout.write(out);

  if (args.write) {
    const file = join(RESULTS_DIR, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    const json = {
      runId,
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      config: {
        image: IMAGE,
        command: COMMAND,
        stopTimeoutS: STOP_TIMEOUT,
        ns: args.ns,
        repeats: args.repeats,
        quick: args.quick,
      },
      rows,
      startup,
      planSize,
      rss,
      targets,
      samples,
      failures,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    log(`results: ${file}`);
  }
  if (failures.length > 0) {
    log(`${failures.length} measurements failed:\n  ${failures.join("\n  ")}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
