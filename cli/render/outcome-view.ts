/** A successful command's result, for a person. */
import type { Outcome } from "../outcome.ts";
import { changesView } from "./changes.ts";
import { printable } from "./format.ts";
import { statusTable } from "./status-table.ts";
import type { Style } from "./style.ts";
import { summaryTable } from "./summary.ts";

export interface Printed {
  readonly stdout?: string;
  readonly stderr?: string;
}

type ViewOf<C extends Outcome["command"]> = (o: Extract<Outcome, { command: C }>, style: Style, now: number) => Printed;

const wrote = (o: { output?: string }, style: Style): Printed => ({
  stderr: `${style.green("wrote")} ${printable(o.output ?? "")}\n`,
});

const views: { [C in Outcome["command"]]: ViewOf<C> } = {
  up: (o, s) => ({ stdout: summaryTable("up", o.report, s) }),
  down: (o, s) => ({ stdout: summaryTable("down", o.report, s) }),
  status: (o, s, now) => ({ stdout: statusTable(o.deployment, o.nodes, now, s) }),
  plan: (o, s) => ({ stdout: changesView(o.deployment, o.changes, s) }),
  validate: (o, s) => {
    const nodes = Object.keys(o.plan.nodes).map(printable);
    const inputs = Object.keys(o.plan.inputs).map(printable);
    const detail = `${nodes.length} node${nodes.length === 1 ? "" : "s"}: ${nodes.join(", ")}${inputs.length > 0 ? `; inputs: ${inputs.join(", ")}` : ""}`;
    return { stdout: `${s.green("✔")} ${printable(o.file)}: plan "${printable(o.plan.name)}" is valid (${detail})\n` };
  },
  yaml: (o, s) => (o.output === undefined ? { stdout: o.text } : wrote(o, s)),
  import: (o, s) => (o.output === undefined ? { stdout: o.text } : wrote(o, s)),
  logs: () => ({}),
};

export function outcomeView(outcome: Outcome, style: Style, now: number): Printed {
  return (views[outcome.command] as ViewOf<Outcome["command"]>)(outcome as never, style, now);
}
