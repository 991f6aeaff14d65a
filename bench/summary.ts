/** Medians per tool and size, and the ratios to the floor and to docker-compose. */
import type { Sample } from "./lifecycle.ts";
import { median, ratio } from "./stats.ts";
import type { ToolId } from "./tools/types.ts";

export interface Row {
  readonly n: number;
  readonly tool: ToolId;
  readonly label: string;
  readonly runs: number;
  readonly failures: number;
  readonly upMs?: number;
  readonly downMs?: number;
  readonly upVsFloor?: number;
  readonly downVsFloor?: number;
  readonly upVsCompose?: number;
  readonly downVsCompose?: number;
}

export function summarize(
  samples: readonly Sample[],
  tools: readonly { readonly id: ToolId; readonly label: string }[],
  ns: readonly number[],
): Row[] {
  const medianOf = (n: number, tool: ToolId, key: "upMs" | "downMs") =>
    median(samples.filter((s) => s.n === n && s.tool === tool && s.error === undefined).flatMap((s) => s[key] ?? []));
  return ns.flatMap((n) => {
    const floorUp = medianOf(n, "floor", "upMs");
    const floorDown = medianOf(n, "floor", "downMs");
    const composeUp = medianOf(n, "compose", "upMs");
    const composeDown = medianOf(n, "compose", "downMs");
    return tools.map((t): Row => {
      const mine = samples.filter((s) => s.n === n && s.tool === t.id);
      const upMs = medianOf(n, t.id, "upMs");
      const downMs = medianOf(n, t.id, "downMs");
      const fields = {
        upMs,
        downMs,
        upVsFloor: ratio(upMs, floorUp),
        downVsFloor: ratio(downMs, floorDown),
        upVsCompose: ratio(upMs, composeUp),
        downVsCompose: ratio(downMs, composeDown),
      };
      const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      return {
        n,
        tool: t.id,
        label: t.label,
        runs: mine.length,
        failures: mine.filter((s) => s.error !== undefined).length,
        ...defined,
      };
    });
  });
}
