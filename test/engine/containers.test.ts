/** configure/start/stop/delete against the real engine: env merge, exit codes, ports, binds, restart. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { input, node, plan } from "../../dsl/mod.ts";
import { systemClock } from "../../runtime/clock.ts";
import { createEmitter } from "../../runtime/events.ts";
import { containerName, down, up } from "../../runtime/mod.ts";
import { hostNetwork } from "../../runtime/probes/host-network.ts";
import { startTask } from "../../runtime/tasks/start.ts";
import { stopTask } from "../../runtime/tasks/stop.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  engine,
  eventually,
  freePort,
  leftovers,
  logMessages,
  operationEvents,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer, setup } = cleanupAfterEach();

async function exitCode(container: string): Promise<number> {
  const client = await engine();
  return eventually(async () => {
    const d = await unwrap(client.inspectContainer(container));
    return d.State.Running ? undefined : d.State.ExitCode;
  });
}

const httpGet = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });

describe("configure and start", () => {
  it("merges docker_env_var into environment: explicit values win, merged values are str()-ed", async () => {
    const { deployment, run } = setup("env", {
      runtimeProperties: { app: { docker_env_var: { a: 10, b: [], c: { x: [], y: "value" }, EXPLICIT: "from-var" } } },
    });
    const p = valid(
      plan(deployment, [
        node("app")
          .image(BUSYBOX)
          .config({ command: "/bin/sh -c 'env | sort'", environment: { EXPLICIT: "wins", PLAIN: "1" } })
          .start(),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const details = await unwrap(
      (await engine()).inspectContainer(report.nodes.app?.runtimeProperties.container ?? ""),
    );
    const env = (details.Config as { Env?: string[] }).Env ?? [];
    expect(env).toEqual(
      expect.arrayContaining(["EXPLICIT=wins", "PLAIN=1", "a=10", "b=[]", "c={'x': [], 'y': 'value'}"]),
    );
    expect(env).not.toContain("EXPLICIT=from-var");
    expect(report.nodes.app?.runtimeProperties.using_local_image).toBe(true);
  });

  it("records a command that exits 0 (ports read even after exit); one that exits 1 fails up", async () => {
    const { deployment, run } = setup("exit");
    const ok = valid(plan(deployment, [node("ok").image(BUSYBOX).config("/bin/true").start()]));
    const report = await unwrap(up(ok, run.options));
    expect(await exitCode(report.nodes.ok?.runtimeProperties.container ?? "")).toBe(0);
    expect(report.nodes.ok?.runtimeProperties.ports).toEqual([]);
    // The plugin's TestCommand: /bin/false exits non-zero; berth reports it (issue #11) and rolls back.
    const failing = valid(
      plan(`${deployment}-f`, [
        node("fail").image(BUSYBOX).config("/bin/false").start(),
        node("next").image(BUSYBOX).config("/bin/true").start().dependsOn("fail"),
      ]),
    );
    const error = (await up(failing, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerExited", node: "fail", operation: "start" });
    expect(error.message).toMatch(/exited with code 1/);
    expect(await leftovers(`${deployment}-f`)).toEqual({ containers: [], images: [] });
  });

  it("fails to start a command that does not exist, with the engine's message and a rollback", async () => {
    const { deployment, run } = setup("nocmd");
    const p = valid(plan(deployment, [node("wrong").image(BUSYBOX).config("wrong").start()]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerStartFailed", node: "wrong", operation: "start" });
    expect(error.message).toContain("executable file not found");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  /** Ups an httpd bound to a free 127.0.0.1 port; its runtime ports and the page fetched through the port. */
  async function servedOnPort(label: string, ports?: number[]) {
    const { deployment, run } = setup(label);
    const port = await freePort();
    const command = `/bin/sh -c 'echo ${label} > /tmp/index.html && httpd -f -p 8080 -h /tmp'`;
    const p = valid(
      plan(deployment, [
        node("web")
          .image(BUSYBOX)
          .config(ports === undefined ? command : { command, ports })
          .start({ port_bindings: { 8080: { HostIp: "127.0.0.1", HostPort: port } } })
          .stop({ timeout: 1 }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const body = await eventually(() => httpGet(`http://127.0.0.1:${port}/index.html`).catch(() => undefined));
    return { port, run, ports: report.nodes.web?.runtimeProperties.ports, body };
  }

  it("publishes a port on 127.0.0.1 that the test reaches, and records it in ports", async () => {
    const { port, run, ports, body } = await servedOnPort("served", [8080]);
    expect(ports).toEqual([{ IP: "127.0.0.1", PrivatePort: 8080, PublicPort: port, Type: "tcp" }]);
    expect(body).toBe("served\n");
    expect(logMessages(run.events, "web").some((m) => m.includes(`Forwarded ports: 127.0.0.1:${port}->8080/tcp`))).toBe(
      true,
    );
  });

  it("publishes a bound port that container_config.ports does not list, as docker run -p does", async () => {
    const { port, ports, body } = await servedOnPort("bound");
    expect(ports).toEqual([{ IP: "127.0.0.1", PrivatePort: 8080, PublicPort: port, Type: "tcp" }]);
    expect(body).toBe("bound\n");
  });

  it("names a container berth did not make that holds the node's name, and how to get past it", async () => {
    const { deployment, run } = setup("taken");
    const name = containerName(deployment, "web");
    execFileSync("docker", ["create", "--name", name, BUSYBOX, "sleep", "1"]);
    defer(() => void execFileSync("docker", ["rm", "-f", name]));
    const p = valid(plan(deployment, [node("web").image(BUSYBOX).config("sleep 30").start().stop({ timeout: 0 })]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ContainerCreateFailed", node: "web", operation: "configure" });
    expect(error.message).toContain(`the name ${name} is taken by a container that is not this deployment's`);
    expect(error.message).toContain(`docker rm ${name}`);
    expect(error.message).not.toContain("berth down removes it");
  });

  it("checks input values where the plan uses them before it creates anything", async () => {
    const { deployment, run } = setup("badinput");
    const p = valid(
      plan(deployment, [
        node("db").image(BUSYBOX).config("sleep 30").start().stop({ timeout: 0 }),
        node("web")
          .image(BUSYBOX)
          .config({ command: "sleep 30", ports: [8080] })
          .start({ port_bindings: { 8080: { HostIp: "127.0.0.1", HostPort: input("web_port") } } })
          .dependsOn("db"),
      ]),
    );
    const error = (await up(p, { ...run.options, inputs: { web_port: 99999 } }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "InvalidPlan" });
    expect(error.message).toContain('input "web_port" = 99999: must be at most 65535');
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    expect(run.events.some((e) => e.type === "operation")).toBe(false);
  });

  it("reports PortConflict when the host port is taken", async () => {
    const { deployment, run } = setup("portuse");
    const port = await freePort();
    const web = (name: string) =>
      node(name)
        .image(BUSYBOX)
        .config({ command: "sleep 30", ports: [80] })
        .start({ port_bindings: { 80: { HostIp: "127.0.0.1", HostPort: port } } })
        .stop({ timeout: 0 });
    const p = valid(plan(deployment, [web("one"), web("two").dependsOn("one")]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "PortConflict", node: "two" });
  });

  it("mounts a host directory read inside the container (seen in its logs)", async () => {
    const { deployment, run } = setup("bind");
    const dir = mkdtempSync(join(tmpdir(), "berth-bind-"));
    defer(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "sample.txt"), "Sample text\n");
    const p = valid(
      plan(deployment, [
        node("reader")
          .image(BUSYBOX)
          .config({ command: "cat /mnt/sample.txt", volumes: ["/mnt"] })
          .start({ binds: { [dir]: { bind: "/mnt", ro: true } } }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const client = await engine();
    const text = await eventually(async () => {
      const t = await unwrap(client.logs(report.nodes.reader?.runtimeProperties.container ?? ""));
      return t === "" ? undefined : t;
    });
    expect(text).toBe("Sample text");
  });
});

describe("stop and delete", () => {
  it("stops, then starts the same container again", async () => {
    const { deployment, run } = setup("restart");
    const p = valid(plan(deployment, [node("svc").image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 })]));
    const report = await unwrap(up(p, run.options));
    const container = report.nodes.svc?.runtimeProperties.container ?? "";
    const client = await engine();
    const ctx = {
      deployment,
      node: "svc",
      client,
      properties: { container },
      emit: createEmitter(deployment, systemClock),
      clock: systemClock,
      network: hostNetwork,
    };
    await unwrap(stopTask(ctx, { timeout: 0 }));
    expect((await unwrap(client.inspectContainer(container))).State.Running).toBe(false);
    await unwrap(stopTask(ctx, { timeout: 0 })); // stopping a stopped container is fine
    await unwrap(startTask(ctx));
    expect((await unwrap(client.inspectContainer(container))).State.Running).toBe(true);
  });

  it("deletes a running container: stop first (container_stop), then remove", async () => {
    const { deployment, run } = setup("delrun");
    const p = valid(plan(deployment, [node("svc").image(BUSYBOX).config("sleep 60").start().stop({ timeout: 0 })]));
    await unwrap(up(p, run.options));
    const report = await unwrap(down(p, run.options));
    expect(report.nodes.svc?.action).toBe("removed");
    const ops = operationEvents(run.events)
      .filter((e) => e.phase === "succeeded")
      .map((e) => e.operation);
    expect(ops.slice(-2)).toEqual(["stop", "delete"]);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});
