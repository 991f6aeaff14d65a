/** The printed tables (Markdown, so docs/performance.md can carry them as they are). */
import type { PlanSizeResult } from "./plan-size.ts";
import type { RssResult } from "./rss.ts";
import type { StartupCase } from "./startup.ts";
import { fmtMs, fmtRatio } from "./stats.ts";
import type { Row } from "./summary.ts";
import type { TargetResult } from "./targets.ts";

const table = (head: readonly string[], body: readonly (readonly string[])[]): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
};

export const lifecycleTable = (rows: readonly Row[]): string =>
  table(
    ["N", "tool", "up ms", "down ms", "up/floor", "down/floor", "up/compose", "down/compose", "failed"],
    rows.map((r) => [
      String(r.n),
      r.label,
      fmtMs(r.upMs),
      fmtMs(r.downMs),
      fmtRatio(r.upVsFloor),
      fmtRatio(r.downVsFloor),
      fmtRatio(r.upVsCompose),
      fmtRatio(r.downVsCompose),
      `${r.failures}/${r.runs}`,
    ]),
  );

export const otherTable = (
  startup: readonly StartupCase[],
  planSize: PlanSizeResult | undefined,
  rss: RssResult | undefined,
): string => {
  const rows: string[][] = startup.map((s) => [
    s.command,
    s.error ??
      `${fmtMs(s.medianMs)} ms wall, ${fmtMs(s.medianCpuMs)} ms CPU, ${s.medianRssMb?.toFixed(0) ?? "-"} MB RSS`,
  ]);
  if (planSize !== undefined) {
    const c = planSize.medianCold;
    const w = planSize.medianWarm;
    rows.push(
      [
        `${planSize.nodes}-node plan: build + validate + emit, cold (warm)`,
        planSize.error ??
          `${fmtMs(c?.totalMs)} ms (${fmtMs(w?.totalMs)} ms) = build ${fmtMs(c?.buildMs)} + validate ${fmtMs(c?.validateMs)} + emit ${fmtMs(c?.emitMs)}`,
      ],
      [
        `${planSize.nodes}-node plan: fromBlueprint, cold (warm)`,
        planSize.error ??
          `${fmtMs(c?.parseMs)} ms (${fmtMs(w?.parseMs)} ms), ${Math.round((c?.yamlBytes ?? 0) / 1024)} KiB of YAML; ${fmtRatio(c?.parseMs !== undefined && c.peerParseMs ? c.parseMs / c.peerParseMs : undefined)} the \`yaml\` package's parseDocument alone (${fmtMs(c?.peerParseMs)} ms)`,
      ],
    );
  }
  if (rss !== undefined) {
    rows.push([
      `peak RSS, berth up N=${rss.n}: median (max)`,
      rss.medianMb === undefined
        ? (rss.error ?? "-")
        : `${rss.medianMb.toFixed(1)} MB (${rss.maxMb?.toFixed(1)} MB); bare node ${rss.nodeBaselineMb?.toFixed(1) ?? "-"} MB`,
    ]);
  }
  return table(["measurement", "median"], rows);
};

export const targetsTable = (targets: readonly TargetResult[]): string =>
  table(
    ["target", "limit", "measured", "result"],
    targets.map((t) => [
      t.description,
      t.unit === "x"
        ? `≤ ${t.limit}x`
        : t.unit === "ms over floor"
          ? `≤ floor + ${t.limit} ms`
          : `≤ ${t.limit} ${t.unit}`,
      t.value === undefined
        ? "-"
        : t.unit === "x"
          ? fmtRatio(t.value)
          : t.unit === "ms over floor"
            ? `floor ${t.value < 0 ? "−" : "+"} ${Math.abs(Math.round(t.value))} ms`
            : `${t.value.toFixed(t.unit === "MB" ? 1 : 0)} ${t.unit}`,
      t.status,
    ]),
  );
