/** The watchdog of quiet requests, on a virtual clock: pings keep a quiet request alive; silence ends it. */
import { describe, expect, it } from "vitest";
import { ConnectionFailure } from "../../../runtime/docker/connection-failure.ts";
import { type WatchClock, watch } from "../../../runtime/docker/watchdog.ts";

function virtualClock() {
  let now = 0;
  const ticks: { every: number; next: number; tick: () => void }[] = [];
  const clock: WatchClock = {
    now: () => now,
    every: (ms, tick) => {
      const entry = { every: ms, next: ms, tick };
      ticks.push(entry);
      return () => ticks.splice(ticks.indexOf(entry), 1);
    },
  };
  /** Moves time on in steps, running due ticks and letting settled pings land. */
  const advance = async (ms: number) => {
    for (const end = now + ms; now < end; ) {
      now += 10;
      for (const t of [...ticks])
        if (now >= t.next) {
          t.next += t.every;
          t.tick();
        }
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { clock, advance };
}

describe("watch", () => {
  it("keeps a quiet request alive while the engine answers pings", async () => {
    const { clock, advance } = virtualClock();
    let pings = 0;
    const dog = watch(async () => void pings++, 2000, "image build", clock);
    await advance(10_000);
    expect(dog.signal.aborted).toBe(false);
    expect(pings).toBeGreaterThan(5);
    dog.stop();
  });

  it("does not ping while the request itself makes progress", async () => {
    const { clock, advance } = virtualClock();
    let pings = 0;
    const dog = watch(async () => void pings++, 3000, "image build", clock);
    for (let i = 0; i < 20; i++) {
      await advance(500);
      dog.touch();
    }
    expect(pings).toBe(0);
    expect(dog.signal.aborted).toBe(false);
    dog.stop();
  });

  it("aborts with a Timeout once neither the request nor a ping has answered for the timeout", async () => {
    const { clock, advance } = virtualClock();
    const dog = watch(() => new Promise(() => undefined), 2000, "image build", clock);
    await advance(1900);
    expect(dog.signal.aborted).toBe(false);
    await advance(200);
    expect(dog.signal.aborted).toBe(true);
    expect(dog.signal.reason).toBeInstanceOf(ConnectionFailure);
    expect((dog.signal.reason as ConnectionFailure).facts.kind).toBe("Timeout");
    expect((dog.signal.reason as Error).message).toBe(
      "image build: neither the request nor a ping answered for 2 s (daemon_client.timeout)",
    );
  });

  it("stops pinging when the request is over", async () => {
    const { clock, advance } = virtualClock();
    let pings = 0;
    const dog = watch(async () => void pings++, 1000, "stop", clock);
    dog.stop();
    await advance(5000);
    expect(pings).toBe(0);
    expect(dog.signal.aborted).toBe(false);
  });
});
