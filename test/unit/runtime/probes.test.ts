/**
 * Waiting to be ready, in virtual time: each probe kind against a scripted container and a
 * scripted host network, with exact attempts, sleeps, events and errors. processes_to_wait_for
 * keeps the plugin's semantics (one look by default, the plugin's message) as one more kind.
 */
import { errAsync, okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import type { ContainerDetails, EngineClient } from "../../../runtime/docker/engine-client.ts";
import { createEmitter } from "../../../runtime/events.ts";
import type { HostNetwork, HttpOutcome, TcpOutcome } from "../../../runtime/probes/host-network.ts";
import { probeSpecs } from "../../../runtime/probes/probe.ts";
import { probeTarget, remoteDaemonHost } from "../../../runtime/probes/target.ts";
import { readinessNow, waitUntilReady } from "../../../runtime/probes/wait.ts";
import type { TaskContext } from "../../../runtime/tasks/task-context.ts";
import type { ProbeEvent, RunEvent } from "../../../runtime/types.ts";
import { virtualClock } from "./support.ts";

const ID = "c0ffee".padEnd(64, "0");

type State = Partial<ContainerDetails["State"]>;

function details(state: State = {}, network: Partial<ContainerDetails["NetworkSettings"]> = {}): ContainerDetails {
  return {
    Id: ID,
    Name: "/d_db",
    Image: "sha256:busybox",
    Created: "",
    State: { Status: "running", Running: true, ExitCode: 0, StartedAt: "", FinishedAt: "", ...state },
    Config: {},
    NetworkSettings: {
      Ports: { "5432/tcp": [{ HostIp: "127.0.0.1", HostPort: "32768" }] },
      Networks: { bridge: { IPAddress: "172.17.0.5" } },
      ...network,
    },
  };
}

/** A client whose container goes through the given states, one per inspect (the last repeats). */
function scriptedClient(
  states: readonly ContainerDetails[],
  extra: Partial<Pick<EngineClient, "logs" | "top">> = {},
): EngineClient & { inspections: () => number } {
  let i = 0;
  const client = {
    endpoint: "unix:///var/run/docker.sock",
    inspectContainer: () => okAsync(states[Math.min(i++, states.length - 1)] as ContainerDetails),
    logs: extra.logs ?? (() => okAsync("")),
    top: extra.top ?? (() => okAsync({ Titles: [], Processes: [] })),
    inspections: () => i,
  };
  return client as unknown as EngineClient & { inspections: () => number };
}

function scriptedNetwork(tcp: readonly TcpOutcome[], http: readonly HttpOutcome[] = []) {
  const calls: string[] = [];
  let t = 0;
  let h = 0;
  const network: HostNetwork = {
    tcp: async (host, port, _timeout, published) => {
      calls.push(`tcp ${host}:${port}${published ? " published" : ""}`);
      return tcp[Math.min(t++, tcp.length - 1)] as TcpOutcome;
    },
    http: async (host, port, path) => {
      calls.push(`http ${host}:${port}${path}`);
      return http[Math.min(h++, http.length - 1)] as HttpOutcome;
    },
  };
  return { network, calls };
}

function context(client: EngineClient, network: HostNetwork = scriptedNetwork([]).network, signal?: AbortSignal) {
  const clock = virtualClock();
  const events: RunEvent[] = [];
  let released = 0;
  const ctx: TaskContext = {
    deployment: "d",
    node: "db",
    client,
    properties: {},
    emit: createEmitter("d", clock, (e) => events.push(e)),
    clock,
    network,
    releaseSlot: () => {
      released += 1;
    },
    ...(signal && { signal }),
  };
  const probes = () => events.filter((e): e is ProbeEvent => e.type === "probe");
  return { ctx, clock, probes, released: () => released };
}

const refused: TcpOutcome = { connected: false, result: "connection refused" };

describe("waitUntilReady: tcp", () => {
  it("tries every interval until the port accepts, through the published port, and says so in events", async () => {
    const { network, calls } = scriptedNetwork([refused, refused, { connected: true }]);
    const { ctx, clock, probes, released } = context(scriptedClient([details()]), network);
    const waited = await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432, interval: 0.5 } }));
    expect(waited._unsafeUnwrap()).toBe(1000);
    expect(clock.slept).toEqual([500, 500]);
    expect(calls).toEqual(Array(3).fill("tcp 127.0.0.1:32768 published"));
    expect(released()).toBe(1);
    expect(probes().map((e) => [e.phase, e.attempt, e.elapsedMs, e.result])).toEqual([
      ["started", 0, 0, undefined],
      ["attempt", 1, 0, "connection refused (the published port 127.0.0.1:32768)"],
      ["attempt", 2, 500, "connection refused (the published port 127.0.0.1:32768)"],
      ["ready", 3, 1000, "connected to the published port 127.0.0.1:32768"],
    ]);
    expect(probes().every((e) => e.probe === "tcp 5432" && e.node === "db")).toBe(true);
  });

  it("fails with NotReady after its timeout: the probe, the last result, how long and how often", async () => {
    const { network } = scriptedNetwork([refused]);
    const { ctx, clock } = context(scriptedClient([details()]), network);
    const error = (
      await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432, timeout: 3, interval: 1 } }))
    )._unsafeUnwrapErr();
    expect(error).toEqual({
      kind: "NotReady",
      message:
        "db is not ready after 3 s: tcp 5432; last result: connection refused (the published port 127.0.0.1:32768) (4 attempts)",
      node: "db",
      operation: "start",
      container: ID,
      probe: "tcp 5432",
      lastResult: "connection refused (the published port 127.0.0.1:32768)",
      waitedMs: 3000,
      attempts: 4,
    });
    expect(clock.slept).toEqual([1000, 1000, 1000]);
  });

  it("uses the default timeout of 60 s and interval of 1 s", async () => {
    const { network } = scriptedNetwork([refused]);
    const { ctx, clock } = context(scriptedClient([details()]), network);
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432 } })))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "NotReady", waitedMs: 60_000, attempts: 61 });
    expect(new Set(clock.slept)).toEqual(new Set([1000]));
  });

  it("a container that exits while probed fails at once with ContainerExited, not at the timeout", async () => {
    const { network } = scriptedNetwork([refused]);
    const exited = details({ Running: false, Status: "exited", ExitCode: 0 });
    const { ctx, clock, probes } = context(scriptedClient([details(), details(), exited]), network);
    const error = (
      await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432, timeout: 600 } }))
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerExited", exitCode: 0, container: ID, node: "db" });
    expect(error.message).toBe(
      "container c0ffee000000 exited with code 0 while berth waited for it to be ready (tcp 5432)",
    );
    expect(clock.slept).toEqual([1000, 1000]);
    expect(probes().at(-1)).toMatchObject({ phase: "failed", attempt: 3, result: "exited with code 0" });
  });

  it("a restarting container is not ready yet, and not failed", async () => {
    const { network } = scriptedNetwork([{ connected: true }]);
    const restarting = details({ Running: true, Restarting: true, ExitCode: 1 });
    const { ctx, probes } = context(scriptedClient([restarting, details()]), network);
    expect((await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432 } }))).isOk()).toBe(true);
    expect(probes()[1]?.result).toBe("restarting (exit code 1)");
  });

  it("a port neither published nor reachable fails at once, saying which routes it tried", async () => {
    const isolated = details({}, { Ports: {}, Networks: { none: { IPAddress: "" } } });
    const { ctx, clock } = context(scriptedClient([isolated]));
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432 } })))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "NotReady", attempts: 1, waitedMs: 0 });
    expect(error.kind === "NotReady" && error.lastResult).toBe(
      "port 5432/tcp is not published (port_bindings) and the container cannot be reached directly: it has no address on a network (network_mode none?); publish the port to probe it",
    );
    expect(clock.slept).toEqual([]);
  });

  it("stops waiting when the run is interrupted", async () => {
    const controller = new AbortController();
    const network: HostNetwork = {
      tcp: async () => {
        controller.abort();
        return refused;
      },
      http: async () => ({ answered: false, result: "x" }),
    };
    const { ctx } = context(scriptedClient([details()]), network, controller.signal);
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 5432 } })))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "Interrupted", node: "db", notDone: ["db"] });
  });
});

