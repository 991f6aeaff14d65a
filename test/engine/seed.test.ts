/** The seed's db_server node (examples/db_server.ts), up and down against the real engine. */
import { describe, expect, it } from "vitest";
import { plan } from "../../dsl/mod.ts";
import { dbServer } from "../../examples/db_server.ts";
import { down, logs, status, up } from "../../runtime/mod.ts";
import {
  cleanupAfterEach,
  cleanupDeployment,
  eventually,
  leftovers,
  logMessages,
  serveTarball,
  testRun,
  uniqueName,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer } = cleanupAfterEach();

describe("seed db_server", () => {
  it("imports from a URL on 127.0.0.1, runs /bin/echo hello, and down removes container and image", async () => {
    const deployment = uniqueName("seed");
    const server = await serveTarball();
    const run = testRun({ inputs: { image_url: server.url } });
    defer(server.close, run.dispose, () => cleanupDeployment(deployment));
    const p = valid(plan(deployment, [dbServer]));

    const report = await unwrap(up(p, run.options));
    const props = report.nodes.db_server?.runtimeProperties;
    expect(report.nodes.db_server?.action).toBe("created");
    expect(props?.image).toMatch(/^(sha256:)?[a-f0-9]{12,64}$/);
    expect(props?.container).toMatch(/^[a-f0-9]{64}$/);
    expect(props?.using_local_image).toBe(false);
    // The container has exited by now or soon; ports are recorded either way (bug 3 fixed).
    expect(props?.ports).toEqual([]);
    expect(logMessages(run.events, "db_server")).toEqual(
      expect.arrayContaining([
        "Importing image",
        `Image ${props?.image} has been imported`,
        `Started container ${props?.container}`,
      ]),
    );
    expect(run.events.some((e) => e.type === "progress" && e.operation === "create")).toBe(true);

    const lines: string[] = [];
    await eventually(async () => {
      lines.length = 0;
      await unwrap(logs(p, "db_server", { ...run.options, onLine: (_node, line) => lines.push(line) }));
      return lines.includes("hello") ? true : undefined;
    });
    const [node] = await unwrap(status(p, run.options));
    expect(node).toMatchObject({ node: "db_server", container: props?.container });

    await unwrap(down(p, run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    const after = await unwrap(status(p, run.options));
    expect(after[0]?.state).toBe("absent");
  });
});
