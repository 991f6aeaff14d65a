/**
 * Blueprints written the way the plugin's documentation and integration tests write them
 * (test/fixtures/blueprints/docs-*.yaml): each of the five operations with its own inputs,
 * delete's container_stop different from stop's. Each validates, goes up and down against the
 * real engine, and round-trips YAML → TypeScript → YAML byte for byte.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBlueprint, toBlueprint, toTypeScript } from "../../codegen/mod.ts";
import { attribute, node, type Plan, plan } from "../../dsl/mod.ts";
import { down, up } from "../../runtime/mod.ts";
import { evaluatePlanSource } from "../unit/codegen/helpers.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  engine,
  freePort,
  leftovers,
  serveTarball,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer, setup } = cleanupAfterEach();
const fixture = (name: string) => readFileSync(resolve("test/fixtures/blueprints", `${name}.yaml`), "utf8");

/** Reads a fixture as the deployment `name`, checking the byte-for-byte round trip on the way. */
function readBlueprint(text: string, name: string) {
  const p = fromBlueprint(text, { name })._unsafeUnwrap();
  const yaml = toBlueprint(p);
  expect(toBlueprint(evaluatePlanSource(toTypeScript(p)) as Plan)).toBe(yaml);
  expect(toBlueprint(fromBlueprint(yaml)._unsafeUnwrap())).toBe(yaml);
  return p;
}

describe("blueprints in the plugin documentation's style", () => {
  it("db_server: import from a URL, all five operations with their own inputs, remove_image", async () => {
    const { deployment, run } = setup("docs-db");
    const server = await serveTarball();
    defer(server.close);
    const p = readBlueprint(fixture("docs-db-server"), deployment);
    expect(p.nodes.db_server?.stop?.container_stop).toEqual({ timeout: 30 });
    expect(p.nodes.db_server?.delete?.container_stop).toEqual({});

    const report = await unwrap(up(p, { ...run.options, inputs: { image_url: server.url } }));
    const props = report.nodes.db_server?.runtimeProperties;
    const client = await engine();
    const details = await unwrap(client.inspectContainer(props?.container ?? ""));
    expect(details.State.Running).toBe(true);

    await unwrap(down(p, { ...run.options, inputs: { image_url: server.url } }));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    expect((await client.inspectImage(props?.image ?? "")).isErr()).toBe(true); // remove_image: true
  });

  it("web: a built image, a port on 127.0.0.1, a read-only bind mount, an environment", async () => {
    const { deployment, run } = setup("docs-web");
    const dir = mkdtempSync(join(tmpdir(), "berth-docs-"));
    defer(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "Dockerfile"), `FROM ${BUSYBOX}\nCMD ["/bin/true"]\n`);
    const site = mkdtempSync(join(tmpdir(), "berth-docs-site-"));
    defer(() => rmSync(site, { recursive: true, force: true }));
    writeFileSync(join(site, "index.html"), "Sample text\n");
    const hostPort = await freePort();
    const inputs = { build_path: dir, mount: `${site}:/mnt:ro`, host_port: hostPort };
    const p = readBlueprint(fixture("docs-ports-volumes"), deployment);

    const report = await unwrap(up(p, { ...run.options, inputs }));
    const props = report.nodes.web?.runtimeProperties;
    const env = JSON.parse(
      execFileSync("docker", ["inspect", "--format", "{{json .Config.Env}}", props?.container ?? ""], {
        encoding: "utf8",
      }),
    );
    expect(env).toEqual(expect.arrayContaining(["c=1", "b=2"]));
    let body = "";
    for (let i = 0; i < 50 && body === ""; i++) {
      body = await fetch(`http://127.0.0.1:${hostPort}/index.html`)
        .then((r) => r.text())
        .catch(() => new Promise<string>((r) => setTimeout(() => r(""), 100)));
    }
    expect(body).toBe("Sample text\n");

    await unwrap(down(p, { ...run.options, inputs }));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});

describe("delete's own container_stop", () => {
  it("stops the running container it replaces with delete's container_stop, not stop's", async () => {
    const { deployment, run } = setup("docs-stop");
    // The command ignores SIGTERM: a stop waits for its whole timeout, then kills.
    const ignoresTerm = (marker: string) =>
      node("svc")
        .image(BUSYBOX)
        .config({ command: ["/bin/sh", "-c", "trap '' TERM; while true; do sleep 1; done"], environment: { marker } })
        .start()
        .stop({ timeout: 60 })
        .delete({ container_stop: { timeout: 0 } });
    const first = valid(plan(deployment, [ignoresTerm("a")]));
    await unwrap(up(first, run.options));
    const started = Date.now();
    const second = valid(plan(deployment, [ignoresTerm("b")]));
    const report = await unwrap(up(second, { ...run.options, keepOnFailure: false }));
    expect(report.nodes.svc?.action).toBe("recreated");
    // stop's 60 s would still be waiting; delete's 0 s kills at once.
    expect(Date.now() - started).toBeLessThan(30_000);
    const stopped = run.events.filter((e) => e.type === "log" && e.message.startsWith("Stopping container"));
    expect(stopped.length).toBe(1);
    // down would stop with stop's 60 s, as Cloudify's uninstall does; the cleanup force-removes.
  }, 60_000);
});

describe(".image(ref) nodes", () => {
  it("have the image runtime property, readable by attribute() and outputs", async () => {
    const { deployment, run } = setup("docs-local");
    const db = node("db").image(BUSYBOX).config("/bin/true").start();
    const p = valid(plan(deployment, [db], { outputs: { image: { value: attribute(db, "image") } } }));
    const report = await unwrap(up(p, run.options));
    const id = (await unwrap((await engine()).inspectImage(BUSYBOX))).Id;
    expect(report.nodes.db?.runtimeProperties.image).toBe(id);
    expect(report.nodes.db?.runtimeProperties.using_local_image).toBe(true);
    expect(report.outputs.image).toBe(id);
    // A second up leaves it unchanged and still reports the image.
    const again = await unwrap(up(p, run.options));
    expect(again.nodes.db?.action).toBe("unchanged");
    expect(again.outputs.image).toBe(id);
    await unwrap(down(p, run.options));
    expect((await (await engine()).inspectImage(BUSYBOX)).isOk()).toBe(true); // never removed
  });
});
