/**
 * daemon_client.version against the real engine (Engine 20.10 accepts API 1.12 and later, so a
 * pinned 1.23 is a real case): berth speaks 1.24, its floor, and refuses 1.23 itself.
 */
import { describe, expect, it } from "vitest";
import { input, node, plan } from "../../dsl/mod.ts";
import { down, up } from "../../runtime/mod.ts";
import { BUSYBOX, cleanupAfterEach, engine, freePort, leftovers, unwrap, valid } from "./support/engine.ts";

const { setup } = cleanupAfterEach();

const SLEEPER = ["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"];

describe("daemon_client.version on the real engine", () => {
  it("speaks Engine API 1.24: container_config and container_start options all reach HostConfig at create", async () => {
    const { deployment, run } = setup("api124");
    const port = await freePort();
    const p = valid(
      plan(deployment, [
        node("floor", { daemon_client: { version: "1.24" } })
          .image(BUSYBOX)
          .config({ command: SLEEPER, mem_limit: "32m", ports: [8080] })
          .start({
            read_only: true,
            cap_drop: ["MKNOD"],
            port_bindings: { 8080: { HostIp: "127.0.0.1", HostPort: port } },
          })
          .stop({ timeout: 1 }),
      ]),
    );

    const report = await unwrap(up(p, run.options));
    const client = await engine();
    const details = await unwrap(client.inspectContainer(report.nodes.floor?.runtimeProperties.container ?? ""));
    expect(details.State.Running).toBe(true);
    expect((details as unknown as { HostConfig: Record<string, unknown> }).HostConfig).toMatchObject({
      Memory: 32 * 1024 * 1024,
      ReadonlyRootfs: true,
      CapDrop: ["MKNOD"],
      NetworkMode: "default",
      PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] },
    });

    await unwrap(down(p, run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("refuses a pinned 1.23 that arrives through an input, before it sends the engine anything", async () => {
    const { deployment, run } = setup("api123");
    const p = valid(
      plan(deployment, [
        node("old", { daemon_client: { version: input("api_version", { default: "1.41" }) } })
          .image(BUSYBOX)
          .config({ command: SLEEPER })
          .start(),
      ]),
    );

    const result = await up(p, { ...run.options, inputs: { api_version: "1.23" } });

    // Found with the inputs in place before any node runs, naming the input.
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe("InvalidPlan");
    expect(error.kind === "InvalidPlan" && error.issues.map((i) => [i.path, i.message])).toEqual([
      [
        "nodes.old.configure.daemon_client.version",
        'input "api_version" = "1.23": Engine API 1.23 is older than 1.24: berth needs Engine API 1.24 or later (got string "1.23") (and in 3 more places)',
      ],
    ]);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});
