/**
 * Runs on a fake engine: a plan never adopts or removes another plan's containers (unless told
 * to adopt them), down/status need none of up's inputs, a damaged state file never blocks down,
 * and two runs of one deployment at once do not both proceed.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errAsync, okAsync } from "neverthrow";
import { afterEach, describe, expect, it } from "vitest";
import type { DaemonClient } from "../../../dsl/mod.ts";
import { input, node, plan, validate } from "../../../dsl/mod.ts";
import { berthError } from "../../../runtime/berth-error.ts";
import { downWith, upWith } from "../../../runtime/mod.ts";
import { fileStateStore } from "../../../runtime/state/state-store.ts";
import type { RunEvent } from "../../../runtime/types.ts";
import { fakeDeps } from "./support.ts";

const img = "berth-test/busybox:latest";
const valid = (...args: Parameters<typeof plan>) => validate(plan(...args))._unsafeUnwrap();
const sleeper = (name: string) => node(name).image(img).config("sleep 60").start();
const warnings = (events: readonly RunEvent[]) =>
  events.flatMap((e) => (e.type === "log" && e.level === "warn" ? [e.message] : []));

const dirs: string[] = [];
const stateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-runs-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a deployment belongs to the plan that made it", () => {
  it("labels containers with the plan and names them <deployment>_<node>, escaping _ in the id", async () => {
    const { engine, deps } = fakeDeps();
    const report = (
      await upWith(valid("p", [sleeper("c")]), { deployment: "a_b", planId: "/srv/p.ts" }, deps)
    )._unsafeUnwrap();
    const made = engine.containers.get(report.nodes.c?.runtimeProperties.container ?? "");
    expect(made?.name).toBe("a__b_c");
    expect(made?.labels).toMatchObject({ "berth.deployment": "a_b", "berth.plan": "/srv/p.ts", "berth.node": "c" });
    // The pair a + b_c gets its own container, not a's.
    (await upWith(valid("p", [sleeper("b_c")]), { deployment: "a", planId: "/srv/q.ts" }, deps))._unsafeUnwrap();
    expect([...engine.containers.values()].map((c) => c.name).sort()).toEqual(["a__b_c", "a_b_c"]);
  });

  it("refuses to adopt or remove another plan's containers, naming both plans", async () => {
    const { engine, deps } = fakeDeps();
    const mine = { deployment: "shared", planId: "/home/ann/shop/blueprint.yaml" };
    const theirs = { deployment: "shared", planId: "/home/ann/blog/blueprint.yaml" };
    (await upWith(valid("blueprint", [sleeper("db")]), mine, deps))._unsafeUnwrap();
    const before = [...engine.containers.keys()];
    engine.calls.length = 0;
    // A plan with other nodes entirely: it would create "web" and leave db alone, so the check
    // must look at the whole deployment, not only at its own nodes.
    for (const run of [upWith, downWith]) {
      const error = (await run(valid("blueprint", [sleeper("web")]), theirs, deps))._unsafeUnwrapErr();
      expect(error).toMatchObject({
        kind: "DeploymentOwnedElsewhere",
        deployment: "shared",
        ourPlan: theirs.planId,
        otherPlan: mine.planId,
        containers: ["shared_db"],
      });
      expect(error.message).toContain(`made by plan ${mine.planId}, and this is plan ${theirs.planId}`);
    }
    expect(engine.calls.filter((c) => !c.startsWith("listContainers"))).toEqual([]);
    expect([...engine.containers.keys()]).toEqual(before);
  });

  it("adopts them when told to: up recreates them as its own, with a warning", async () => {
    const { engine, deps } = fakeDeps();
    (await upWith(valid("p", [sleeper("db")]), { deployment: "d", planId: "/old/p.ts" }, deps))._unsafeUnwrap();
    const events: RunEvent[] = [];
    const options = { deployment: "d", planId: "/new/p.ts", adopt: true, onEvent: (e: RunEvent) => events.push(e) };
    const report = (await upWith(valid("p", [sleeper("db")]), options, deps))._unsafeUnwrap();
    expect(report.nodes.db?.action).toBe("recreated");
    expect(warnings(events)).toEqual(["adopting d_db, made by plan /old/p.ts"]);
    expect([...engine.containers.values()].map((c) => c.labels["berth.plan"])).toEqual(["/new/p.ts"]);
    // Adopted for good: the next run needs no --adopt.
    expect((await downWith(valid("p", [sleeper("db")]), { deployment: "d", planId: "/new/p.ts" }, deps)).isOk()).toBe(
      true,
    );
    expect(engine.containers.size).toBe(0);
  });

  it("treats containers of an older berth (no plan label) as not its own", async () => {
    const { engine, deps } = fakeDeps();
    (await upWith(valid("p", [sleeper("db")]), { deployment: "d", planId: "x" }, deps))._unsafeUnwrap();
    for (const c of engine.containers.values()) delete c.labels["berth.plan"];
    const error = (await downWith(valid("p", [sleeper("db")]), { deployment: "d" }, deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "DeploymentOwnedElsewhere", ourPlan: "p", containers: ["d_db"] });
    expect(error.kind === "DeploymentOwnedElsewhere" && error.otherPlan).toBeUndefined();
    expect(error.message).toContain("made by an older berth, which did not record its plan");
    expect((await downWith(valid("p", [sleeper("db")]), { deployment: "d", adopt: true }, deps)).isOk()).toBe(true);
    expect(engine.containers.size).toBe(0);
  });

  it("rejects a bad deployment id or plan identity before touching anything", async () => {
    const { engine, deps } = fakeDeps();
    const p = valid("p", [sleeper("db")]);
    expect((await upWith(p, { deployment: "a/b" }, deps))._unsafeUnwrapErr()).toMatchObject({
      kind: "InvalidOption",
      path: "deployment",
    });
    expect((await upWith(p, { planId: "" }, deps))._unsafeUnwrapErr()).toMatchObject({
      kind: "InvalidOption",
      path: "planId",
    });
    expect(engine.calls).toEqual([]);
  });
});

describe("the check of a deployment's containers", () => {
  const gone = "tcp://127.0.0.1:1";
  const plan2 = () =>
    valid("p", [
      sleeper("a"),
      node("b", { daemon_client: { base_url: gone } })
        .image(img)
        .config("sleep 60")
        .start(),
    ]);
  const unreachableAt = (deps: ReturnType<typeof fakeDeps>, down: boolean) => ({
    ...deps.deps,
    clientFor: (d: { base_url?: string }) =>
      down && d.base_url === gone
        ? errAsync(berthError("DaemonUnreachable", "gone", { endpoint: gone, cause: "refused" }))
        : okAsync(deps.engine),
  });

  it("fails up before it does anything when a daemon the plan names cannot be reached", async () => {
    const fake = fakeDeps();
    const error = (await upWith(plan2(), {}, unreachableAt(fake, true) as typeof fake.deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "DaemonUnreachable", node: "b" });
    expect(fake.engine.calls.filter((c) => !c.startsWith("listContainers"))).toEqual([]);
  });

  it("lets down do its best on the other nodes", async () => {
    const fake = fakeDeps();
    (await upWith(plan2(), {}, unreachableAt(fake, false) as typeof fake.deps))._unsafeUnwrap();
    expect(fake.engine.containers.size).toBe(2);
    const error = (await downWith(plan2(), {}, unreachableAt(fake, true) as typeof fake.deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "DaemonUnreachable", node: "b" });
    // a's container went; b's stays with the daemon berth could not reach (the fake keeps both in one place).
    expect([...fake.engine.containers.values()].map((c) => c.labels["berth.node"])).toEqual(["b"]);
  });
});

describe("down and status use what up recorded", () => {
  it("need none of up's inputs, and use the daemon and stop options up resolved", async () => {
    const { engine, deps, store } = fakeDeps();
    const daemons: unknown[] = [];
    const clientFor = (d: unknown) => {
      daemons.push(d);
      return okAsync(engine);
    };
    const recording = { ...deps, clientFor } as typeof deps;
    const host = input("docker_host");
    const secret = input("secret");
    const p = valid("p", [
      node("db", { daemon_client: { base_url: host } as DaemonClient })
        .image(img)
        .config({ command: "sleep 60", environment: { TOKEN: secret } })
        .start()
        .stop({ timeout: input("grace") }),
    ]);
    const inputs = { docker_host: "unix:///var/run/docker.sock", secret: "hunter2", grace: 3 };
    (await upWith(p, { inputs }, recording))._unsafeUnwrap();
    const recorded = store.saved.get("p")?.nodes.db?.teardown;
    expect(recorded).toEqual({
      daemon_client: { base_url: "unix:///var/run/docker.sock" },
      stop: { container_stop: { timeout: 3 } },
      // delete's own container_stop defaults to stop's (dsl/node-model.ts).
      delete: { container_stop: { timeout: 3 }, container_remove: {} },
      local_image: true,
    });
    expect(JSON.stringify(store.saved.get("p"))).not.toContain("hunter2");
    daemons.length = 0;
    const down = (await downWith(p, {}, recording))._unsafeUnwrap();
    expect(down.nodes.db?.action).toBe("removed");
    expect(daemons).toEqual(daemons.map(() => ({ base_url: "unix:///var/run/docker.sock" })));
    expect(daemons.length).toBeGreaterThan(0);
    expect(engine.containers.size).toBe(0);
  });

  it("ask for an input only for a node up never recorded, saying why", async () => {
    const { deps } = fakeDeps();
    const p = valid("p", [
      node("db", { daemon_client: { base_url: input("docker_host") } as DaemonClient })
        .image(img)
        .config("sleep 60")
        .start(),
    ]);
    const error = (await downWith(p, {}, deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "MissingInput", inputs: ["docker_host"] });
    expect(error.message).toContain("berth has no record of this node from up");
  });
});

describe("a damaged state file", () => {
  it("never blocks down, which goes on from the labels and removes the file; up says it is damaged", async () => {
    const dir = stateDir();
    const { engine, deps } = fakeDeps();
    const withFiles = { ...deps, store: fileStateStore(dir) };
    const p = valid("p", [sleeper("db")]);
    (await upWith(p, {}, withFiles))._unsafeUnwrap();
    for (const damage of ['{"version":1,"deployment":"p","nodes":null,"updatedAt":"x"}', '{"version":1,"dep', "\0\0"]) {
      writeFileSync(join(dir, "p.json"), damage);
      const up = (await upWith(p, {}, withFiles))._unsafeUnwrapErr();
      expect(up).toMatchObject({ kind: "StateDamaged", file: join(dir, "p.json") });
    }
    const events: RunEvent[] = [];
    (await downWith(p, { onEvent: (e) => events.push(e) }, withFiles))._unsafeUnwrap();
    expect(warnings(events)[0]).toMatch(/the state file .*p\.json is damaged: .*going on from the engine's labels/);
    expect(engine.containers.size).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("one run of a deployment at a time", () => {
  it("fails the second of two concurrent runs at once, naming the first, and releases the lock after", async () => {
    const dir = stateDir();
    const { deps } = fakeDeps({ delayMs: 50 });
    const withFiles = { ...deps, store: fileStateStore(dir) };
    const p = valid("p", [sleeper("a"), sleeper("b")]);
    // down starts once up holds the lock (its install has started).
    let installing = () => {};
    const started = new Promise<void>((resolve) => {
      installing = resolve;
    });
    const onEvent = (e: RunEvent) => (e.type === "workflow" && e.phase === "started" ? installing() : undefined);
    const upRun = upWith(p, { onEvent }, withFiles);
    await started;
    const second = await downWith(p, {}, withFiles);
    const first = await upRun;
    expect(first.isOk()).toBe(true);
    const error = second._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "DeploymentLocked",
      deployment: "p",
      holder: { pid: process.pid, command: "up" },
    });
    expect(readdirSync(dir)).toEqual(["p.json"]);
    (await downWith(p, {}, withFiles))._unsafeUnwrap();
    expect(readdirSync(dir)).toEqual([]);
  });
});
