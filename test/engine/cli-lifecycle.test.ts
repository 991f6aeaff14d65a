/** `berth up/status/plan/logs/down` as subprocesses against the real engine, human and --json output. */
import { afterEach, describe, expect, it } from "vitest";
import { okResultSchema, parseJsonOutput } from "../../cli/json-schema.ts";
import { berth, containersOf, removeDeployment, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const plan = "test/fixtures/cli/two-nodes.ts";
const deployments: string[] = [];

afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

const okResult = (stdout: string) => okResultSchema.parse(parseJsonOutput(stdout).result);

describe("berth on a two-node plan", { timeout: 300_000 }, () => {
  it("goes up, reports status, previews, prints logs and goes down", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-life", plan);
    deployments.push(deployment);
    const common = ["--state-dir", stateDir];

    // up, as NDJSON: events, then a result that matches the documented schema
    const up = await berth(["up", plan, ...common, "--json", "-i", "greeting=bonjour"], { env });
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const { events, result } = parseJsonOutput(up.stdout);
    expect(
      events.some(
        (e) => e.type === "operation" && e.node === "web" && e.operation === "start" && e.phase === "succeeded",
      ),
    ).toBe(true);
    expect(result).toMatchObject({ command: "up", ok: true, deployment });
    expect(result.ok && result.command === "up" && Object.values(result.report.nodes).map((n) => n.action)).toEqual([
      "created",
      "created",
    ]);
    expect(containersOf(deployment)).toHaveLength(2);

    // status: a table of node, state, readiness, short id, image, ports, IPs, since
    const status = await berth(["status", plan, ...common], { env });
    expect(status.code).toBe(0);
    const [, header, ...rows] = status.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NODE\s+STATE\s+READY\s+CONTAINER\s+IMAGE\s+PORTS\s+IPS\s+SINCE\s+DAEMON$/);
    // Neither node declares a readiness probe: running, but berth cannot tell whether ready.
    expect(rows.map((r) => r.split(/\s+/).slice(0, 3))).toEqual([
      ["db", "running", "unknown"],
      ["web", "running", "unknown"],
    ]);
    expect(rows[0]?.split(/\s+/)[3]).toMatch(/^[0-9a-f]{12}$/);
    const statusJson = okResult((await berth(["status", plan, ...common, "--json"], { env })).stdout);
    expect(statusJson.command === "status" && statusJson.nodes.map((n) => n.state)).toEqual(["running", "running"]);

    // plan: nothing to do with the same inputs; web is recreated when its environment changes
    const same = await berth(["plan", plan, ...common, "-i", "greeting=bonjour"], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("0 to create, 0 to recreate, 2 unchanged");
    const changed = okResult(
      (await berth(["plan", plan, ...common, "-i", "greeting=hallo", "--json"], { env })).stdout,
    );
    expect(changed.command === "plan" && changed.changes.map((c) => [c.node, c.action])).toEqual([
      ["db", "unchanged"],
      ["web", "recreate"],
    ]);
    expect(containersOf(deployment)).toHaveLength(2);

    // logs: all nodes prefixed, one node plain, an unknown node exits 2 naming the known ones
    const logs = await berth(["logs", plan, ...common], { env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain("db  | db ready");
    expect(logs.stdout).toContain("web | web says bonjour");
    expect((await berth(["logs", plan, "web", ...common], { env })).stdout).toBe("web says bonjour\n");
    const unknown = await berth(["logs", plan, "cache", ...common], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no node named "cache"');
    expect(unknown.stderr).toContain("known nodes: db, web");

    // down: plain timestamped lines without a terminal, a summary table, nothing left
    const down = await berth(["down", plan, ...common], { env });
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} uninstall started/m);
    expect(down.stdout).toMatch(/^web\s+removed/m);
    expect(containersOf(deployment)).toEqual([]);
  });

  it("waits for readiness: probe events in --json, READY in status, WAITED in the summary", async () => {
    const file = "test/fixtures/cli/ready-nodes.ts";
    const { deployment, stateDir, env } = uniqueDeployment("cli-ready", file);
    deployments.push(deployment);
    const common = ["--state-dir", stateDir];

    const up = await berth(["up", file, ...common, "--json"], { env });
    expect(up.code).toBe(0);
    const { events, result } = parseJsonOutput(up.stdout); // every probe event matches the schema
    const marks = events.flatMap((e) =>
      e.type === "probe" && e.phase !== "attempt"
        ? [`db ${e.phase}`]
        : e.type === "operation" && e.node === "web" && e.operation === "configure" && e.phase === "started"
          ? ["web configure"]
          : [],
    );
    expect(marks).toEqual(["db started", "db ready", "web configure"]);
    expect(
      events.some((e) => e.type === "probe" && e.phase === "attempt" && /^no line of the log/.test(e.result ?? "")),
    ).toBe(true);
    expect(result.ok && result.command === "up" && result.report.nodes.db?.waitedMs).toBeGreaterThanOrEqual(500);

    const status = await berth(["status", file, ...common], { env });
    const [, header, ...rows] = status.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NODE\s+STATE\s+READY\s+CONTAINER/);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 3))).toEqual([
      ["db", "running", "ready"],
      ["web", "running", "unknown"],
    ]);

    // A second up: db is unchanged, and probed again before web counts on it; plain lines say so.
    const again = await berth(["up", file, ...common], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} db waiting: log "db ready"$/m);
    expect(again.stderr).toMatch(/ db ready: log "db ready" \(\d+ms, 1 attempt; log line: db ready\)$/m);
    expect(again.stdout).toMatch(/^NODE\s+ACTION\s+WAITED\s+TOTAL$/m);
    expect(again.stdout).toMatch(/^db\s+unchanged\s+\d+ms\s+0ms$/m);
  });

  it("exits 1 when the deployment fails, with an error result and nothing left behind", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-fail", "test/fixtures/cli/missing-image.ts");
    deployments.push(deployment);
    const up = await berth(["up", "test/fixtures/cli/missing-image.ts", "--state-dir", stateDir, "--json"], { env });
    expect(up.code).toBe(1);
    const { result } = parseJsonOutput(up.stdout);
    expect(result).toMatchObject({ ok: false, exitCode: 1, error: { node: "ghost" } });
    expect(up.stderr).toContain("next:");
    expect(containersOf(deployment)).toEqual([]);
  });
});
