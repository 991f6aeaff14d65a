/** `berth plan`: what `up` would do to each node, and why. */
import type { NodeChange } from "../../runtime/types.ts";
import { printable } from "./format.ts";
import type { Style } from "./style.ts";
import { table } from "./table.ts";

const marks: Record<NodeChange["action"], (style: Style) => string> = {
  create: (s) => s.green("+ create"),
  recreate: (s) => s.yellow("~ recreate"),
  unchanged: (s) => s.dim("= unchanged"),
  skip: (s) => s.dim("  skip"),
};

export function changesView(deployment: string, changes: readonly NodeChange[], style: Style): string {
  const rows = changes.map((c) => [marks[c.action](style), printable(c.node), printable(c.reason)]);
  const count = (action: NodeChange["action"]) => changes.filter((c) => c.action === action).length;
  const total = `${count("create")} to create, ${count("recreate")} to recreate, ${count("unchanged")} unchanged`;
  return `${style.bold(`plan for deployment ${printable(deployment)}`)}\n${table(["ACTION", "NODE", "REASON"], rows, style.bold)}\n${total}\n`;
}
