import { describe, expect, it } from "vitest";
import { wantsColour } from "../../../cli/context.ts";
import { changesView } from "../../../cli/render/changes.ts";
import { errorReport } from "../../../cli/render/error-report.ts";
import { eventLine } from "../../../cli/render/event-line.ts";
import { duration, printable, since } from "../../../cli/render/format.ts";
import { applyEvent, frame, initialViews, LiveView } from "../../../cli/render/live-view.ts";
import { outcomeView } from "../../../cli/render/outcome-view.ts";
import { progressThrottle } from "../../../cli/render/reporter.ts";
import { statusTable } from "../../../cli/render/status-table.ts";
import { styleFor } from "../../../cli/render/style.ts";
import { summaryTable } from "../../../cli/render/summary.ts";
import type { RunEvent } from "../../../runtime/types.ts";
import { captured, FIXED_NOW, testContext } from "./capture.ts";

const plain = styleFor(false);
const t = (ms: number) => FIXED_NOW + ms;

describe("status table", () => {
  it("shows node, state, readiness, short container id, image, ports, IPs, since and daemon", () => {
    const text = statusTable(
      "demo",
      [
        {
          node: "db",
          state: "running",
          container: "0123456789abcdef0123",
          image: "berth-test/busybox:latest",
          ports: ["15432->5432/tcp"],
          ips: ["172.17.0.2"],
          since: new Date(t(-90_000)).toISOString(),
          daemon: "unix:///var/run/docker.sock",
          readiness: { state: "ready", probes: ["tcp 5432"] },
        },
        {
          node: "web",
          state: "absent",
          ports: [],
          ips: [],
          daemon: "ssh://deploy@10.0.0.6:22",
          readiness: { state: "not-ready", detail: "no container" },
        },
        {
          node: "job",
          state: "running",
          container: "fedcba9876543210",
          image: "berth-test/busybox:latest",
          ports: [],
          ips: [],
          daemon: "unix:///var/run/docker.sock",
          readiness: { state: "unknown", detail: "no readiness probe" },
        },
        { node: "vm", state: "not-a-container", ports: [], ips: [] },
      ],
      FIXED_NOW,
      plain,
    );
    expect(text).toBe(
      [
        "deployment demo",
        "NODE  STATE            READY      CONTAINER     IMAGE                      PORTS            IPS         SINCE   DAEMON",
        "db    running          ready      0123456789ab  berth-test/busybox:latest  15432->5432/tcp  172.17.0.2  1m ago  unix:///var/run/docker.sock",
        "web   absent           not ready  -             -                          -                -           -       ssh://deploy@10.0.0.6:22",
        "job   running          unknown    fedcba987654  berth-test/busybox:latest  -                -           -       unix:///var/run/docker.sock",
        "vm    not-a-container  -          -             -                          -                -           -       -",
        "  web: no container",
        "",
      ].join("\n"),
    );
  });

  it("says under the table why a node is not ready", () => {
    const text = statusTable(
      "demo",
      [
        {
          node: "db",
          state: "running",
          ports: [],
          ips: [],
          readiness: { state: "not-ready", probes: ["tcp 5432"], detail: "connection refused (…)" },
        },
      ],
      FIXED_NOW,
      plain,
    );
    expect(text.trimEnd().split("\n").at(-1)).toBe("  db: tcp 5432: connection refused (…)");
  });
});

