import { describe, expect, it } from "vitest";
import { attribute, healthy, host, input, node, plan, tcp, validate } from "../../../dsl/mod.ts";
import { downWith, upWith } from "../../../runtime/mod.ts";
import type { HostNetwork } from "../../../runtime/probes/host-network.ts";
import type { ProbeEvent, RunEvent } from "../../../runtime/types.ts";
import { fakeDeps } from "./support.ts";

const img = "berth-test/busybox:latest";
const sleeper = (name: string) => node(name).image(img).config("sleep 60").start();
const valid = (...args: Parameters<typeof plan>) => validate(plan(...args))._unsafeUnwrap();

const opsOf = (events: RunEvent[]) =>
  events.flatMap((e) =>
    e.type === "operation" && e.phase !== "started" ? [`${e.node}.${e.operation}:${e.phase}`] : [],
  );

describe("up and down on a fake engine", () => {
  it("runs create/configure/start in dependency order, records runtime properties and state", async () => {
    const { engine, store, deps } = fakeDeps();
    const events: RunEvent[] = [];
    const p = valid("d1", [
      sleeper("web").dependsOn("db"),
      node("db").import("http://127.0.0.1:1/rootfs.tar").config("run").start().delete({ remove_image: true }),
    ]);
    const report = (await upWith(p, { onEvent: (e) => events.push(e), concurrency: 1 }, deps))._unsafeUnwrap();
    expect(opsOf(events)).toEqual([
      "db.create:succeeded",
      "db.configure:succeeded",
      "db.start:succeeded",
      "web.create:skipped",
      "web.configure:succeeded",
      "web.start:succeeded",
    ]);
    const db = report.nodes.db?.runtimeProperties;
    expect(db).toMatchObject({
      using_local_image: false,
      ports: [{ IP: "127.0.0.1", PrivatePort: 80, PublicPort: 8080, Type: "tcp" }],
    });
    expect(engine.containers.get(db?.container ?? "")?.labels).toMatchObject({
      "berth.deployment": "d1",
      "berth.node": "db",
    });
    expect(engine.containers.get(db?.container ?? "")?.name).toBe("d1_db");
    expect(store.saved.get("d1")?.nodes.db?.runtimeProperties.image).toBe(db?.image);
    expect(report.nodes.web?.runtimeProperties.using_local_image).toBe(true);

    const down = (await downWith(p, { concurrency: 1 }, deps))._unsafeUnwrap();
    expect(down.nodes.db?.action).toBe("removed");
    expect(engine.containers.size).toBe(0);
    expect([...engine.images.keys()]).toEqual(["sha256:busybox"]); // remove_image took the imported one, not the local
    expect(store.saved.has("d1")).toBe(false);
  });

  it("resolves the plan's outputs from runtime properties after install", async () => {
    const { deps } = fakeDeps();
    const a = sleeper("a");
    const p = valid("d11", [a], {
      outputs: { id: { value: attribute(a, "container") }, port: { value: attribute(a, "ports", 0, "PublicPort") } },
    });
    const report = (await upWith(p, {}, deps))._unsafeUnwrap();
    expect(report.outputs).toEqual({ id: report.nodes.a?.runtimeProperties.container, port: 8080 });
  });

  it("treats plain nodes (a Compute host) as no-ops", async () => {
    const { deps } = fakeDeps();
    const ok = valid("d2", [host("vm"), sleeper("app").containedIn("vm")]);
    const report = (await upWith(ok, {}, deps))._unsafeUnwrap();
    expect(report.nodes.vm).toMatchObject({ action: "unchanged", runtimeProperties: {} });
    expect(report.nodes.app?.action).toBe("created");
  });

  it("changes nothing on a second up and recreates only a changed node", async () => {
    const { engine, deps } = fakeDeps();
    const first = valid("d3", [sleeper("a"), sleeper("b")]);
    const one = (await upWith(first, {}, deps))._unsafeUnwrap();
    engine.calls.length = 0;
    const two = (await upWith(first, {}, deps))._unsafeUnwrap();
    expect(two.nodes.a?.action).toBe("unchanged");
    expect(engine.calls.filter((c) => /create|start|remove/i.test(c))).toEqual([]);

    const changed = valid("d3", [sleeper("a"), node("b").image(img).config("sleep 61").start()]);
    const three = (await upWith(changed, {}, deps))._unsafeUnwrap();
    expect(three.nodes.a?.runtimeProperties.container).toBe(one.nodes.a?.runtimeProperties.container);
    expect(three.nodes.b?.action).toBe("recreated");
    expect(engine.containers.size).toBe(2);
  });

  it("rolls back this run's containers and images in reverse order on failure", async () => {
    const { engine, store, deps } = fakeDeps({
      fail: (method, arg) =>
        method === "startContainer" && engine.containers.get(arg)?.name === "d4_c"
          ? {
              kind: "BadRequest",
              message: 'exec: "nope": executable file not found in $PATH',
              endpoint: "fake://engine",
            }
          : undefined,
    });
    const events: RunEvent[] = [];
    const p = valid("d4", [
      node("a").import("http://127.0.0.1:1/x.tar").config("run").start(),
      sleeper("b").dependsOn("a"),
      node("c").image(img).config("nope").start().dependsOn("b"),
    ]);
    const error = (await upWith(p, { onEvent: (e) => events.push(e) }, deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "ContainerStartFailed",
      node: "c",
      operation: "start",
      logTail: expect.any(String),
    });
    expect(error.message).toContain("executable file not found");
    const removals = engine.calls
      .filter((c) => c.startsWith("removeContainer") || c.startsWith("removeImage"))
      .map((c) => {
        const [method, id = ""] = c.split(" ");
        return method === "removeImage" ? "image of a" : (engine.names.get(id) ?? id);
      });
    expect(removals).toEqual(["d4_c", "d4_b", "d4_a", "image of a"]);
    expect(engine.containers.size).toBe(0);
    expect([...engine.images.keys()]).toEqual(["sha256:busybox"]);
    // Nothing is left on the engine, so nothing is left on disk: the state file goes too.
    expect(store.saved.has("d4")).toBe(false);
    expect(events.some((e) => e.type === "workflow" && e.workflow === "rollback" && e.phase === "succeeded")).toBe(
      true,
    );
  });

  it("keeps what it made with keepOnFailure", async () => {
    const { engine, deps } = fakeDeps({
      fail: (m) => (m === "startContainer" ? { kind: "BadRequest", message: "no", endpoint: "e" } : undefined),
    });
    const p = valid("d5", [sleeper("a")]);
    expect((await upWith(p, { keepOnFailure: true }, deps)).isErr()).toBe(true);
    expect(engine.containers.size).toBe(1);
  });

  it("stops scheduling when aborted and undoes the run: Interrupted", async () => {
    const controller = new AbortController();
    const { engine, deps } = fakeDeps();
    const p = valid("d6", [sleeper("a"), sleeper("b").dependsOn("a")]);
    const result = await upWith(
      p,
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "operation" && e.node === "a" && e.operation === "start" && e.phase === "succeeded")
            controller.abort();
        },
      },
      deps,
    );
    expect(result._unsafeUnwrapErr().kind).toBe("Interrupted");
    expect(engine.containers.size).toBe(0);
  });

  it("down removes containers found only by label (an up killed before it saved state)", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("d7", [sleeper("a")]);
    (await upWith(p, {}, deps))._unsafeUnwrap();
    const fresh = fakeDeps();
    const report = (await downWith(p, {}, { ...fresh.deps, clientFor: deps.clientFor }))._unsafeUnwrap();
    expect(report.nodes.a?.action).toBe("removed");
    expect(engine.containers.size).toBe(0);
  });

  it("reports ImageInUse naming the other container when remove_image meets a user", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("d8", [
      node("a").import("http://127.0.0.1:1/x.tar").config("run").start().delete({ remove_image: true }),
    ]);
    const report = (await upWith(p, {}, deps))._unsafeUnwrap();
    const image = report.nodes.a?.runtimeProperties.image ?? "";
    (await engine.createContainer({ Image: image, name: "intruder" }))._unsafeUnwrap();
    const error = (await downWith(p, {}, deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ImageInUse", node: "a", operation: "delete" });
    expect(error.message).toContain("intruder");
  });

  it("fails with ImageNotFound for .image(ref) of an image the engine lacks", async () => {
    const { deps } = fakeDeps();
    const p = valid("d9", [node("a").image("missing:1").config("run").start()]);
    expect((await upWith(p, {}, deps))._unsafeUnwrapErr()).toMatchObject({ kind: "ImageNotFound", node: "a" });
  });

  it("reports a missing input before touching the engine", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("d10", [node("a").import(input("url")).config("run").start()]);
    expect((await upWith(p, {}, deps))._unsafeUnwrapErr().kind).toBe("MissingInput");
    expect(engine.calls).toEqual([]);
  });
});

