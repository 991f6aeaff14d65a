import { describe, expect, it } from "vitest";
import { attribute, host, input, node, plan, validate } from "../../../dsl/mod.ts";
import { downWith, upWith } from "../../../runtime/mod.ts";
import type { RunEvent } from "../../../runtime/types.ts";
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
    expect(store.saved.get("d4")?.nodes).toEqual({});
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
