/**
 * One plan across two engines (issue #15), and an engine that dies, freezes or restarts
 * (issue #11 §3, §4), against a second dockerd the test starts in its own network namespace:
 * TLS with client certificates on TCP, and its unix socket. The main engine is never touched
 * beyond the near nodes' containers.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseJsonOutput } from "../../cli/json-schema.ts";
import { type DaemonClient, node, plan, tcp } from "../../dsl/mod.ts";
import { down, preview, status, up } from "../../runtime/mod.ts";
import type { RunEvent } from "../../runtime/types.ts";
import { berth, containersOf, removeDeployment, uniqueDeployment } from "../fixtures/cli/berth-process.ts";
import { BUSYBOX, cleanupAfterEach, expectKind, unwrap, valid } from "./support/engine.ts";
import { type SecondEngine, startSecondEngine } from "./support/second-engine.ts";

const fixture = "test/fixtures/cli/remote-nodes.ts";
let engine: SecondEngine;
const deployments: string[] = [];
const { setup, defer } = cleanupAfterEach();

beforeAll(async () => {
  engine = await startSecondEngine();
});
afterAll(async () => {
  await engine?.dispose();
});
afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

/** Container ids of a deployment's node on the second engine. */
const farContainers = (deployment: string, nodeName?: string) =>
  engine
    .docker(
      "ps",
      "-aq",
      "--filter",
      `label=berth.deployment=${deployment}`,
      ...(nodeName === undefined ? [] : ["--filter", `label=berth.node=${nodeName}`]),
    )
    .split("\n")
    .filter((id) => id !== "");

const nearContainers = (deployment: string, nodeName: string) => {
  const all = containersOf(deployment);
  return nodeName === "near" ? all : [];
};