describe("readiness on dependency edges, on a fake engine and a scripted network", () => {
  /** A host network where each address refuses `refusals[address]` times, then accepts. */
  function network(refusals: Record<string, number>): HostNetwork & { tried: string[] } {
    const tried: string[] = [];
    return {
      tried,
      tcp: async (host, port) => {
        const address = `${host}:${port}`;
        tried.push(address);
        const left = refusals[address] ?? Number.POSITIVE_INFINITY;
        refusals[address] = left - 1;
        return left > 0 ? { connected: false, result: "connection refused" } : { connected: true };
      },
      http: async () => ({ answered: false, result: "connection refused" }),
    };
  }

  it("a dependent is configured only after its dependency is ready; the report says how long it waited", async () => {
    const { deps } = fakeDeps();
    const net = network({ "127.0.0.1:8080": 2 });
    const events: RunEvent[] = [];
    const p = valid("r1", [
      node("db")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(80, { interval: 0.5 }) }),
      sleeper("web").dependsOn("db"),
    ]);
    const report = (await upWith(p, { onEvent: (e) => events.push(e) }, { ...deps, network: net }))._unsafeUnwrap();
    expect(report.nodes.db?.waitedMs).toBe(1000);
    expect(report.nodes.web?.waitedMs).toBeUndefined();
    const order = events.flatMap((e) =>
      e.type === "probe" && e.phase !== "attempt"
        ? [`${e.node} ${e.phase}`]
        : e.type === "operation" && e.phase === "started"
          ? [`${e.node} ${e.operation}`]
          : [],
    );
    expect(order).toEqual(["db configure", "db start", "db started", "db ready", "web configure", "web start"]);
  });

  it("a node that is not ready fails the run with NotReady and its log tail, and the run is undone", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("r2", [
      node("db")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(80, { timeout: 2 }) }),
      sleeper("web").dependsOn("db"),
    ]);
    const error = (await upWith(p, {}, { ...deps, network: network({}) }))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "NotReady",
      node: "db",
      operation: "start",
      probe: "tcp 80",
      lastResult: "connection refused (the published port 127.0.0.1:8080)",
      waitedMs: 2000,
      attempts: 3,
      logTail: expect.stringMatching(/^log of c/),
    });
    expect(engine.containers.size).toBe(0);
    expect(engine.calls.some((c) => c.startsWith("createContainer r2_web"))).toBe(false);
  });

  it("a failure stops the other nodes' waits at once instead of letting them run out their timeouts", async () => {
    const { engine, deps } = fakeDeps();
    const events: RunEvent[] = [];
    const p = valid("r3", [
      node("slow")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(80, { timeout: 600 }) }),
      node("broken").image(img).config("serve").start({}, { readiness: healthy() }),
    ]);
    const error = (
      await upWith(p, { onEvent: (e) => events.push(e), concurrency: 1 }, { ...deps, network: network({}) })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "NotReady", node: "broken", probe: "healthy" });
    const slow = events.filter((e): e is ProbeEvent => e.type === "probe" && e.node === "slow");
    expect(slow.at(-1)).toMatchObject({ phase: "failed", result: "interrupted" });
    expect(slow.length).toBeLessThan(100);
    expect(engine.containers.size).toBe(0);
  });

  it("with one slot, a waiting node lets an independent node run meanwhile", async () => {
    const { deps } = fakeDeps();
    const events: RunEvent[] = [];
    const p = valid("r4", [
      node("db")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(80) }),
      sleeper("cache"),
    ]);
    // db becomes ready only once cache has started: if db kept its slot, it would time out.
    let cacheStarted = false;
    const net: HostNetwork = {
      tcp: async () => (cacheStarted ? { connected: true } : { connected: false, result: "connection refused" }),
      http: async () => ({ answered: false, result: "unused" }),
    };
    const onEvent = (e: RunEvent) => {
      events.push(e);
      if (e.type === "operation" && e.node === "cache" && e.operation === "start" && e.phase === "succeeded")
        cacheStarted = true;
    };
    (await upWith(p, { onEvent, concurrency: 1 }, { ...deps, network: net }))._unsafeUnwrap();
    const marks = events.flatMap((e) =>
      (e.type === "probe" && e.node === "db" && (e.phase === "started" || e.phase === "ready")) ||
      (e.type === "operation" && e.node === "cache" && e.operation === "configure" && e.phase === "started")
        ? [`${e.node} ${e.type === "probe" ? e.phase : "configure"}`]
        : [],
    );
    expect(marks).toEqual(["db started", "cache configure", "db ready"]);
  });

  it("an unchanged node is probed again before its dependents count on it", async () => {
    const { deps } = fakeDeps();
    const p = valid("r5", [
      node("db")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(80) }),
      sleeper("web").dependsOn("db"),
    ]);
    (await upWith(p, {}, { ...deps, network: network({}) })).isErr(); // never ready: rolled back
    (await upWith(p, {}, { ...deps, network: network({ "127.0.0.1:8080": 0 }) }))._unsafeUnwrap();
    const events: RunEvent[] = [];
    const again = (
      await upWith(p, { onEvent: (e) => events.push(e) }, { ...deps, network: network({ "127.0.0.1:8080": 1 }) })
    )._unsafeUnwrap();
    expect(again.nodes.db).toMatchObject({ action: "unchanged", waitedMs: 1000 });
    expect(events.filter((e) => e.type === "probe" && e.node === "db").map((e) => (e as ProbeEvent).phase)).toEqual([
      "started",
      "attempt",
      "ready",
    ]);
    const broken = await upWith(p, {}, { ...deps, network: network({}) });
    expect(broken._unsafeUnwrapErr()).toMatchObject({ kind: "NotReady", node: "db" });
  });
});

describe("readiness whose inputs resolve to the wrong kind of value", () => {
  it("is refused with the plan's own message and path, before anything runs", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("r6", [
      node("db")
        .image(img)
        .config("serve")
        .start({}, { readiness: tcp(input("db_port")) }),
    ]);
    const error = (await upWith(p, { inputs: { db_port: "five" } }, deps))._unsafeUnwrapErr();
    expect(error.kind).toBe("InvalidPlan");
    expect(error.kind === "InvalidPlan" && error.issues.map((i) => [i.path, i.message])).toEqual([
      // Checked with the inputs in place before any node runs, so the input is named too.
      ["nodes.db.start.readiness.tcp", 'input "db_port" = "five": expected a number, got string "five"'],
    ]);
    expect(engine.calls.filter((c) => c.startsWith("createContainer"))).toEqual([]);
  });
});
