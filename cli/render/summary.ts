/** The table after `up`/`down`: per node what happened and how long each step took. */
import { type LifecycleOperation, lifecycleOperations } from "../../dsl/plan-types.ts";
import type { DeploymentReport } from "../../runtime/types.ts";
import { duration, printable } from "./format.ts";
import type { Style } from "./style.ts";
import { table } from "./table.ts";

export function summaryTable(command: "up" | "down", report: DeploymentReport, style: Style): string {
  const nodes = Object.entries(report.nodes);
  const used = lifecycleOperations.filter((op) => nodes.some(([, n]) => n.steps.some((s) => s.operation === op)));
  const stepTime = (steps: DeploymentReport["nodes"][string]["steps"], op: LifecycleOperation) => {
    const ms = steps.filter((s) => s.operation === op).reduce((sum, s) => sum + s.durationMs, 0);
    return steps.some((s) => s.operation === op) ? duration(ms) : "-";
  };
  // Waiting to be ready is part of start (or, for an unchanged node, all it did): shown beside it.
  const waited = nodes.some(([, n]) => n.waitedMs !== undefined);
  const rows = nodes.map(([name, n]) => [
    printable(name),
    n.action,
    ...used.map((op) => stepTime(n.steps, op)),
    ...(waited ? [n.waitedMs === undefined ? "-" : duration(n.waitedMs)] : []),
    duration(n.steps.reduce((sum, s) => sum + s.durationMs, 0)),
  ]);
  const header = ["NODE", "ACTION", ...used.map((op) => op.toUpperCase()), ...(waited ? ["WAITED"] : []), "TOTAL"];
  const verb = command === "up" ? "up" : "down";
  const lines = [
    table(header, rows, style.bold),
    style.green(`deployment ${printable(report.deployment)} ${verb} in ${duration(report.durationMs)}`),
  ];
  const outputs = Object.entries(report.outputs);
  if (outputs.length > 0) {
    // JSON escapes C0 controls in strings, not DEL or C1.
    lines.push(style.bold("outputs"), ...outputs.map(([k, v]) => `  ${printable(k)}: ${printable(JSON.stringify(v))}`));
  }
  return `${lines.join("\n")}\n`;
}