describe("a plan across the local engine and a TLS engine", { timeout: 120_000 }, () => {
  const tls = () => ({
    base_url: engine.url,
    timeout: 20,
    tls: { ca_cert: engine.certs.ca, client_cert: [engine.certs.cert, engine.certs.key] },
  });

  it("goes up, shows each node's daemon, prints logs and goes down, each container on its node's engine", async () => {
    const d = uniqueDeployment("two-engines", fixture);
    deployments.push(d.deployment);
    const env = { ...d.env, BERTH_TEST_FAR: JSON.stringify(tls()) };
    const cli = (command: string, ...rest: string[]) =>
      berth([command, fixture, ...rest, "--state-dir", d.stateDir], { env });

    const upped = await cli("up");
    expect(upped.code, upped.stderr).toBe(0);
    expect(upped.stderr).not.toMatch(/Warning|\n\s+at /);
    expect(nearContainers(d.deployment, "near")).toHaveLength(1);
    expect(farContainers(d.deployment, "far")).toHaveLength(1);
    expect(farContainers(d.deployment, "near")).toEqual([]);

    const shown = await cli("status");
    expect(shown.code, shown.stderr).toBe(0);
    const rows = shown.stdout.trimEnd().split("\n").slice(2);
    expect(rows.map((r) => [r.split(/\s+/)[0], r.split(/\s+/)[1], r.split(/\s+/).at(-1)])).toEqual([
      ["near", "running", "unix:///var/run/docker.sock"],
      ["far", "running", engine.url],
    ]);

    const logs = await cli("logs");
    expect(logs.stdout).toContain("near | near says hello");
    expect(logs.stdout).toContain("far  | far says hello");

    // DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH puts near on the TLS engine too.
    const fromEnv = await berth(["status", fixture, "--state-dir", d.stateDir, "--json"], {
      env: {
        ...d.env,
        DOCKER_HOST: engine.url.replace("https://", "tcp://"),
        DOCKER_TLS_VERIFY: "1",
        DOCKER_CERT_PATH: engine.certs.dir,
      },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(parseJsonOutput(fromEnv.stdout).result).toMatchObject({
      nodes: [
        { node: "near", state: "absent", daemon: engine.url },
        { node: "far", state: "running", daemon: engine.url },
      ],
    });

    const downed = await cli("down");
    expect(downed.code, downed.stderr).toBe(0);
    expect(containersOf(d.deployment)).toEqual([]);
    expect(farContainers(d.deployment)).toEqual([]);
  });

  it("a node on the TLS engine is probed through the port it publishes there; its loopback is not this host's", async () => {
    const { deployment, run } = setup("far-ready");
    const farIp = new URL(engine.url).hostname;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const far = (binding: unknown) =>
      node("far", { daemon_client: tls() as DaemonClient })
        .image(BUSYBOX)
        .config({ command: ["/bin/sh", "-c", "sleep 2; exec httpd -f -p 8080"], ports: [8080] })
        .start({ port_bindings: { 8080: binding as number } }, { readiness: tcp(8080, { timeout: 30, interval: 0.2 }) })
        .stop({ timeout: 0 });
    const near = node("near").image(BUSYBOX).config("sleep 3600").start().stop({ timeout: 0 }).dependsOn("far");
    const p = valid(plan(deployment, [far(port), near]));
    defer(async () => {
      await down(p, run.options);
    });
    await unwrap(up(p, run.options));
    const probes = run.events.filter((e) => e.type === "probe" && e.node === "far");
    expect(probes.at(-1)).toMatchObject({ phase: "ready", result: `connected to the published port ${farIp}:${port}` });
    const nearConfigured = run.events.findIndex(
      (e) => e.type === "operation" && e.node === "near" && e.operation === "configure",
    );
    expect(nearConfigured).toBeGreaterThan(run.events.indexOf(probes.at(-1) as RunEvent));
    await unwrap(down(p, run.options));

    const loopback = valid(plan(deployment, [far({ HostIp: "127.0.0.1", HostPort: port }), near]));
    const error = (await up(loopback, run.options))._unsafeUnwrapErr();
    expectKind(error, "NotReady");
    expect(error.attempts).toBe(1);
    expect(error.lastResult).toBe(
      `port 8080/tcp is published on 127.0.0.1 of the daemon's machine ${farIp}, which this host cannot reach; publish it on an address this host can reach to probe it`,
    );
    expect(farContainers(deployment)).toEqual([]);
  });

  it("names the file or the check when TLS fails: a wrong CA, no client certificate, another host name", async () => {
    const d = uniqueDeployment("tls-errors", fixture);
    deployments.push(d.deployment);
    const failure = async (far: Record<string, unknown>) => {
      const ran = await berth(["status", fixture, "--state-dir", d.stateDir, "--json"], {
        env: { ...d.env, BERTH_TEST_FAR: JSON.stringify(far) },
      });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(/next: fix the certificate named above/);
      return {
        error: (parseJsonOutput(ran.stdout).result as { error: Record<string, unknown> }).error,
        stderr: ran.stderr,
      };
    };

    const wrongCa = await failure({ ...tls(), tls: { ...tls().tls, ca_cert: engine.certs.otherCa } });
    expect(wrongCa.error).toMatchObject({
      kind: "TlsFailed",
      check: "unknown-ca",
      file: engine.certs.otherCa,
      endpoint: engine.url,
    });
    expect(wrongCa.stderr).toContain(`the engine's certificate is not signed by the CA in ${engine.certs.otherCa}`);

    const noClientCert = await failure({ ...tls(), tls: { ca_cert: engine.certs.ca } });
    expect(noClientCert.error).toMatchObject({ kind: "TlsFailed", check: "client-certificate", endpoint: engine.url });
    expect(noClientCert.stderr).toContain("the engine wants a client certificate and berth sent none");

    const otherName = await failure({ ...tls(), tls: { ...tls().tls, assert_hostname: "docker.example" } });
    expect(otherName.error).toMatchObject({ kind: "TlsFailed", check: "hostname" });
  });
});

describe("an engine that restarts, freezes or dies", { timeout: 120_000 }, () => {
  const onSocket = (timeout: number): DaemonClient => ({ base_url: engine.socket, timeout });

  it("after a restart of the engine, plan says the stopped service would be recreated, and up brings it back", async () => {
    const { deployment, run } = setup("restart");
    const service = node("svc", { daemon_client: onSocket(20) })
      .image(BUSYBOX)
      .config(["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"])
      .start()
      .stop({ timeout: 2 });
    const p = valid(plan(deployment, [service]));
    await unwrap(up(p, run.options));

    await engine.stop();
    await engine.start();
    const [change] = await unwrap(preview(p, run.options));
    expect(change).toMatchObject({ node: "svc", action: "recreate" });
    expect(change?.reason).toMatch(/should be running but is exited/);
    expect((await unwrap(up(p, run.options))).nodes.svc?.action).toBe("recreated");
    const [now] = await unwrap(status(p, run.options));
    expect(now).toMatchObject({ node: "svc", state: "running", daemon: engine.socket });
    await unwrap(down(p, run.options));
  });

  it("a frozen engine makes calls and a build stream time out within daemon_client.timeout", async () => {
    const { deployment, run } = setup("frozen");
    defer(() => engine.signal("SIGCONT"));
    const timeoutS = 2;
    const dir = buildContext("RUN echo building && sleep 4 && echo built");
    defer(() => rmSync(dir, { recursive: true, force: true }));
    const built = node("built", { daemon_client: onSocket(timeoutS) })
      .build({ path: dir, tag: `${deployment}:latest` })
      .config("/bin/true")
      .start();
    const p = valid(plan(deployment, [built]));

    // A build stream: frozen while the engine runs `RUN sleep`, it fails as a Timeout.
    const events: RunEvent[] = [];
    let frozenAt = 0;
    const building = up(p, {
      ...run.options,
      onEvent: (e) => {
        events.push(e);
        if (frozenAt === 0 && e.type === "progress" && e.message.trim() === "building") {
          frozenAt = Date.now();
          engine.signal("SIGSTOP");
        }
      },
    });
    const result = await building;
    const waited = Date.now() - frozenAt;
    expect(frozenAt, "the build never reached its RUN step").toBeGreaterThan(0);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expectKind(error, "Timeout");
    expect(error.endpoint).toBe(engine.socket);
    expect(error.message).toContain(`did not answer in time`);
    expect(error.message).toContain(`(daemon_client.timeout)`);
    // Noticed within the timeout, plus the time rollback spends finding the engine still frozen.
    expect(waited).toBeLessThan(4 * timeoutS * 1000 + 3000);

    // A quick call on the still frozen engine.
    const started = Date.now();
    const shown = await status(p, run.options);
    expect(shown.isErr()).toBe(true);
    expectKind(shown._unsafeUnwrapErr(), "Timeout");
    expect(Date.now() - started).toBeLessThan(timeoutS * 1000 + 2000);
    engine.signal("SIGCONT");
  });

  it("an engine killed during a build or a stop is reported as gone, naming its endpoint", async () => {
    const { deployment, run } = setup("killed");
    const dir = buildContext("RUN echo building && sleep 5 && echo built");
    defer(() => rmSync(dir, { recursive: true, force: true }));
    const built = node("built", { daemon_client: onSocket(20) })
      .build({ path: dir, tag: `${deployment}:latest` })
      .config("/bin/true")
      .start();
    let killed = false;
    const result = await up(valid(plan(deployment, [built])), {
      ...run.options,
      onEvent: (e) => {
        if (!killed && e.type === "progress" && e.message.trim() === "building") {
          killed = true;
          engine.signal("SIGKILL");
        }
      },
    });
    expect(killed, "the build never reached its RUN step").toBe(true);
    const error = result._unsafeUnwrapErr();
    expectKind(error, "EngineGone");
    expect(error.endpoint).toBe(engine.socket);
    expect(error.message).toContain(`the Docker engine at ${engine.socket} went away during the request`);
    await engine.exited();
    await engine.start();

    // A stop that waits for a container ignoring SIGTERM, cut off by the engine's death.
    const stubborn = node("stubborn", { daemon_client: onSocket(20) })
      .image(BUSYBOX)
      .config(["/bin/sh", "-c", "trap '' TERM; while true; do sleep 1; done"])
      .start()
      .stop({ timeout: 30 });
    const p = valid(plan(deployment, [stubborn]));
    await unwrap(up(p, run.options));
    const stopping = down(p, {
      ...run.options,
      onEvent: (e) => {
        if (e.type === "operation" && e.operation === "stop" && e.phase === "started") {
          setTimeout(() => engine.signal("SIGKILL"), 500);
        }
      },
    });
    const stopError = (await stopping)._unsafeUnwrapErr();
    expectKind(stopError, "EngineGone");
    expect(stopError.node).toBe("stubborn");
    expect(stopError.endpoint).toBe(engine.socket);
    // Left dead: dispose() starts it once more so it reaps the stubborn container, then stops it.
    await engine.exited();
  });
});

/** A build context: the test image plus one RUN line. */
function buildContext(runLine: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-build-"));
  writeFileSync(join(dir, "Dockerfile"), `FROM ${BUSYBOX}\n${runLine}\n`);
  return dir;
}
