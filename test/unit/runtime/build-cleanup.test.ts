/**
 * What builds leave and which images berth removes, on the fake engine: a failed build's steps,
 * a killed build's trace in state (removed by the next down or up, each id checked first), and
 * images built FROM berth's, which inherit its label and are kept.
 */
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { node, plan, validate } from "../../../dsl/mod.ts";
import { downWith, upWith } from "../../../runtime/mod.ts";
import type { DeploymentState } from "../../../runtime/state/deployment-state.ts";
import { memoryStateStore } from "../../../runtime/state/state-store.ts";
import type { RunEvent } from "../../../runtime/types.ts";
import type { RuntimeDeps } from "../../../runtime/workflows/run-context.ts";
import { FakeEngine, type FakeEngineOptions, fakeClientFor } from "./fake-engine.ts";
import { virtualClock } from "./support.ts";

const valid = (...args: Parameters<typeof plan>) => validate(plan(...args))._unsafeUnwrap();
const id = (c: string) => `sha256:${c.repeat(64)}`;
const short = (c: string) => c.repeat(12);
const BASE = id("b");

/** A fake engine with a base image, a store that keeps every state it was given, and deps. */
function setup(state: DeploymentState | undefined, options: FakeEngineOptions = {}) {
  const engine = new FakeEngine(options);
  engine.addImage(BASE, ["base:1"]);
  const inner = memoryStateStore(state === undefined ? [] : [state]);
  const saves: DeploymentState[] = [];
  const save = (s: DeploymentState) => {
    saves.push(s);
    return inner.save(s);
  };
  const store = { ...inner, save };
  const deps: RuntimeDeps = { clientFor: fakeClientFor(engine), clock: virtualClock(), store };
  const events: RunEvent[] = [];
  return { engine, inner, saves, deps, events, options: { onEvent: (e: RunEvent) => events.push(e) } };
}

const stepContainer = (engine: FakeEngine, cid: string, image: string) =>
  engine.containers.set(cid, { id: cid, name: "", image, labels: {}, state: "running", exitCode: 0, body: {} });

/** State as a killed build of node "b" left it: one step container, one step image, and a stray id. */
const killedState = (deployment: string): DeploymentState => ({
  version: 1,
  deployment,
  updatedAt: "2026-01-01T00:00:00.000Z",
  nodes: {
    b: {
      runtimeProperties: {},
      unfinishedBuild: {
        containers: [{ id: short("c"), image: short("1") }],
        images: [
          { id: short("1"), parent: short("b") },
          // A look-alike the command printed: it names an image that is not built on step 1's.
          { id: short("9"), parent: short("1") },
        ],
      },
    },
  },
});

function withKilledBuild(engine: FakeEngine): void {
  engine.addImage(id("1"), [], {}, { parent: BASE });
  engine.addImage(id("9"), [], {}, { parent: id("7") });
  stepContainer(engine, short("c"), id("1"));
}

const built = (deployment: string, options: { remove_image?: boolean } = {}) =>
  valid(deployment, [node("b").build(tmpdir()).config("run").start().delete(options)]);

describe("a killed build's trace in state", () => {
  it("is removed by down: the step container, then the step image; what fails the checks stays", async () => {
    const t = setup(killedState("k1"));
    withKilledBuild(t.engine);
    (await downWith(built("k1"), t.options, t.deps))._unsafeUnwrap();
    expect(t.engine.containers.has(short("c"))).toBe(false);
    expect(t.engine.images.has(id("1"))).toBe(false);
    expect(t.engine.images.has(id("9"))).toBe(true);
    expect(t.engine.images.has(BASE)).toBe(true);
    expect(t.inner.saved.has("k1")).toBe(false);
  });

  it("is removed by the next up of the node before it builds again", async () => {
    const t = setup(killedState("k2"));
    withKilledBuild(t.engine);
    (await upWith(built("k2"), t.options, t.deps))._unsafeUnwrap();
    expect(t.engine.containers.has(short("c"))).toBe(false);
    expect(t.engine.images.has(id("1"))).toBe(false);
    expect(t.inner.saved.get("k2")?.nodes.b?.unfinishedBuild).toBeUndefined();
    const removed = t.engine.calls.indexOf(`removeImage ${id("1")}`);
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(removed).toBeLessThan(t.engine.calls.indexOf("buildImage "));
  });

  it("leaves a container that runs another image than its step's", async () => {
    const t = setup(killedState("k3"));
    withKilledBuild(t.engine);
    stepContainer(t.engine, short("c"), BASE);
    (await downWith(built("k3"), t.options, t.deps))._unsafeUnwrap();
    expect(t.engine.containers.has(short("c"))).toBe(true);
  });
});

