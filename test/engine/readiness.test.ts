/**
 * Issue #14 on the real engine: a dependent starts when its dependency is ready, not merely
 * started. Each probe kind, probed from this host (a published port on 127.0.0.1, or the
 * container's address on the bridge network); failures typed, with rollback.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exitCode, healthy, http, logLine, node, plan, tcp } from "../../dsl/mod.ts";
import type { ContainerDetails } from "../../runtime/docker/engine-client.ts";
import { status, up } from "../../runtime/mod.ts";
import type { ProbeEvent, RunEvent } from "../../runtime/types.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  engine,
  expectKind,
  freePort,
  leftovers,
  operationEvents,
  unwrap,
  valid,
} from "./support/engine.ts";

const { setup } = cleanupAfterEach();

const sh = (script: string) => ["/bin/sh", "-c", script];
/** A server whose port opens only after two seconds, and says when in its log. */
const lateServer = sh("sleep 2; echo opened; exec httpd -f -p 5432");
const sleeper = (name: string) => node(name).image(BUSYBOX).config("sleep 3600").start().stop({ timeout: 0 });

const probeEvents = (events: readonly RunEvent[], node: string) =>
  events.filter((e): e is ProbeEvent => e.type === "probe" && e.node === node);

async function inspect(container: string | undefined): Promise<ContainerDetails> {
  return unwrap((await engine()).inspectContainer(container ?? ""));
}

/** When a container's log line was written, from the engine's own timestamps. */
function loggedAt(container: string, line: string): number {
  const log = execFileSync("docker", ["logs", "-t", container], { encoding: "utf8" });
  const stamp = log
    .split("\n")
    .find((l) => l.endsWith(` ${line}`))
    ?.split(" ")[0];
  if (stamp === undefined) throw new Error(`no "${line}" in the log of ${container}:\n${log}`);
  return Date.parse(stamp);
}

