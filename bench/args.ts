/**
 * `tsx bench/run.ts [--quick] [--repeats K] [--n 1,10,25] [--only lifecycle,startup,plan,rss]
 * [--tools floor,berth-cli,...] [--no-write]`. `--tools` narrows the lifecycle matrix while
 * working on one tool; the floor always runs, since every target is relative to it.
 */
import { parseArgs } from "node:util";
import { type ToolId, toolIds } from "./tools/types.ts";

export const sections = ["lifecycle", "startup", "plan", "rss"] as const;
export type Section = (typeof sections)[number];

export interface BenchArgs {
  readonly quick: boolean;
  readonly ns: readonly number[];
  readonly repeats: number;
  readonly only: ReadonlySet<Section>;
  readonly tools: ReadonlySet<ToolId>;
  readonly write: boolean;
}

const isSection = (s: string): s is Section => (sections as readonly string[]).includes(s);
const isToolId = (s: string): s is ToolId => (toolIds as readonly string[]).includes(s);

export function parseBenchArgs(argv: readonly string[]): BenchArgs | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      repeats: { type: "string" },
      n: { type: "string" },
      only: { type: "string" },
      tools: { type: "string" },
      "no-write": { type: "boolean", default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const ns = (values.n ?? (quick ? "1,10" : "1,10,25")).split(",").map(Number);
  if (ns.some((n) => !Number.isInteger(n) || n < 1)) return `--n takes positive integers, got ${values.n}`;
  const repeats = Number(values.repeats ?? (quick ? 2 : 5));
  if (!Number.isInteger(repeats) || repeats < 1) return `--repeats takes a positive integer, got ${values.repeats}`;
  const only = (values.only ?? sections.join(",")).split(",");
  const unknown = only.filter((s) => !isSection(s));
  if (unknown.length > 0) return `--only takes ${sections.join(",")}, got ${unknown.join(",")}`;
  const tools = (values.tools ?? toolIds.join(",")).split(",");
  const unknownTools = tools.filter((t) => !isToolId(t));
  if (unknownTools.length > 0) return `--tools takes ${toolIds.join(",")}, got ${unknownTools.join(",")}`;
  return {
    quick,
    ns,
    repeats,
    only: new Set(only.filter(isSection)),
    tools: new Set<ToolId>(["floor", ...tools.filter(isToolId)]),
    write: values["no-write"] !== true,
  };
}