describe("a build that fails", () => {
  const stream = [
    { stream: "Step 1/3 : FROM base:1" },
    { stream: `\n ---> ${short("b")}\n` },
    { stream: "Step 2/3 : RUN make" },
    { stream: `\n ---> Running in ${short("c")}\n` },
    { stream: `Removing intermediate container ${short("c")}\n ---> ${short("1")}\n` },
    { stream: "Step 3/3 : RUN make test" },
    { stream: `\n ---> Running in ${short("d")}\n` },
    { error: "The command '/bin/sh -c make test' returned a non-zero code: 2" },
  ];

  it("records what its steps make while it runs, then removes it and clears the record", async () => {
    const t = setup(undefined, { buildOutput: stream });
    t.engine.addImage(id("1"), [], {}, { parent: BASE });
    stepContainer(t.engine, short("d"), id("1"));
    const error = (await upWith(built("f1"), t.options, t.deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ImageBuildFailed", node: "b", operation: "create" });
    expect(t.saves.map((s) => s.nodes.b?.unfinishedBuild).filter((u) => u !== undefined)).toContainEqual({
      containers: [
        { id: short("c"), image: short("b") },
        { id: short("d"), image: short("1") },
      ],
      images: [{ id: short("1"), parent: short("b") }],
    });
    expect(t.engine.containers.has(short("d"))).toBe(false);
    expect(t.engine.images.has(id("1"))).toBe(false);
    expect(t.inner.saved.get("f1")?.nodes.b?.unfinishedBuild).toBeUndefined();
  });

  it("with keepOnFailure keeps what it made, for debugging, and the next down removes it", async () => {
    const t = setup(undefined, { buildOutput: stream });
    t.engine.addImage(id("1"), [], {}, { parent: BASE });
    stepContainer(t.engine, short("d"), id("1"));
    const p = built("f2");
    expect((await upWith(p, { ...t.options, keepOnFailure: true }, t.deps)).isErr()).toBe(true);
    expect(t.engine.images.has(id("1"))).toBe(true);
    expect(t.inner.saved.get("f2")?.nodes.b?.unfinishedBuild?.images).toEqual([{ id: short("1"), parent: short("b") }]);
    (await downWith(p, t.options, t.deps))._unsafeUnwrap();
    expect(t.engine.containers.has(short("d"))).toBe(false);
    expect(t.engine.images.has(id("1"))).toBe(false);
    expect(t.inner.saved.has("f2")).toBe(false);
  });
});

describe("remove_image and images built FROM berth's", () => {
  it("removes berth's image and keeps one that inherited its label, saying why", async () => {
    const t = setup(undefined);
    const p = built("o1", { remove_image: true });
    const image = (await upWith(p, t.options, t.deps))._unsafeUnwrap().nodes.b?.runtimeProperties.image ?? "";
    expect(t.engine.images.get(image)?.Labels).toEqual({ "berth.image": "o1/b" });
    t.engine.addImage(id("d"), ["mine:1"], { "berth.image": "o1/b" }, { steps: ["/bin/sh -c #(nop)  ENV A=1"] });
    (await downWith(p, t.options, t.deps))._unsafeUnwrap();
    expect(t.engine.images.has(image)).toBe(false);
    expect(t.engine.images.has(id("d"))).toBe(true);
    const said = t.events.flatMap((e) => (e.type === "log" ? [e.message] : []));
    expect(said.filter((m) => m.startsWith("keeping image") && m.includes("mine:1"))).toEqual([
      "keeping image dddddddddddd mine:1: it carries berth.image=o1/b but was built from berth's image (its newest step: ENV A=1)",
    ]);
  });

  it("reports ImageInUse naming the images built on the one it cannot remove", async () => {
    const t = setup(undefined);
    const p = built("o2", { remove_image: true });
    const image = (await upWith(p, t.options, t.deps))._unsafeUnwrap().nodes.b?.runtimeProperties.image ?? "";
    t.engine.addImage(id("d"), ["mine:1"], { "berth.image": "o2/b" }, { parent: image, steps: ["ENV A=1"] });
    const error = (await downWith(p, t.options, t.deps))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ImageInUse", image, usedBy: ["mine:1 (dddddddddddd)"] });
    expect(t.engine.images.has(id("d"))).toBe(true);
  });
});
