import { err, ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import { attribute, node, plan, validate } from "../../../dsl/mod.ts";
import { installPrerequisites, schedule, uninstallPrerequisites } from "../../../runtime/workflows/graph.ts";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
const tick = () => new Promise((r) => setTimeout(r, 1));

describe("schedule", () => {
  it("runs a node only after its prerequisites, in declaration order among ready nodes", async () => {
    const order: string[] = [];
    const outcome = await schedule(
      graph({ web: ["db"], db: [], cache: [] }),
      async (n) => {
        order.push(`start ${n}`);
        await tick();
        order.push(`end ${n}`);
        return ok(n);
      },
      { concurrency: 1 },
    );
    expect(order).toEqual(["start db", "end db", "start web", "end web", "start cache", "end cache"]);
    expect(outcome.succeeded).toEqual(["db", "web", "cache"]);
  });

  it("never runs more than the bound at once, and reaches it", async () => {
    for (const bound of [1, 2, 3]) {
      let running = 0;
      let peak = 0;
      await schedule(
        graph(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`n${i}`, []]))),
        async (n) => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
          return ok(n);
        },
        { concurrency: bound },
      );
      expect(peak).toBe(bound);
    }
  });

  it("stops scheduling after a failure; dependents of the failed node never run", async () => {
    const ran: string[] = [];
    const outcome = await schedule(
      graph({ a: [], b: ["a"], c: ["b"], d: [] }),
      async (n) => {
        ran.push(n);
        return n === "a" ? err("boom") : ok(n);
      },
      { concurrency: 1 },
    );
    expect(ran).toEqual(["a"]);
    expect(outcome.failures).toEqual([{ node: "a", error: "boom" }]);
    expect(outcome.notStarted).toEqual(["b", "c", "d"]);
  });

  it("with continueOnFailure runs the rest, but still not the failed node's dependents", async () => {
    const ran: string[] = [];
    const outcome = await schedule(
      graph({ a: [], b: ["a"], d: [] }),
      async (n) => {
        ran.push(n);
        return n === "a" ? err("boom") : ok(n);
      },
      { concurrency: 1, continueOnFailure: true },
    );
    expect(ran).toEqual(["a", "d"]);
    expect(outcome.notStarted).toEqual(["b"]);
  });

  it("a node that releases its slot while it waits lets independent nodes run; its dependents still wait for it", async () => {
    const order: string[] = [];
    let ready: () => void = () => undefined;
    const outcome = await schedule(
      graph({ db: [], web: ["db"], cache: [], queue: [] }),
      async (n, release) => {
        order.push(`start ${n}`);
        if (n === "db") {
          release();
          release(); // twice is once
          await new Promise<void>((r) => {
            ready = r;
          });
        } else {
          await tick();
          if (n === "queue") ready();
        }
        order.push(`end ${n}`);
        return ok(n);
      },
      { concurrency: 1 },
    );
    expect(order).toEqual([
      "start db",
      "start cache",
      "end cache",
      "start queue",
      "end queue",
      "end db",
      "start web",
      "end web",
    ]);
    expect(outcome.succeeded).toEqual(["cache", "queue", "db", "web"]);
  });

  it("stops scheduling when the signal aborts, letting running nodes finish", async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    const outcome = await schedule(
      graph({ a: [], b: [], c: [] }),
      async (n) => {
        ran.push(n);
        if (n === "a") controller.abort();
        await tick();
        return ok(n);
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(ran).toEqual(["a"]);
    expect(outcome.aborted).toBe(true);
    expect(outcome.succeeded).toEqual(["a"]);
    expect(outcome.notStarted).toEqual(["b", "c"]);
  });
});

describe("install order", () => {
  it("puts a node after the nodes whose attributes it reads, as after its relationships, and uninstall the other way", () => {
    const p = validate(
      plan("order", [
        node("db").image("i").config("run").start(),
        node("cache").image("i").config("run").start(),
        node("web")
          .image("i")
          .config({
            command: "run",
            environment: { DB: attribute("db", "container"), ME: attribute("SELF", "container") },
          })
          .start()
          .dependsOn("cache"),
      ]),
    )._unsafeUnwrap();
    expect(installPrerequisites(p).get("web")).toEqual(["cache", "db"]);
    expect(uninstallPrerequisites(p).get("db")).toEqual(["web"]);
  });
});
