/**
 * Start's `top`: asked only for the plugin's INFO line, so only when someone receives the run's
 * events. The engine runs `ps` for every `top`, which slows the other containers it is starting.
 */
import { okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import type { ContainerDetails, EngineClient } from "../../../runtime/docker/engine-client.ts";
import { createEmitter } from "../../../runtime/events.ts";
import { startTask } from "../../../runtime/tasks/start.ts";
import type { TaskContext } from "../../../runtime/tasks/task-context.ts";
import type { RunEvent } from "../../../runtime/types.ts";
import { virtualClock } from "./support.ts";

const ID = "c0ffee".padEnd(64, "0");

const running: ContainerDetails = {
  Id: ID,
  Name: "/d_web",
  Image: "sha256:busybox",
  Created: "",
  State: { Status: "running", Running: true, ExitCode: 0, StartedAt: "", FinishedAt: "" },
  Config: {},
  NetworkSettings: { Ports: {}, Networks: { bridge: { IPAddress: "172.17.0.5" } } },
};

function context(onEvent?: (e: RunEvent) => void) {
  const calls: string[] = [];
  const client = {
    endpoint: "unix:///var/run/docker.sock",
    startContainer: (id: string) => {
      calls.push(`start ${id.slice(0, 6)}`);
      return okAsync(undefined);
    },
    inspectContainer: (id: string) => {
      calls.push(`inspect ${id.slice(0, 6)}`);
      return okAsync(running);
    },
    top: (id: string) => {
      calls.push(`top ${id.slice(0, 6)}`);
      return okAsync({ Titles: ["PID", "CMD"], Processes: [["1", "sleep 3600"]] });
    },
  } as unknown as EngineClient;
  const clock = virtualClock();
  const ctx: TaskContext = {
    deployment: "d",
    node: "web",
    client,
    properties: { container: ID },
    emit: createEmitter("d", clock, onEvent),
    clock,
    // No readiness probe in these starts, so the host network is never asked.
    network: {
      tcp: () => Promise.reject(new Error("unused")),
      http: () => Promise.reject(new Error("unused")),
    },
    releaseSlot: () => undefined,
  };
  return { ctx, calls };
}

describe("start asks top only for a listener", () => {
  it("with a listener: top beside the inspect, and the plugin's line with its table once described settles", async () => {
    const events: RunEvent[] = [];
    const { ctx, calls } = context((e) => events.push(e));
    const outcome = (await startTask(ctx))._unsafeUnwrap();
    await outcome.described;
    expect(calls).toEqual(["start c0ffee", "top c0ffee", "inspect c0ffee"]);
    const line = events.find((e) => e.type === "log" && e.message.startsWith("Container: "));
    expect(line?.type === "log" && line.message).toContain("Top: PID CMD\n1 sleep 3600");
  });

  it("without one: no top request, and the same runtime properties", async () => {
    const { ctx, calls } = context();
    const outcome = (await startTask(ctx))._unsafeUnwrap();
    await outcome.described;
    expect(calls).toEqual(["start c0ffee", "inspect c0ffee"]);
    expect(outcome.properties.network_settings).toEqual(running.NetworkSettings);
    expect(outcome.ranToCompletion).toBe(false);
  });
});