describe("waitUntilReady: the other kinds", () => {
  it("http: 503, then 200 with a body that matches", async () => {
    const { network, calls } = scriptedNetwork(
      [],
      [
        { answered: false, result: "connection refused" },
        { answered: true, status: 503, body: "starting" },
        { answered: true, status: 200, body: "booting" },
        { answered: true, status: 200, body: '{"status":"UP"}' },
      ],
    );
    const noPorts = details({}, { Ports: {} });
    const { ctx, probes } = context(scriptedClient([noPorts]), network);
    const spec = probeSpecs({
      readiness: { http: { port: 8080, path: "/health", body: { regex: '"up"', flags: "i" } } },
    });
    expect((await waitUntilReady(ctx, ID, spec)).isOk()).toBe(true);
    expect(calls[0]).toBe("http 172.17.0.5:8080/health");
    expect(probes().map((e) => e.result)).toEqual([
      undefined,
      "connection refused (the container's address 172.17.0.5:8080 on bridge)",
      "status 503 (the container's address 172.17.0.5:8080 on bridge)",
      'status 200, but the body does not match /"up"/i (the container\'s address 172.17.0.5:8080 on bridge)',
      "status 200 (the container's address 172.17.0.5:8080 on bridge)",
    ]);
    expect(probes()[0]?.probe).toBe('http :8080/health → 200 /"up"/i');
  });

  it("log: waits for a line that contains the text", async () => {
    let call = 0;
    const logs = () => okAsync(["booting", "still booting", "ready to accept connections"].slice(0, ++call).join("\n"));
    const { ctx, probes } = context(scriptedClient([details()], { logs }));
    expect((await waitUntilReady(ctx, ID, probeSpecs({ readiness: { log: "accept connections" } }))).isOk()).toBe(true);
    expect(probes().map((e) => e.result)).toEqual([
      undefined,
      'no line of the log (1 so far) does contain "accept connections"',
      'no line of the log (2 so far) does contain "accept connections"',
      "log line: ready to accept connections",
    ]);
  });

  it("healthy: starting, then healthy", async () => {
    const health = (Status: string) => details({ Health: { Status, Log: [{ ExitCode: 1, Output: "no\n" }] } });
    const { ctx, probes } = context(scriptedClient([health("starting"), health("healthy")]));
    expect((await waitUntilReady(ctx, ID, probeSpecs({ readiness: { healthy: true } }))).isOk()).toBe(true);
    expect(probes()[1]?.result).toBe("starting (last check: exit 1, no)");
  });

  it("healthy: unhealthy fails at once, with the last check", async () => {
    const unhealthy = details({
      Health: { Status: "unhealthy", FailingStreak: 3, Log: [{ ExitCode: 1, Output: "db down" }] },
    });
    const { ctx, clock } = context(scriptedClient([unhealthy]));
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { healthy: true } })))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "NotReady",
      probe: "healthy",
      lastResult: "unhealthy after 3 failing checks (last check: exit 1, db down)",
    });
    expect(clock.slept).toEqual([]);
  });

  it("healthy: a container without a healthcheck fails at once and says where to declare one", async () => {
    const { ctx } = context(scriptedClient([details()]));
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { healthy: true } })))._unsafeUnwrapErr();
    expect(error.kind === "NotReady" && error.lastResult).toMatch(/no healthcheck: declare one in container_config/);
  });

  it("exit_code: running, then exited with the expected code", async () => {
    const done = details({ Running: false, Status: "exited", ExitCode: 0 });
    const { ctx, probes } = context(scriptedClient([details(), done]));
    expect((await waitUntilReady(ctx, ID, probeSpecs({ readiness: { exit_code: 0 } }))).isOk()).toBe(true);
    expect(probes().map((e) => [e.phase, e.result])).toEqual([
      ["started", undefined],
      ["attempt", "still running"],
      ["ready", "exited with code 0"],
    ]);
  });

  it("exit_code: another code fails at once with ContainerExited and that code", async () => {
    const failed = details({ Running: false, Status: "exited", ExitCode: 1 });
    const { ctx } = context(scriptedClient([failed]));
    const error = (await waitUntilReady(ctx, ID, probeSpecs({ readiness: { exit_code: 0 } })))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerExited", exitCode: 1 });
    expect(error.message).toBe("container c0ffee000000 exited with code 1, not 0: its readiness expects exit code 0");
  });

  it("an engine that cannot inspect the container fails the wait with the engine's kind", async () => {
    const client = {
      endpoint: "unix:///var/run/docker.sock",
      inspectContainer: () =>
        errAsync({ kind: "DaemonUnreachable", message: "connect ENOENT", endpoint: "unix:///var/run/docker.sock" }),
    } as unknown as EngineClient;
    const { ctx } = context(client);
    expect((await waitUntilReady(ctx, ID, probeSpecs({ readiness: { tcp: 1 } })))._unsafeUnwrapErr().kind).toBe(
      "DaemonUnreachable",
    );
  });
});

