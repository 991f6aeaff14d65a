/** Each runnable example, up and down against the real engine, as a user would run it. */
import { describe, expect, it } from "vitest";
import { plan } from "../../dsl/mod.ts";
import { db, web } from "../../examples/web_db.ts";
import { down, up } from "../../runtime/mod.ts";
import { cleanupAfterEach, eventually, freePort, leftovers, operationEvents, unwrap, valid } from "./support/engine.ts";

const { setup } = cleanupAfterEach();

describe("examples/web_db.ts", () => {
  it("starts db before web, hands web db's container id, serves the page on 127.0.0.1", async () => {
    const port = await freePort();
    const { deployment, run } = setup("webdb", { inputs: { web_port: port } });
    const p = valid(plan(deployment, [db, web]));

    const report = await unwrap(up(p, run.options));
    const dbContainer = report.nodes.db?.runtimeProperties.container;
    expect(dbContainer).toMatch(/^[a-f0-9]{64}$/);

    const starts = operationEvents(run.events).filter((e) => e.phase === "succeeded" && e.operation === "start");
    const createWeb = operationEvents(run.events).find((e) => e.node === "web" && e.operation === "create");
    const dbStarted = starts.find((e) => e.node === "db");
    expect(dbStarted).toBeDefined();
    expect(createWeb?.at ?? 0).toBeGreaterThanOrEqual(dbStarted?.at ?? Number.POSITIVE_INFINITY);

    expect(report.nodes.web?.runtimeProperties.ports).toEqual([
      { IP: "127.0.0.1", PrivatePort: 8080, PublicPort: port, Type: "tcp" },
    ]);
    const body = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      return response?.ok ? await response.text() : undefined;
    });
    expect(body).toBe(`web is up; db is container ${dbContainer}\n`);

    await unwrap(down(p, run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});
