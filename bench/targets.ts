/**
 * The issues' targets (medians, this 2-core machine), judged PASS or MISS: #6's speed and memory,
 * and #4's "emit a 1,000-node plan and parse it back, each under 1 s".
 *
 * Which berth row a ratio uses: against the floor (in-process dockerode) the library call, so
 * both sides pay the same; against docker-compose (a command) the berth command, so both pay
 * a process start. The table prints every ratio for both.
 */
import type { PlanSizeResult } from "./plan-size.ts";
import type { RssResult } from "./rss.ts";
import type { StartupCase } from "./startup.ts";
import type { Row } from "./summary.ts";
import type { ToolId } from "./tools/types.ts";

export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly limit: number;
  readonly unit: "x" | "ms" | "MB";
  readonly value?: number;
  readonly status: "PASS" | "MISS" | "NOT MEASURED";
}

const judge = (
  id: string,
  description: string,
  value: number | undefined,
  limit: number,
  unit: TargetResult["unit"],
): TargetResult => ({
  id,
  description,
  limit,
  unit,
  ...(value !== undefined && { value }),
  status: value === undefined ? "NOT MEASURED" : value <= limit ? "PASS" : "MISS",
});

export function judgeTargets(
  rows: readonly Row[],
  startup: readonly StartupCase[],
  planSize: PlanSizeResult | undefined,
  rss: RssResult | undefined,
): TargetResult[] {
  const row = (tool: ToolId, n: number) => rows.find((r) => r.tool === tool && r.n === n);
  return [
    judge("up10-floor", "up N=10, berth library / raw parallel floor", row("berth-lib", 10)?.upVsFloor, 1.1, "x"),
    judge("up10-compose", "up N=10, berth command / docker-compose", row("berth-cli", 10)?.upVsCompose, 0.8, "x"),
    judge("down10-floor", "down N=10, berth library / raw parallel floor", row("berth-lib", 10)?.downVsFloor, 1.1, "x"),
    judge(
      "yaml-startup",
      "`berth yaml examples/db_server.ts` wall",
      startup.find((s) => s.id === "berth-yaml")?.medianMs,
      400,
      "ms",
    ),
    judge("plan1000", "1,000-node build + validate + emit (cold process)", planSize?.medianCold?.totalMs, 300, "ms"),
    judge("emit1000", "1,000-node toBlueprint (cold process)", planSize?.medianCold?.emitMs, 1000, "ms"),
    judge("parse1000", "1,000-node fromBlueprint (cold process)", planSize?.medianCold?.parseMs, 1000, "ms"),
    judge("rss25", "peak RSS of `berth up`, N=25 (max of rounds)", rss?.maxMb, 150, "MB"),
  ];
}
