/** Test doubles for the runtime: a virtual clock and deps wired to a fake engine. */
import type { Clock } from "../../../runtime/clock.ts";
import { memoryStateStore } from "../../../runtime/state/state-store.ts";
import type { RuntimeDeps } from "../../../runtime/workflows/run-context.ts";
import { FakeEngine, type FakeEngineOptions, fakeClientFor } from "./fake-engine.ts";

/** Time that only moves when someone sleeps: waits finish at once and stay exact. */
export function virtualClock(start = 1_000_000): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export function fakeDeps(options: FakeEngineOptions = {}) {
  const engine = new FakeEngine(options);
  const store = memoryStateStore();
  const clock = virtualClock();
  const deps: RuntimeDeps = { clientFor: fakeClientFor(engine), clock, store };
  return { engine, store, clock, deps };
}
