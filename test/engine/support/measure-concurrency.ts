/**
 * How DEFAULT_CONCURRENCY was picked: up then down of N independent containers at each bound,
 * the bounds interleaved in every round, median up and down times.
 * Usage: tsx test/engine/support/measure-concurrency.ts [N=10] [rounds=3] [bounds=1,2,4,8,16]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { node, plan, validate } from "../../../dsl/mod.ts";
import { down, up } from "../../../runtime/mod.ts";
import { BUSYBOX } from "./constants.ts";

const stateDir = mkdtempSync(join(tmpdir(), "berth-measure-"));
const [size = 10, rounds = 3] = process.argv.slice(2, 4).map(Number);
const bounds = (process.argv[4] ?? "1,2,4,8,16").split(",").map(Number);
const results: Record<number, number[]> = {};
const downs: Record<number, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const concurrency of bounds) {
    const deployment = `measure-c${concurrency}-${round}`;
    const nodes = Array.from({ length: size }, (_, i) =>
      node(`n${i}`).image(BUSYBOX).config("/bin/sh -c \"trap 'exit 0' TERM; sleep 3600 & wait\"").start(),
    );
    const p = validate(plan(deployment, nodes))._unsafeUnwrap();
    const started = performance.now();
    const r = await up(p, { stateDir, concurrency });
    const took = performance.now() - started;
    if (r.isErr()) console.error(r.error.message);
    results[concurrency] = [...(results[concurrency] ?? []), took];
    const downStarted = performance.now();
    const d = await down(p, { stateDir, concurrency });
    downs[concurrency] = [...(downs[concurrency] ?? []), performance.now() - downStarted];
    if (d.isErr()) console.error(d.error.message);
  }
}
rmSync(stateDir, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const c of bounds) {
  const ups = results[c] ?? [];
  const ds = downs[c] ?? [];
  console.log(
    `N=${size} concurrency ${c}: up median ${Math.round(median(ups))} ms (${ups.map(Math.round).join(", ")}), down median ${Math.round(median(ds))} ms (${ds.map(Math.round).join(", ")})`,
  );
}
