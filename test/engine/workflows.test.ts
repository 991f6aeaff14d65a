/** install/uninstall over several nodes: order, concurrency, idempotence, recreate, rollback, kill -9. */
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { attribute, node, plan } from "../../dsl/mod.ts";
import { LABEL_DEPLOYMENT, LABEL_NODE } from "../../runtime/labels.ts";
import { down, preview, up } from "../../runtime/mod.ts";
import type { RunEvent } from "../../runtime/types.ts";
import { chainPlan } from "./support/chain-plan.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  engine,
  leftovers,
  operationEvents,
  TEST_LABEL,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer, setup } = cleanupAfterEach();

const sleeper = (name: string) => node(name).image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 });

/** [first started, last succeeded] of each node's install operations. */
function spans(events: readonly RunEvent[]): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  for (const e of operationEvents(events)) {
    if (e.phase === "skipped") continue;
    const s = out.get(e.node) ?? { from: e.at, to: e.at };
    out.set(e.node, { from: Math.min(s.from, e.at), to: Math.max(s.to, e.at) });
  }
  return out;
}

describe("install and uninstall", () => {
  it("installs a node only after the node it depends on is started, and uninstalls in reverse", async () => {
    const { deployment, run } = setup("order");
    const db = sleeper("db");
    const web = sleeper("web").dependsOn(db);
    const p = valid(plan(deployment, [web, db]));
    await unwrap(up(p, run.options));
    const ops = operationEvents(run.events);
    const dbStarted = ops.find((e) => e.node === "db" && e.operation === "start" && e.phase === "succeeded");
    const webFirst = ops.find((e) => e.node === "web" && e.phase === "started");
    expect(dbStarted && webFirst && webFirst.at >= dbStarted.at).toBe(true);

    run.events.length = 0;
    await unwrap(down(p, run.options));
    const after = operationEvents(run.events);
    const webDeleted = after.find((e) => e.node === "web" && e.operation === "delete" && e.phase === "succeeded");
    const dbStop = after.find((e) => e.node === "db" && e.operation === "stop" && e.phase === "started");
    expect(webDeleted && dbStop && dbStop.at >= webDeleted.at).toBe(true);
  });

  it("runs independent nodes concurrently, never more than the bound", async () => {
    const { deployment, run } = setup("bound", { concurrency: 2 });
    const p = valid(plan(deployment, ["n1", "n2", "n3", "n4"].map(sleeper)));
    await unwrap(up(p, run.options));
    const s = [...spans(run.events).values()];
    const overlapAt = (t: number) => s.filter((x) => x.from <= t && t < x.to).length;
    const peak = Math.max(...s.map((x) => overlapAt(x.from)));
    expect(peak).toBe(2);
  });

  it("changes nothing on a second up; recreates only a changed node", async () => {
    const { deployment, run } = setup("idem");
    const first = valid(plan(deployment, [sleeper("keep"), sleeper("change")]));
    const one = await unwrap(up(first, run.options));
    const two = await unwrap(up(first, run.options));
    expect(two.nodes.keep?.action).toBe("unchanged");
    expect(two.nodes.change?.action).toBe("unchanged");
    expect(two.nodes.keep?.runtimeProperties.container).toBe(one.nodes.keep?.runtimeProperties.container);
    expect(two.nodes.change?.runtimeProperties.container).toBe(one.nodes.change?.runtimeProperties.container);

    const changed = valid(
      plan(deployment, [
        sleeper("keep"),
        node("change").image(BUSYBOX).config("sleep 61").start().stop({ timeout: 0 }),
      ]),
    );
    expect(await unwrap(preview(changed, run.options))).toEqual([
      { node: "keep", action: "unchanged", reason: expect.any(String) },
      { node: "change", action: "recreate", reason: "changed: container_config.command" },
    ]);
    const three = await unwrap(up(changed, run.options));
    expect(three.nodes.keep?.action).toBe("unchanged");
    expect(three.nodes.keep?.runtimeProperties.container).toBe(one.nodes.keep?.runtimeProperties.container);
    expect(three.nodes.change?.action).toBe("recreated");
    expect(three.nodes.change?.runtimeProperties.container).not.toBe(one.nodes.change?.runtimeProperties.container);
    expect((await leftovers(deployment)).containers).toHaveLength(2);
  });

  it("rolls back what a failed up created, in reverse order, and keeps it with keepOnFailure", async () => {
    const { deployment, run } = setup("rollback");
    const broken = node("broken").image(BUSYBOX).config("no-such-binary").start();
    const p = valid(plan(deployment, [sleeper("first"), broken.dependsOn("first")]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerStartFailed", node: "broken" });
    const rollback = run.events.filter((e) => e.type === "log" && e.message.startsWith("rollback: removed container"));
    expect(rollback.map((e) => (e.type === "log" ? e.node : ""))).toEqual(["broken", "first"]);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });

    const kept = await up(p, { ...run.options, keepOnFailure: true });
    expect(kept.isErr()).toBe(true);
    expect((await leftovers(deployment)).containers).toHaveLength(2);
  });

  it("remove_image fails with ImageInUse naming the other container that uses the image", async () => {
    const { deployment, run } = setup("inuse");
    const p = valid(
      plan(deployment, [
        node("owner")
          .build({ path: "test/engine/fixtures/build-context", rm: true })
          .config("/bin/true")
          .start()
          .delete({ remove_image: true }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const image = report.nodes.owner?.runtimeProperties.image ?? "";
    const client = await engine();
    const other = await unwrap(
      client.createContainer({
        Image: image,
        Cmd: ["/bin/true"],
        Labels: { [TEST_LABEL]: deployment },
        name: `${deployment}-other`,
      }),
    );
    const error = (await down(p, run.options))._unsafeUnwrapErr();
    expect(error.kind).toBe("ImageInUse");
    expect(error.message).toContain(`${deployment}-other`);
    expect(error.message).toContain(other.id.slice(0, 12));
    // The node's own container is gone; only the image (held by the other container) stays.
    expect((await leftovers(deployment)).containers).toEqual([]);
  });

  it("down from a new process removes everything after up was killed with SIGKILL half-way", async () => {
    const { deployment, run } = setup("sigkill");
    // Its own process group, so kill -9 reaches npx and the node process tsx runs under it.
    const child = spawn("npx", ["tsx", "test/engine/support/up-child.ts", deployment, run.stateDir], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const killed = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    defer(killGroup);
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        const event = JSON.parse(line) as RunEvent | { type: "done" };
        if (event.type === "log" && event.message.startsWith("Created container")) {
          killGroup();
          resolve();
        }
        if (event.type === "done") reject(new Error("up finished before it could be killed"));
      });
    });
    await killed;
    const left = await leftovers(deployment);
    expect(left.containers.length).toBeGreaterThan(0);
    expect(left.images.length).toBe(1);

    await unwrap(down(valid(chainPlan(deployment)), run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    const client = await engine();
    expect(
      await unwrap(client.listContainers({ labels: { [LABEL_DEPLOYMENT]: deployment, [LABEL_NODE]: "a" } })),
    ).toEqual([]);
  });

  it("starts a node that reads another's attribute after it, without a relationship: the reader gets the value, not null", async () => {
    const { deployment, run } = setup("reads");
    const p = valid(
      plan(deployment, [
        node("reader")
          .image(BUSYBOX)
          .config({ command: "sleep 30", environment: { DB_CONTAINER: attribute("db", "container") } })
          .start()
          .stop({ timeout: 0 }),
        node("db").image(BUSYBOX).config("sleep 30").start().stop({ timeout: 0 }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const dbContainer = report.nodes.db?.runtimeProperties.container ?? "";
    expect(dbContainer).toMatch(/^[0-9a-f]{64}$/);
    const reader = report.nodes.reader?.runtimeProperties.container ?? "";
    const env = execFileSync("docker", ["inspect", "-f", "{{json .Config.Env}}", reader], { encoding: "utf8" });
    expect(JSON.parse(env)).toContain(`DB_CONTAINER=${dbContainer}`);
    expect((await unwrap(preview(p, run.options))).map((c) => c.action)).toEqual(["unchanged", "unchanged"]);
  });
});