describe("processes_to_wait_for, one more probe kind with the plugin's semantics", () => {
  const topOf = (tops: string[][]) => {
    let call = 0;
    return {
      calls: () => call,
      top: () => {
        const commands = tops[Math.min(call, tops.length - 1)] ?? [];
        call += 1;
        return okAsync({ Titles: ["PID", "CMD"], Processes: commands.map((c, i) => [String(i), c]) });
      },
    };
  };

  it("polls top every interval until every name appears in some command", async () => {
    const t = topOf([[], ["/bin/sh"], ["/bin/sh", "/usr/sbin/httpd -f"]]);
    const { ctx, clock } = context(scriptedClient([details()], { top: t.top }));
    const spec = probeSpecs({
      processesToWaitFor: { process_names: ["httpd", "sh"], wait_for_time_secs: 60, interval: 2 },
    });
    expect((await waitUntilReady(ctx, ID, spec)).isOk()).toBe(true);
    expect(t.calls()).toBe(3);
    expect(clock.slept).toEqual([2000, 2000]);
  });

  it("fails with ProcessesNotStarted and the plugin's message after the deadline", async () => {
    const t = topOf([["/bin/sh"]]);
    const { ctx, clock } = context(scriptedClient([details()], { top: t.top }));
    const spec = probeSpecs({ processesToWaitFor: { process_names: ["httpd"], wait_for_time_secs: 10, interval: 3 } });
    const error = (await waitUntilReady(ctx, ID, spec))._unsafeUnwrapErr();
    expect(error).toEqual({
      kind: "ProcessesNotStarted",
      message:
        "one of the following processes was not started in the container: ['httpd'] (missing: httpd, waited 10s)",
      node: "db",
      operation: "start",
      missing: ["httpd"],
    });
    expect(clock.slept).toEqual([3000, 3000, 3000, 1000]);
  });

  it("with the plugin's default wait of 0 looks once", async () => {
    const t = topOf([[]]);
    const { ctx } = context(scriptedClient([details()], { top: t.top }));
    const result = await waitUntilReady(ctx, ID, probeSpecs({ processesToWaitFor: { process_names: ["x"] } }));
    expect(result._unsafeUnwrapErr().kind).toBe("ProcessesNotStarted");
    expect(t.calls()).toBe(1);
  });

  it("runs before the readiness probe, and both are waited for", async () => {
    const t = topOf([["httpd"]]);
    const { network } = scriptedNetwork([{ connected: true }]);
    const { ctx, probes } = context(scriptedClient([details()], { top: t.top }), network);
    const spec = probeSpecs({ processesToWaitFor: { process_names: ["httpd"] }, readiness: { tcp: 5432 } });
    expect((await waitUntilReady(ctx, ID, spec)).isOk()).toBe(true);
    expect(probes().map((e) => `${e.probe} ${e.phase}`)).toEqual([
      "processes httpd started",
      "processes httpd ready",
      "tcp 5432 started",
      "tcp 5432 ready",
    ]);
  });

  it("nothing to wait for: no events, no slot released", async () => {
    const { ctx, probes, released } = context(scriptedClient([details()]));
    expect((await waitUntilReady(ctx, ID, []))._unsafeUnwrap()).toBe(0);
    expect(probes()).toEqual([]);
    expect(released()).toBe(0);
  });
});

