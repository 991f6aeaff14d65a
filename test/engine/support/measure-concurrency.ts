/**
 * How DEFAULT_CONCURRENCY was picked: up then down of 10 independent containers at bounds
 * 1, 2, 4 and 8, three rounds each, median up time. Usage: tsx test/engine/support/measure-concurrency.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { node, plan, validate } from "../../../dsl/mod.ts";
import { down, up } from "../../../runtime/mod.ts";
import { BUSYBOX } from "./constants.ts";

const stateDir = mkdtempSync(join(tmpdir(), "berth-measure-"));
const results: Record<number, number[]> = {};
for (let round = 0; round < 3; round++) {
  for (const concurrency of [1, 2, 4, 8]) {
    const deployment = `measure-c${concurrency}-${round}`;
    const nodes = Array.from({ length: 10 }, (_, i) =>
      node(`n${i}`).image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 }),
    );
    const p = validate(plan(deployment, nodes))._unsafeUnwrap();
    const started = performance.now();
    const r = await up(p, { stateDir, concurrency });
    const took = performance.now() - started;
    if (r.isErr()) console.error(r.error.message);
    results[concurrency] = [...(results[concurrency] ?? []), took];
    const d = await down(p, { stateDir, concurrency: 8 });
    if (d.isErr()) console.error(d.error.message);
  }
}
rmSync(stateDir, { recursive: true, force: true });
for (const [c, times] of Object.entries(results)) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`concurrency ${c}: median ${Math.round(sorted[1] ?? 0)} ms (${sorted.map(Math.round).join(", ")})`);
}