describe("a dependent starts when its dependency is ready", () => {
  for (const published of [true, false]) {
    it(`tcp through ${published ? "a published port on 127.0.0.1" : "the container's address"}: the dependent is created after the port opened`, async () => {
      const { deployment, run } = setup(published ? "tcp-pub" : "tcp-ip");
      const port = await freePort();
      const db = node("db")
        .image(BUSYBOX)
        .config({ command: lateServer, ports: [5432] })
        .start(published ? { port_bindings: { 5432: { HostIp: "127.0.0.1", HostPort: port } } } : {}, {
          readiness: tcp(5432, { timeout: 30, interval: 0.2 }),
        })
        .stop({ timeout: 0 });
      const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
      const report = await unwrap(up(p, run.options));

      const dbDetails = await inspect(report.nodes.db?.runtimeProperties.container);
      const webDetails = await inspect(report.nodes.web?.runtimeProperties.container);
      const opened = loggedAt(dbDetails.Id, "opened");
      const webCreated = Date.parse(webDetails.Created);
      // The engine stamps StartedAt a little after the process starts; `sleep 2` ran before the line.
      expect(opened).toBeGreaterThanOrEqual(Date.parse(dbDetails.State.StartedAt) + 1900);
      expect(webCreated).toBeGreaterThan(opened);
      expect(report.nodes.db?.waitedMs).toBeGreaterThanOrEqual(1500);

      const events = probeEvents(run.events, "db");
      expect(events[0]).toMatchObject({ phase: "started", probe: "tcp 5432" });
      expect(events.at(-1)?.phase).toBe("ready");
      expect(events.at(-1)?.result).toBe(
        published
          ? `connected to the published port 127.0.0.1:${port}`
          : `connected to the container's address ${dbDetails.NetworkSettings.Networks?.bridge?.IPAddress}:5432 on bridge`,
      );
      // Before the port opened, attempts did not pass: through Docker's proxy the connection is
      // accepted and closed at once, directly it is refused.
      const before = events.filter((e) => e.phase === "attempt").map((e) => e.result ?? "");
      expect(before.length).toBeGreaterThan(3);
      expect(before.every((r) => /connection (closed at once|refused)/.test(r))).toBe(true);
    });
  }

  it("an independent node is created while another waits, even with one slot", async () => {
    const { deployment, run } = setup("tcp-conc");
    const db = node("db")
      .image(BUSYBOX)
      .config(lateServer)
      .start({}, { readiness: tcp(5432, { interval: 0.2 }) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [db, sleeper("cache")]));
    const report = await unwrap(up(p, { ...run.options, concurrency: 1 }));
    const dbDetails = await inspect(report.nodes.db?.runtimeProperties.container);
    const cacheCreated = Date.parse((await inspect(report.nodes.cache?.runtimeProperties.container)).Created);
    expect(cacheCreated).toBeLessThan(loggedAt(dbDetails.Id, "opened"));
  });

  it("http: sees 503, then 200 with the body it wants", async () => {
    const { deployment, run } = setup("http");
    const port = await freePort();
    // A CGI script answers 503 until /tmp/ok exists, two seconds after start.
    const cgi = String.raw`mkdir -p /www/cgi-bin
cat > /www/cgi-bin/health <<'EOF'
#!/bin/sh
if [ -f /tmp/ok ]; then printf 'Status: 200 OK\r\n\r\nall good\n'; else printf 'Status: 503 Service Unavailable\r\n\r\nwait\n'; fi
EOF
chmod +x /www/cgi-bin/health
(sleep 2; touch /tmp/ok) &
exec httpd -f -p 8080 -h /www`;
    const web = node("web")
      .image(BUSYBOX)
      .config({ command: sh(cgi), ports: [8080] })
      .start(
        { port_bindings: { 8080: { HostIp: "127.0.0.1", HostPort: port } } },
        { readiness: http(8080, { path: "/cgi-bin/health", body: "good", interval: 0.2 }) },
      )
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [web, sleeper("app").dependsOn(web)]));
    await unwrap(up(p, run.options));
    const results = probeEvents(run.events, "web").map((e) => e.result ?? "");
    expect(results.some((r) => r.startsWith("status 503 "))).toBe(true);
    expect(results.at(-1)).toBe(`status 200 (the published port 127.0.0.1:${port})`);
    expect(results.indexOf(results.find((r) => r.startsWith("status 503")) ?? "")).toBeLessThan(results.length - 1);
  });

  it("log: waits for the line, then the dependent starts", async () => {
    const { deployment, run } = setup("log");
    const db = node("db")
      .image(BUSYBOX)
      .config(sh("echo booting; sleep 1; echo 'database system is ready to accept connections'; exec sleep 3600"))
      .start({}, { readiness: logLine(/ready to accept connections$/, { interval: 0.2 }) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
    const report = await unwrap(up(p, run.options));
    const events = probeEvents(run.events, "db");
    expect(
      events.some((e) => e.result === "no line of the log (1 so far) does match /ready to accept connections$/"),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({
      phase: "ready",
      result: "log line: database system is ready to accept connections",
    });
    const dbId = report.nodes.db?.runtimeProperties.container ?? "";
    const webCreated = Date.parse((await inspect(report.nodes.web?.runtimeProperties.container)).Created);
    expect(webCreated).toBeGreaterThan(loggedAt(dbId, "database system is ready to accept connections"));
  });

  it("the engine's healthcheck, declared in container_config, going healthy", async () => {
    const { deployment, run } = setup("healthy");
    const db = node("db")
      .image(BUSYBOX)
      .config({
        command: sh("sleep 1; touch /tmp/ok; exec sleep 3600"),
        // start_period: checks that fail while the container starts do not count, so a slow
        // start on a loaded machine cannot turn it unhealthy before /tmp/ok exists.
        healthcheck: { test: "test -f /tmp/ok", interval: "200ms", timeout: "1s", retries: 3, start_period: "30s" },
      })
      .start({}, { readiness: healthy({ interval: 0.2 }) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
    const report = await unwrap(up(p, run.options));
    const details = await inspect(report.nodes.db?.runtimeProperties.container);
    expect(details.State.Health?.Status).toBe("healthy");
    const events = probeEvents(run.events, "db");
    expect(events.some((e) => e.result?.startsWith("starting"))).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: "ready", result: "healthy" });
    const nodes = await unwrap(status(p, run.options));
    expect(nodes.find((n) => n.node === "db")?.readiness).toEqual({ state: "ready", probes: ["healthy"] });
  });

  it("the engine's healthcheck going unhealthy fails at once, with NotReady and rollback", async () => {
    const { deployment, run } = setup("unhealthy");
    const db = node("db")
      .image(BUSYBOX)
      .config({
        command: sh("echo 'db: config broken'; exec sleep 3600"),
        healthcheck: { test: ["CMD-SHELL", "echo not today; exit 1"], interval: "200ms", retries: 2 },
      })
      .start({}, { readiness: healthy({ timeout: 60, interval: 0.2 }) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
    const started = Date.now();
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expectKind(error, "NotReady");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error.probe).toBe("healthy");
    expect(error.lastResult).toMatch(/^unhealthy after \d+ failing checks \(last check: exit 1, not today\)$/);
    expect(error.logTail).toContain("db: config broken");
    expect(operationEvents(run.events).some((e) => e.node === "web")).toBe(false);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});

describe("one-shot jobs gate their dependents", () => {
  it("a migration that exits 0 gates web: web is created after it finished; a second up keeps both", async () => {
    const { deployment, run } = setup("migrate");
    const migrate = node("migrate")
      .image(BUSYBOX)
      .config(sh("sleep 1; echo migrated"))
      .start({}, { readiness: exitCode(0, { interval: 0.2 }) });
    const p = valid(plan(deployment, [migrate, sleeper("web").dependsOn(migrate)]));
    const report = await unwrap(up(p, run.options));
    const job = await inspect(report.nodes.migrate?.runtimeProperties.container);
    expect(job.State).toMatchObject({ Running: false, ExitCode: 0 });
    const webCreated = Date.parse((await inspect(report.nodes.web?.runtimeProperties.container)).Created);
    expect(webCreated).toBeGreaterThanOrEqual(Date.parse(job.State.FinishedAt));
    expect(probeEvents(run.events, "migrate").at(-1)).toMatchObject({ phase: "ready", result: "exited with code 0" });

    const again = await unwrap(up(p, run.options));
    expect([again.nodes.migrate?.action, again.nodes.web?.action]).toEqual(["unchanged", "unchanged"]);
  });

  it("a migration that exits 1 fails the run with its code and log; web is never created, nothing is left", async () => {
    const { deployment, run } = setup("migrate1");
    const migrate = node("migrate")
      .image(BUSYBOX)
      .config(sh("sleep 1; echo 'relation users already exists'; exit 1"))
      .start({}, { readiness: exitCode(0, { interval: 0.2 }) });
    const p = valid(plan(deployment, [migrate, sleeper("web").dependsOn(migrate)]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expectKind(error, "ContainerExited");
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/exited with code 1, not 0: its readiness expects exit code 0$/);
    expect(error.logTail).toContain("relation users already exists");
    expect(operationEvents(run.events).some((e) => e.node === "web" && e.phase !== "skipped")).toBe(false);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});

describe("failures while probing", () => {
  it("a probe that times out: NotReady with the probe, its last result, how long it waited and the log tail; rolled back", async () => {
    const { deployment, run } = setup("timeout");
    const db = node("db")
      .image(BUSYBOX)
      .config(sh("echo 'listening on 5433 (oops)'; exec sleep 3600"))
      .start({}, { readiness: tcp(5432, { timeout: 1.5, interval: 0.25 }) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expectKind(error, "NotReady");
    expect(error).toMatchObject({ node: "db", operation: "start", probe: "tcp 5432" });
    expect(error.lastResult).toMatch(/^connection refused \(the container's address [\d.]+:5432 on bridge\)$/);
    expect(error.waitedMs).toBeGreaterThanOrEqual(1500);
    expect(error.waitedMs).toBeLessThan(5000);
    expect(error.attempts).toBeGreaterThanOrEqual(5);
    expect(error.message).toMatch(/^db is not ready after 1\.\d s: tcp 5432; last result: connection refused/);
    expect(error.logTail).toContain("listening on 5433 (oops)");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("a container that exits while probed fails at once, not at the timeout", async () => {
    const { deployment, run } = setup("exits");
    const db = node("db")
      .image(BUSYBOX)
      .config(sh("echo 'out of memory'; sleep 1; exit 0"))
      .start({}, { readiness: tcp(5432, { timeout: 60, interval: 0.2 }) });
    const p = valid(plan(deployment, [db, sleeper("web").dependsOn(db)]));
    const started = Date.now();
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(Date.now() - started).toBeLessThan(15_000);
    expectKind(error, "ContainerExited");
    expect(error.exitCode).toBe(0);
    expect(error.message).toMatch(/exited with code 0 while berth waited for it to be ready \(tcp 5432\)$/);
    expect(error.logTail).toContain("out of memory");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});

describe("berth status", () => {
  it("shows ready, not ready with the reason, and unknown without a probe", async () => {
    const { deployment, run } = setup("status");
    const port = await freePort();
    const server = node("server")
      .image(BUSYBOX)
      .config({ command: sh("httpd -p 5432; exec sleep 3600"), ports: [5432] }) // httpd without -f goes to the background
      .start({ port_bindings: { 5432: { HostIp: "127.0.0.1", HostPort: port } } }, { readiness: tcp(5432) })
      .stop({ timeout: 0 });
    const p = valid(plan(deployment, [server, sleeper("plain")]));
    await unwrap(up(p, run.options));
    const ready = await unwrap(status(p, run.options));
    expect(ready.map((n) => [n.node, n.readiness?.state])).toEqual([
      ["server", "ready"],
      ["plain", "unknown"],
    ]);
    // The container still runs, but its server is gone: not ready, and why.
    execFileSync("docker", ["exec", ready[0]?.container ?? "", "killall", "httpd"]);
    const later = await unwrap(status(p, run.options));
    expect(later[0]?.state).toBe("running");
    expect(later[0]?.readiness).toMatchObject({ state: "not-ready", probes: ["tcp 5432"] });
    expect(later[0]?.readiness?.detail).toMatch(
      new RegExp(`^connection (closed at once|refused).*\\(the published port 127\\.0\\.0\\.1:${port}\\)$`),
    );
  });
});
