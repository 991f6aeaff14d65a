/**
 * Issue #13's targets (medians of one run, ratios within that run, this 2-core machine), judged
 * PASS or MISS. The lifecycle targets compare a berth row with the floor (raw dockerode, every
 * call in parallel, in process) or with docker-compose, measured interleaved in the same run:
 * the command (a process per `up` or `down`, as a person runs it) and the library call (in
 * process, as the floor is).
 */
import type { PlanSizeResult } from "./plan-size.ts";
import type { RssResult } from "./rss.ts";
import type { Row } from "./summary.ts";
import type { ToolId } from "./tools/types.ts";

/** `x`: a ratio; `ms over floor`: a difference from the floor's median; `ms`, `MB`: absolute. */
export type TargetUnit = "x" | "ms over floor" | "ms" | "MB";

export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly limit: number;
  readonly unit: TargetUnit;
  readonly value?: number;
  readonly status: "PASS" | "MISS" | "NOT MEASURED";
}

export const judge = (
  id: string,
  description: string,
  value: number | undefined,
  limit: number,
  unit: TargetUnit,
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
  planSize: PlanSizeResult | undefined,
  rss: RssResult | undefined,
): TargetResult[] {
  const row = (tool: ToolId, n: number) => rows.find((r) => r.tool === tool && r.n === n);
  const over = (tool: ToolId, n: number, phase: "upMs" | "downMs"): number | undefined => {
    const mine = row(tool, n)?.[phase];
    const floor = row("floor", n)?.[phase];
    return mine === undefined || floor === undefined ? undefined : mine - floor;
  };
  const cli = "berth command";
  const lib = "berth library call";
  return [
    judge("cli-up10-floor", `up N=10, ${cli} / floor`, row("berth-cli", 10)?.upVsFloor, 1.1, "x"),
    judge("cli-up10-compose", `up N=10, ${cli} / docker-compose`, row("berth-cli", 10)?.upVsCompose, 0.75, "x"),
    judge("cli-up25-floor", `up N=25, ${cli} / floor`, row("berth-cli", 25)?.upVsFloor, 1.05, "x"),
    judge("cli-up1-over", `up N=1, ${cli} − floor`, over("berth-cli", 1, "upMs"), 150, "ms over floor"),
    judge("cli-down10-floor", `down N=10, ${cli} / floor`, row("berth-cli", 10)?.downVsFloor, 1.1, "x"),
    judge("cli-down1-over", `down N=1, ${cli} − floor`, over("berth-cli", 1, "downMs"), 150, "ms over floor"),
    judge("lib-up10-floor", `up N=10, ${lib} / floor`, row("berth-lib", 10)?.upVsFloor, 1.05, "x"),
    judge("lib-down10-floor", `down N=10, ${lib} / floor`, row("berth-lib", 10)?.downVsFloor, 1.05, "x"),
    judge("lib-up25-floor", `up N=25, ${lib} / floor`, row("berth-lib", 25)?.upVsFloor, 1.05, "x"),
    judge("lib-down25-floor", `down N=25, ${lib} / floor`, row("berth-lib", 25)?.downVsFloor, 1.05, "x"),
    judge(
      "plan1000",
      "1,000-node plan: build + validate + emit (cold process)",
      planSize?.medianCold?.totalMs,
      300,
      "ms",
    ),
    judge("parse1000", "1,000-node plan: fromBlueprint (cold process)", planSize?.medianCold?.parseMs, 400, "ms"),
    judge("rss25", "peak RSS of `berth up`, N=25 (max of rounds)", rss?.maxMb, 120, "MB"),
  ];
}