describe("plain event lines", () => {
  it("are timestamped, one per event", () => {
    const events: RunEvent[] = [
      { type: "workflow", workflow: "install", phase: "started", deployment: "demo", at: t(0) },
      { type: "operation", node: "db", operation: "create", phase: "started", at: t(1) },
      { type: "progress", node: "db", operation: "create", message: "importing 45%", at: t(2) },
      { type: "operation", node: "db", operation: "create", phase: "succeeded", durationMs: 1234, at: t(1235) },
      {
        type: "operation",
        node: "db",
        operation: "start",
        phase: "failed",
        durationMs: 20,
        detail: "port taken",
        at: t(1300),
      },
      { type: "operation", node: "web", operation: "create", phase: "skipped", detail: "unchanged", at: t(1400) },
    ];
    expect(events.map((e) => eventLine(e, plain))).toEqual([
      "03:04:05.678 install started (deployment demo)",
      "03:04:05.679 db create started",
      "03:04:05.680 db create: importing 45%",
      "03:04:06.913 db create done in 1.2s",
      "03:04:06.978 db start failed in 20ms: port taken",
      "03:04:07.078 web create skipped (unchanged)",
    ]);
  });

  it("show progress at most once a second per node, never the same text twice", () => {
    const keep = progressThrottle(1000);
    const progress = (message: string, at: number): RunEvent => ({
      type: "progress",
      node: "db",
      operation: "create",
      message,
      at,
    });
    expect([progress("10%", 0), progress("20%", 500), progress("30%", 1200), progress("30%", 2500)].map(keep)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe("probe events", () => {
  const probe = (phase: "started" | "attempt" | "ready" | "failed", attempt: number, at: number, result?: string) =>
    ({
      type: "probe",
      node: "db",
      probe: "tcp 5432",
      phase,
      attempt,
      elapsedMs: at - 1000,
      ...(result !== undefined && { result }),
      at: t(at),
    }) as const;

  it("read as plain lines: waiting, each attempt, ready or not", () => {
    expect(
      [
        probe("started", 0, 1000),
        probe("attempt", 1, 1000, "connection refused"),
        probe("ready", 4, 4100, "connected to the published port 127.0.0.1:32768"),
        probe("failed", 2, 2000, "status 503"),
      ].map((e) => eventLine(e, plain)),
    ).toEqual([
      "03:04:06.678 db waiting: tcp 5432",
      "03:04:06.678 db waiting: tcp 5432 (0ms): connection refused",
      "03:04:09.778 db ready: tcp 5432 (3.1s, 4 attempts; connected to the published port 127.0.0.1:32768)",
      "03:04:07.678 db not ready: tcp 5432 (1.0s, 2 attempts; status 503)",
    ]);
  });

  it("show each new attempt result once in plain lines", () => {
    const keep = progressThrottle(1000);
    expect(
      [
        probe("started", 0, 0),
        probe("attempt", 1, 0, "connection refused"),
        probe("attempt", 2, 1000, "connection refused"),
        probe("attempt", 3, 2000, "status 503"),
        probe("attempt", 4, 3000, "status 503"),
        probe("ready", 5, 4000, "status 200"),
      ].map(keep),
    ).toEqual([true, true, false, true, false, true]);
  });

  it("show in the live view what the node waits for, for how long, and the last result", () => {
    let views = applyEvent(initialViews(["db", "web"]), {
      type: "operation",
      node: "db",
      operation: "start",
      phase: "started",
      at: t(0),
    });
    views = applyEvent(views, probe("started", 0, 1000));
    expect(frame(views, t(4100), 0, plain)).toEqual([
      "⠋ db    waiting: tcp 5432 (3.1 s)  4.1s",
      "· web   waiting         ",
    ]);
    views = applyEvent(views, probe("attempt", 3, 4000, "connection refused"));
    expect(frame(views, t(4100), 1, plain)[0]).toBe("⠙ db    waiting: tcp 5432 (3.1 s)  4.1s  connection refused");
    views = applyEvent(views, probe("ready", 4, 4200, "connected"));
    views = applyEvent(views, {
      type: "operation",
      node: "db",
      operation: "start",
      phase: "succeeded",
      durationMs: 4300,
      at: t(4300),
    });
    expect(frame(views, t(5000), 0, plain)[0]).toBe("✔ db    start           4.3s");
  });
});

describe("live view frames", () => {
  it("show per node the operation, a spinner and the elapsed time", () => {
    let views = initialViews(["db", "web"]);
    views = applyEvent(views, { type: "operation", node: "db", operation: "create", phase: "started", at: t(0) });
    views = applyEvent(views, {
      type: "progress",
      node: "db",
      operation: "create",
      message: "importing 45%",
      at: t(100),
    });
    expect(frame(views, t(2500), 3, plain)).toEqual([
      "⠸ db    create          2.5s  importing 45%",
      "· web   waiting         ",
    ]);
    views = applyEvent(views, {
      type: "operation",
      node: "db",
      operation: "create",
      phase: "succeeded",
      durationMs: 3000,
      at: t(3000),
    });
    views = applyEvent(views, { type: "operation", node: "web", operation: "start", phase: "failed", at: t(3100) });
    expect(frame(views, t(9000), 0, plain)).toEqual(["✔ db    create          3.0s", "✖ web   start failed    0ms"]);
  });

  it("show the plugin's latest info message beside a running node", () => {
    let views = applyEvent(initialViews(["db"]), {
      type: "operation",
      node: "db",
      operation: "start",
      phase: "started",
      at: t(0),
    });
    views = applyEvent(views, {
      type: "log",
      level: "info",
      node: "db",
      message: "Starting container abc\nmore",
      at: t(5),
    });
    views = applyEvent(views, { type: "log", level: "debug", node: "db", message: "ignored", at: t(6) });
    expect(frame(views, t(1000), 0, plain)).toEqual(["⠋ db    start           1.0s  Starting container abc"]);
  });

  it("cut progress text to the terminal width", () => {
    const views = applyEvent(
      applyEvent(initialViews(["db"]), {
        type: "operation",
        node: "db",
        operation: "create",
        phase: "started",
        at: t(0),
      }),
      { type: "progress", node: "db", operation: "create", message: "x".repeat(200), at: t(1) },
    );
    const [line] = frame(views, t(10), 0, plain, 60);
    expect(line?.length).toBeLessThanOrEqual(59);
    expect(line?.endsWith("…")).toBe(true);
  });
});

describe("summary and plan views", () => {
  it("show how long each node waited to be ready, when one did", () => {
    const text = summaryTable(
      "up",
      {
        deployment: "demo",
        durationMs: 5000,
        outputs: {},
        nodes: {
          db: {
            action: "created",
            runtimeProperties: {},
            steps: [
              { operation: "configure", durationMs: 200 },
              { operation: "start", durationMs: 3300 },
            ],
            waitedMs: 3100,
          },
          web: {
            action: "created",
            runtimeProperties: {},
            steps: [
              { operation: "configure", durationMs: 100 },
              { operation: "start", durationMs: 300 },
            ],
          },
        },
      },
      plain,
    );
    expect(text.split("\n").slice(0, 3)).toEqual([
      "NODE  ACTION   CONFIGURE  START  WAITED  TOTAL",
      "db    created  200ms      3.3s   3.1s    3.5s",
      "web   created  100ms      300ms  -       400ms",
    ]);
  });

  it("summarise per node the action and each step's time", () => {
    const text = summaryTable(
      "up",
      {
        deployment: "demo",
        durationMs: 4200,
        outputs: { db_id: "abc" },
        nodes: {
          db: {
            action: "created",
            runtimeProperties: {},
            steps: [
              { operation: "create", durationMs: 1500 },
              { operation: "configure", durationMs: 200 },
              { operation: "start", durationMs: 300 },
            ],
          },
          web: { action: "unchanged", runtimeProperties: {}, steps: [] },
        },
      },
      plain,
    );
    expect(text).toBe(
      [
        "NODE  ACTION     CREATE  CONFIGURE  START  TOTAL",
        "db    created    1.5s    200ms      300ms  2.0s",
        "web   unchanged  -       -          -      0ms",
        "deployment demo up in 4.2s",
        "outputs",
        '  db_id: "abc"',
        "",
      ].join("\n"),
    );
  });

  it("preview create, recreate and unchanged with the reason", () => {
    const text = changesView(
      "demo",
      [
        { node: "db", action: "unchanged", reason: "running with the same configuration" },
        { node: "web", action: "recreate", reason: "container_config.command changed" },
        { node: "cache", action: "create", reason: "no container" },
      ],
      plain,
    );
    expect(text).toContain("~ recreate   web    container_config.command changed");
    expect(text).toContain("+ create     cache  no container");
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 to create, 1 to recreate, 1 unchanged");
  });

  it("format durations and ages", () => {
    expect([duration(12), duration(1500), duration(65_000)]).toEqual(["12ms", "1.5s", "1m05s"]);
    expect(since(new Date(t(-7200_000)).toISOString(), FIXED_NOW)).toBe("2h ago");
  });
});

describe("errors", () => {
  it("say for a node that is not ready what was probed, what it found, and what to do", () => {
    const text = errorReport(
      {
        kind: "Run",
        error: {
          kind: "NotReady",
          message:
            "db is not ready after 30 s: tcp 5432; last result: connection refused (the published port 127.0.0.1:32768) (31 attempts)",
          node: "db",
          operation: "start",
          container: "c0ffee",
          probe: "tcp 5432",
          lastResult: "connection refused (the published port 127.0.0.1:32768)",
          waitedMs: 30_000,
          attempts: 31,
          logTail: "listening on 5433\n",
        },
      },
      plain,
    );
    expect(text).toBe(
      [
        "error: NotReady (node db, operation start)",
        "  db is not ready after 30 s: tcp 5432; last result: connection refused (the published port 127.0.0.1:32768) (31 attempts)",
        "  container log (last lines):",
        "    | listening on 5433",
        "next: read the probe's last result and the container log above; fix the service, or the probe (its port, path, pattern), or raise readiness.timeout if it is only slow",
        "",
      ].join("\n"),
    );
  });

  it("say what failed, where, the container log tail and what to do next", () => {
    const text = errorReport(
      {
        kind: "Run",
        error: {
          kind: "ContainerStartFailed",
          message: "the container exited with code 1",
          node: "db",
          operation: "start",
          logTail: "starting\nfatal: no config\n",
        },
      },
      plain,
    );
    expect(text).toBe(
      [
        "error: ContainerStartFailed (node db, operation start)",
        "  the container exited with code 1",
        "  container log (last lines):",
        "    | starting",
        "    | fatal: no config",
        "next: read the container log above; fix the command or its configuration, then run up again",
        "",
      ].join("\n"),
    );
  });

  it("give file:line:column for plan problems", () => {
    const text = errorReport(
      {
        kind: "InvalidPlan",
        file: "bp.yaml",
        issues: [
          { path: "nodes.db.type", code: "missing_value", message: "required", file: "bp.yaml", line: 4, column: 5 },
        ],
      },
      plain,
    );
    expect(text).toContain("bp.yaml:4:5 nodes.db.type required");
  });

  it("name the known nodes for an unknown one", () => {
    expect(errorReport({ kind: "UnknownNode", node: "dbb", known: ["db", "web"] }, plain)).toContain(
      "known nodes: db, web",
    );
  });
});

describe("colour", () => {
  it("is off without a terminal and with NO_COLOR", () => {
    const tty = captured(true);
    expect(wantsColour(testContext(), tty)).toBe(true);
    expect(wantsColour(testContext({ env: { NO_COLOR: "1" } }), tty)).toBe(false);
    expect(wantsColour(testContext(), captured(false))).toBe(false);
    expect(styleFor(false).red("x")).toBe("x");
    expect(styleFor(true).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});

describe("control characters from a plan, a blueprint or the engine", () => {
  // What a hostile name or message could make a terminal do: colour, clear the screen, move the cursor.
  const ESC = "\x1b";
  const evil = `${ESC}[31mred${ESC}[2J\r\x9b1A\x07`;
  const shown = "\\x1b[31mred\\x1b[2J\\x0d\\x9b1A\\x07";
  /** Control characters but the line feed, by code point. */
  const controls = (text: string): string[] =>
    [...text].filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    });
  const expectEscaped = (text: string) => {
    expect(text).toContain(shown);
    expect(controls(text)).toEqual([]);
  };

  it("are shown as escapes by one function, which keeps nothing a terminal would obey", () => {
    expect(printable(evil)).toBe(shown);
    expect(printable("tab\there\nline")).toBe("tab\\x09here\\x0aline");
    expect(printable("plain é 🐳 text")).toBe("plain é 🐳 text");
  });

  it("in the status table, the plan view and the summary", () => {
    expectEscaped(
      statusTable(evil, [{ node: evil, state: "running", image: evil, ports: [evil], ips: [evil] }], FIXED_NOW, plain),
    );
    expectEscaped(changesView(evil, [{ node: evil, action: "create", reason: `${evil} changed` }], plain));
    expectEscaped(
      summaryTable(
        "up",
        {
          deployment: evil,
          durationMs: 1,
          outputs: { [evil]: evil },
          nodes: { [evil]: { action: "created", runtimeProperties: {}, steps: [] } },
        },
        plain,
      ),
    );
  });

  it("in plain event lines and live frames; a multi-line message keeps its line breaks", () => {
    const events: RunEvent[] = [
      { type: "workflow", workflow: "install", phase: "started", deployment: evil, at: t(0) },
      { type: "operation", node: evil, operation: "start", phase: "failed", detail: evil, at: t(1) },
      { type: "progress", node: evil, operation: "create", message: evil, at: t(2) },
      { type: "log", level: "info", node: evil, message: `${evil}\nsecond ${evil}`, at: t(3) },
    ];
    for (const e of events) expectEscaped(eventLine(e, plain));
    expect(eventLine(events[3] as RunEvent, plain).split("\n")).toHaveLength(2);
    let views = applyEvent(initialViews([evil]), {
      type: "operation",
      node: evil,
      operation: "create",
      phase: "started",
      at: t(0),
    });
    views = applyEvent(views, { type: "progress", node: evil, operation: "create", message: evil, at: t(1) });
    for (const line of frame(views, t(10), 0, plain)) expectEscaped(line);
  });

  it("in warnings the live view prints above itself", () => {
    const out = captured(true);
    const view = new LiveView(out, plain, () => FIXED_NOW, ["db"], 60_000);
    view.onEvent({ type: "log", level: "error", node: "db", message: evil, at: t(0) });
    view.stop();
    // The view's own cursor control stays; the message's does not.
    expect(out.text()).toContain(shown);
    expect(out.text()).not.toContain(`${ESC}[31mred`);
  });

  it("in errors: issues, run errors and unknown nodes; the container's log tail is its own output, as it wrote it", () => {
    const issue = {
      path: `nodes.${evil}`,
      code: "unknown_key" as const,
      message: `unknown key "${evil}"`,
      file: evil,
      line: 1,
      column: 2,
    };
    expectEscaped(errorReport({ kind: "InvalidPlan", file: evil, issues: [issue] }, plain));
    expectEscaped(errorReport({ kind: "UnknownNode", node: evil, known: [evil] }, plain));
    expectEscaped(errorReport({ kind: "PlanLoad", file: evil, message: evil, cause: undefined }, plain));
    const run = errorReport(
      {
        kind: "Run",
        error: {
          kind: "ContainerStartFailed",
          message: evil,
          node: evil,
          operation: "start",
          logTail: `${ESC}[32mok${ESC}[0m\n`,
        },
      },
      plain,
    );
    expect(run.split("\n").slice(0, 2).join("\n")).toContain(shown);
    expect(run).toContain(`    | ${ESC}[32mok${ESC}[0m`);
  });

  it("in the validate view", () => {
    const { stdout } = outcomeView(
      { command: "validate", file: evil, plan: { name: evil, nodes: { [evil]: {} }, inputs: { [evil]: {} } } } as never,
      plain,
      FIXED_NOW,
    );
    expectEscaped(stdout ?? "");
  });
});