describe("readinessNow (berth status)", () => {
  it("one attempt per probe: ready, not ready with the reason, unknown without a probe", async () => {
    const up = scriptedNetwork([{ connected: true }]).network;
    const down = scriptedNetwork([refused]).network;
    const client = scriptedClient([details()]);
    const spec = probeSpecs({ readiness: { tcp: 5432 } });
    expect(await readinessNow({ client, network: up }, details(), spec)).toEqual({
      state: "ready",
      probes: ["tcp 5432"],
    });
    expect(await readinessNow({ client, network: down }, details(), spec)).toEqual({
      state: "not-ready",
      probes: ["tcp 5432"],
      detail: "connection refused (the published port 127.0.0.1:32768)",
    });
    expect(await readinessNow({ client, network: up }, details(), [])).toEqual({
      state: "unknown",
      detail: "no readiness probe",
    });
  });
});

describe("probeTarget: where the host reaches a container's port", () => {
  const local = "unix:///var/run/docker.sock";

  it("a published port first: on 127.0.0.1 for a local daemon, on the daemon's host for a remote one", () => {
    const anyIp = details({}, { Ports: { "5432/tcp": [{ HostIp: "0.0.0.0", HostPort: "15432" }] } });
    expect(probeTarget(anyIp, 5432, local)._unsafeUnwrap()).toMatchObject({ host: "127.0.0.1", port: 15432 });
    expect(probeTarget(anyIp, 5432, "tcp://10.0.0.7:2375")._unsafeUnwrap()).toMatchObject({
      host: "10.0.0.7",
      port: 15432,
      published: true,
    });
    expect(probeTarget(anyIp, 5432, "ssh://deploy@docker-1")._unsafeUnwrap().host).toBe("docker-1");
    // The remote machine's loopback is not this host's.
    expect(probeTarget(details(), 5432, "tcp://10.0.0.7:2375")._unsafeUnwrapErr()).toBe(
      "port 5432/tcp is published on 127.0.0.1 of the daemon's machine 10.0.0.7, which this host cannot reach; publish it on an address this host can reach to probe it",
    );
  });

  it("else the container's address, only when the daemon is local", () => {
    const unpublished = details({}, { Ports: { "5432/tcp": null } });
    expect(probeTarget(unpublished, 5432, local)._unsafeUnwrap()).toEqual({
      host: "172.17.0.5",
      port: 5432,
      via: "the container's address 172.17.0.5:5432 on bridge",
      published: false,
    });
    expect(probeTarget(unpublished, 5432, "tcp://10.0.0.7:2375")._unsafeUnwrapErr()).toMatch(
      /its address 172.17.0.5 on bridge is on the daemon's machine 10.0.0.7, which this host cannot reach/,
    );
  });

  it("network_mode host: the port is the host's own", () => {
    const hostMode = details({}, { Ports: {}, Networks: { host: { IPAddress: "" } } });
    expect(probeTarget(hostMode, 8080, local)._unsafeUnwrap()).toMatchObject({ host: "127.0.0.1", port: 8080 });
  });

  it("knows a remote daemon from a local one", () => {
    expect(remoteDaemonHost("unix:///var/run/docker.sock")).toBeUndefined();
    expect(remoteDaemonHost("tcp://127.0.0.1:2375")).toBeUndefined();
    expect(remoteDaemonHost("https://[2001:db8::1]:2376")).toBe("2001:db8::1");
    expect(remoteDaemonHost("tcp://docker.example:2375")).toBe("docker.example");
  });
});
