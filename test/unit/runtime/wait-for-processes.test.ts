import { okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { createEmitter } from "../../../runtime/events.ts";
import { waitForProcesses } from "../../../runtime/tasks/wait-for-processes.ts";
import { FakeEngine } from "./fake-engine.ts";
import { virtualClock } from "./support.ts";

function ctxWithTop(tops: string[][]) {
  const engine = new FakeEngine();
  let call = 0;
  engine.top = () => {
    const commands = tops[Math.min(call, tops.length - 1)] ?? [];
    call += 1;
    return okAsync({ Titles: ["PID", "CMD"], Processes: commands.map((c, i) => [String(i), c]) });
  };
  const clock = virtualClock();
  const ctx = { deployment: "d", node: "n", client: engine, properties: {}, emit: createEmitter("d", clock), clock };
  return { ctx, clock, calls: () => call };
}

describe("processes_to_wait_for", () => {
  it("polls top every interval until every name appears in some command", async () => {
    const { ctx, clock, calls } = ctxWithTop([[], ["/bin/sh"], ["/bin/sh", "/usr/sbin/httpd -f"]]);
    const top = await waitForProcesses(ctx, "c", {
      process_names: ["httpd", "sh"],
      wait_for_time_secs: 60,
      interval: 2,
    });
    expect(top.isOk()).toBe(true);
    expect(calls()).toBe(3);
    expect(clock.slept).toEqual([2000, 2000]);
  });

  it("fails with ProcessesNotStarted after the deadline, in virtual time", async () => {
    const { ctx, clock } = ctxWithTop([["/bin/sh"]]);
    const start = clock.now();
    const result = await waitForProcesses(ctx, "c", { process_names: ["httpd"], wait_for_time_secs: 10, interval: 3 });
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "ProcessesNotStarted", node: "n", operation: "start" });
    expect(result._unsafeUnwrapErr().message).toContain(
      "one of the following processes was not started in the container: ['httpd']",
    );
    expect(clock.now() - start).toBe(10_000);
    expect(clock.slept).toEqual([3000, 3000, 3000, 1000]);
  });

  it("with the plugin's default wait of 0 looks once", async () => {
    const { ctx, calls } = ctxWithTop([[]]);
    const result = await waitForProcesses(ctx, "c", { process_names: ["x"] });
    expect(result.isErr()).toBe(true);
    expect(calls()).toBe(1);
  });
});
