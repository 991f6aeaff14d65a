import { describe, expect, it } from "vitest";
import {
  attribute,
  formatIssues,
  input,
  node,
  type Plan,
  type PlanIssue,
  plan,
  property,
  validate,
} from "../../mod.ts";

const issuesOf = (candidate: unknown): PlanIssue[] =>
  validate(candidate).match(
    () => [],
    (issues) => issues,
  );

/** A valid plan as plain data, to break one thing at a time. */
const base = (): Plan =>
  JSON.parse(
    JSON.stringify(
      plan("demo", [
        node("db").image("berth-test/busybox:latest").config("sleep 60").start(),
        node("web").image("berth-test/busybox:latest").config("sleep 60").start().dependsOn("db"),
      ]),
    ),
  );

type Dict = Record<string, unknown>;
/** The dictionary at a dotted path of a plan copy, to change in place. */
const at = (root: unknown, path: string): Dict =>
  path.split(".").reduce<unknown>((o, k) => (o as Dict)[k], root) as Dict;
const breakPlan = (change: (p: Dict) => void): unknown => {
  const p = base() as unknown as Dict;
  change(p);
  return p;
};

describe("validate()", () => {
  it("accepts a valid plan and returns it unchanged", () => {
    const p = base();
    expect(validate(p)._unsafeUnwrap()).toBe(p);
  });

  it("reports duplicate node names", () => {
    const a = node("db").image("i").config("x");
    expect(issuesOf(plan("p", [a, a]))).toEqual([
      { path: "nodes.db", code: "duplicate_node", message: 'two nodes are named "db"; node names must be unique' },
    ]);
  });

  it("reports invalid node and plan names", () => {
    const p = plan("my plan", [node("bad name").image("i").config("x")]);
    expect(issuesOf(p).map((i) => [i.path, i.code])).toEqual([
      ["name", "invalid_name"],
      ['nodes."bad name"', "invalid_name"],
    ]);
  });

  it("reports a relationship to a node not in the plan", () => {
    const p = plan("p", [node("web").image("i").config("x").dependsOn("db")]);
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.web.relationships[0].target",
        code: "unknown_node",
        message: 'relationship to "db", which is not a node of this plan',
      },
    ]);
  });

  it("names the nodes of a dependency cycle", () => {
    const p = plan("p", [
      node("a").image("i").config("x").dependsOn("c"),
      node("b").image("i").config("x").dependsOn("a"),
      node("c").image("i").config("x").connectedTo("b"),
    ]);
    expect(issuesOf(p)).toEqual([
      { path: "nodes.a.relationships", code: "cycle", message: "dependency cycle: a -> c -> b -> a" },
    ]);
  });

  it("reports a missing command", () => {
    const p = breakPlan((x) => {
      delete at(x, "nodes.db.configure.container_config").command;
    });
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.db.configure.container_config.command",
        code: "missing_command",
        message: "command is required: the command the container runs (the plugin's container_config.command)",
      },
    ]);
  });

  it("reports both and neither image source with the plugin's messages", () => {
    const both = breakPlan((x) => {
      at(x, "nodes.db").create = {
        daemon_client: {},
        image_import: { src: "http://h/x.tar" },
        image_build: { path: "." },
      };
    });
    expect(issuesOf(both)).toEqual([
      {
        path: "nodes.db.create",
        code: "image_source",
        message:
          "There can only be one image source, got create.image_import.src and create.image_build.path and configure.container_config.image",
      },
    ]);
    const neither = breakPlan((x) => {
      delete at(x, "nodes.db.configure.container_config").image;
    });
    expect(issuesOf(neither).map((i) => [i.path, i.code, i.message.split(":")[0]])).toEqual([
      ["nodes.db.create", "image_source", "Either path or url to image must be given"],
    ]);
  });

  it("suggests the closest option for an unknown key, and where it belongs", () => {
    const p = breakPlan((x) => {
      at(x, "nodes.db.configure.container_config").enviroment = { A: "1" };
      at(x, "nodes.db.configure.container_config").port_bindings = {};
      at(x, "nodes.db.start.container_start").xyzzy = true;
    });
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.db.configure.container_config.enviroment",
        code: "unknown_key",
        message: 'unknown option "enviroment" in container_config; did you mean "environment"?',
      },
      {
        path: "nodes.db.configure.container_config.port_bindings",
        code: "unknown_key",
        message:
          'unknown option "port_bindings" in container_config; did you mean "port_bindings" (an option of container_start, host_config)?',
      },
      {
        path: "nodes.db.start.container_start.xyzzy",
        code: "unknown_key",
        message: 'unknown option "xyzzy" in container_start',
      },
    ]);
  });

  it("reports wrong value types with what was expected", () => {
    const p = breakPlan((x) => {
      at(x, "nodes.db.start.container_start").network_mode = 5;
      at(x, "nodes.db.configure.container_config").tty = "yes";
    });
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.db.configure.container_config.tty",
        code: "invalid_value",
        message: 'expected true or false, got string "yes"',
      },
      {
        path: "nodes.db.start.container_start.network_mode",
        code: "invalid_value",
        message: "expected a string, got number 5",
      },
    ]);
  });

  it("reports port numbers out of range, in ports and in port_bindings", () => {
    const p = plan("p", [
      node("db")
        .image("i")
        .config({ command: "x", ports: [0, 80, 70000] })
        .start({ port_bindings: { 80: 99999, "70000/udp": 1 } }),
    ]);
    expect(issuesOf(p).map((i) => `${i.path}: ${i.message}`)).toEqual([
      "nodes.db.configure.container_config.ports[0]: must be at least 1 (got number 0)",
      "nodes.db.configure.container_config.ports[2]: must be at most 65535 (got number 70000)",
      "nodes.db.start.container_start.port_bindings.80: must be at most 65535 (got number 99999)",
      'nodes.db.start.container_start.port_bindings."70000/udp": invalid key "70000/udp": a port is between 1 and 65535',
    ]);
  });

  it("refuses a daemon_client.version older than Engine API 1.24, or not a version, where it is given", () => {
    const withVersion = (version: unknown) =>
      breakPlan((x) => {
        at(x, "nodes.db.configure").daemon_client = { version };
      });
    expect(issuesOf(withVersion("1.23"))).toEqual([
      {
        path: "nodes.db.configure.daemon_client.version",
        code: "invalid_value",
        message: 'Engine API 1.23 is older than 1.24: berth needs Engine API 1.24 or later (got string "1.23")',
      },
    ]);
    expect(issuesOf(withVersion("latest"))).toEqual([
      {
        path: "nodes.db.configure.daemon_client.version",
        code: "invalid_value",
        message: 'Invalid API version: latest (expected a version such as 1.41) (got string "latest")',
      },
    ]);
    for (const version of ["auto", "1.24", "1.41"]) expect(issuesOf(withVersion(version))).toEqual([]);
    // An intrinsic is known only at run time; the runtime applies the same check then.
    const later = withVersion({ get_input: "api" }) as Dict;
    later.inputs = { api: { default: "1.23" } };
    expect(issuesOf(later)).toEqual([]);
  });

  it("checks daemon_client.ssh like every other dictionary: unknown keys with a suggestion, value types", () => {
    const p = breakPlan((x) => {
      at(x, "nodes.db.configure").daemon_client = {
        base_url: "ssh://deploy@h",
        ssh: { identity_files: "/k", accept_new_host_key: "yes" },
      };
    });
    expect(issuesOf(p).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'nodes.db.configure.daemon_client.ssh.accept_new_host_key: expected true or false, got string "yes"',
      'nodes.db.configure.daemon_client.ssh.identity_files: unknown option "identity_files" in ssh; did you mean "identity_file"?',
    ]);
    const good = breakPlan((x) => {
      at(x, "nodes.db.configure").daemon_client = {
        base_url: "ssh://deploy@h:2222",
        ssh: { identity_file: "/k/id", known_hosts: "/k/known_hosts", accept_new_host_key: true },
      };
    });
    expect(issuesOf(good)).toEqual([]);
  });

  it("reports inputs used but not declared, and references to unknown nodes", () => {
    const p = breakPlan((x) => {
      at(x, "nodes.db.configure.container_config").command = { get_input: "cmd" };
      at(x, "nodes.web.configure.container_config").environment = { DB: { get_attribute: ["dbb", "container"] } };
    });
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.db.configure.container_config.command",
        code: "undeclared_input",
        message: 'input "cmd" is used but not declared; declare it with input("cmd", {...}) or under inputs',
      },
      {
        path: "nodes.web.configure.container_config.environment.DB",
        code: "unknown_node",
        message: '"dbb" is not a node of this plan',
      },
    ]);
  });

  it("accepts inputs declared by input() where they are used", () => {
    const p = plan("p", [
      node("db")
        .image(input("image", { default: "busybox" }))
        .config(input("cmd")),
    ]);
    expect(p.inputs).toEqual({ image: { default: "busybox" }, cmd: {} });
    expect(validate(p).isOk()).toBe(true);
  });

  it("reports a get_property path the node's properties do not have, before any run; stops at an intrinsic", () => {
    const a = node("a", {
      properties: { greeting: "hi", nested: { list: [1] }, later: input("later", { default: {} }) },
    })
      .image("i")
      .config({
        command: "x",
        environment: {
          NOPE: property("a", "nope"),
          DEEPER: property("SELF", "greeting", "deeper"),
          INDEX: property("a", "nested", "list", 3),
          FINE: property("SELF", "nested", "list", 0),
          UNKNOWABLE: property("a", "later", "anything"),
        },
      });
    expect(issuesOf(plan("p", [a]))).toEqual([
      {
        path: "nodes.a.configure.container_config.environment.NOPE",
        code: "missing_value",
        message: 'node "a" has no property nope (get_property at nodes.a.configure.container_config.environment.NOPE)',
      },
      {
        path: "nodes.a.configure.container_config.environment.DEEPER",
        code: "missing_value",
        message:
          'node "a" has no property greeting.deeper (get_property at nodes.a.configure.container_config.environment.DEEPER)',
      },
      {
        path: "nodes.a.configure.container_config.environment.INDEX",
        code: "missing_value",
        message:
          'node "a" has no property nested.list.3 (get_property at nodes.a.configure.container_config.environment.INDEX)',
      },
    ]);
  });

  it("reports a command or entrypoint that Python's shlex cannot split, before any run", () => {
    const p = plan("p", [
      node("a").image("i").config({ command: "echo 'unterminated", entrypoint: 'sh -c "x' }),
      node("b")
        .image("i")
        .config({ command: ["echo", "'fine as a list"] }),
    ]);
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.a.configure.container_config.command",
        code: "invalid_value",
        message: `No closing quotation in "echo 'unterminated"`,
      },
      {
        path: "nodes.a.configure.container_config.entrypoint",
        code: "invalid_value",
        message: 'No closing quotation in "sh -c \\"x"',
      },
    ]);
  });

  it("reports a cycle through get_attribute reads, which order a reader after the node it reads", () => {
    const p = plan("p", [
      node("a")
        .image("i")
        .config({ command: "x", environment: { B: attribute("b", "container") } }),
      node("b").image("i").config("x").dependsOn("a"),
    ]);
    expect(issuesOf(p)).toEqual([
      {
        path: "nodes.a.relationships",
        code: "cycle",
        message:
          "dependency cycle: a -> b -> a (a node that reads another's attribute with get_attribute runs after it)",
      },
    ]);
  });

  it("reports every problem together, not only the first", () => {
    const p = breakPlan((x) => {
      x.name = "bad name";
      delete at(x, "nodes.db.configure.container_config").command;
      at(x, "nodes.web.relationships.0").target = "nobody";
      at(x, "nodes.web.start.container_start").priviledged = true;
    });
    const issues = issuesOf(p);
    expect(issues.map((i) => i.code).sort()).toEqual([
      "invalid_name",
      "missing_command",
      "unknown_key",
      "unknown_node",
    ]);
    expect(formatIssues(issues).split("\n")).toHaveLength(4);
  });

  it("does not trust the types: garbage in gives issues, never an exception", () => {
    for (const garbage of [null, 42, "plan", [], { name: 1 }, { name: "x", nodes: [] }, { nodes: { a: null } }]) {
      expect(validate(garbage).isErr()).toBe(true);
    }
  });
});

describe("validate(): readiness and healthchecks", () => {
  const withReadiness = (readiness: unknown) =>
    breakPlan((x) => {
      at(x, "nodes.db.start").readiness = readiness;
    });
  const pathsAndMessages = (candidate: unknown) => issuesOf(candidate).map((i) => [i.path, i.message]);

  it("accepts one probe of each kind, with timing", () => {
    for (const readiness of [
      { tcp: 5432, timeout: 30, interval: 0.5 },
      { http: { port: 8080, path: "/health", status: 204, body: { regex: "^ok$", flags: "i" } } },
      { log: "ready to accept connections" },
      { healthy: true },
      { exit_code: 0, timeout: 600 },
      { tcp: { get_input: "port" } },
    ]) {
      const p = withReadiness(readiness) as Dict;
      p.inputs = { port: { default: 5432 } };
      expect(issuesOf(p), JSON.stringify(readiness)).toEqual([]);
    }
  });

  it("needs exactly one probe", () => {
    expect(pathsAndMessages(withReadiness({ timeout: 5 }))).toEqual([
      ["nodes.db.start.readiness", "readiness needs one probe: tcp, http, log, healthy, exit_code (got a mapping)"],
    ]);
    expect(pathsAndMessages(withReadiness({ tcp: 1, log: "x" }))).toEqual([
      ["nodes.db.start.readiness", "readiness takes one probe, got tcp and log (got a mapping)"],
    ]);
  });

  it("names the field of a bad probe, with a suggestion for a misspelt key", () => {
    expect(pathsAndMessages(withReadiness({ tcp: 70000 }))).toEqual([
      ["nodes.db.start.readiness.tcp", "must be at most 65535 (got number 70000)"],
    ]);
    expect(pathsAndMessages(withReadiness({ healthy: false }))).toEqual([
      ["nodes.db.start.readiness.healthy", "expected true, got boolean false"],
    ]);
    expect(pathsAndMessages(withReadiness({ http: { port: 80, path: "health" } }))).toEqual([
      ["nodes.db.start.readiness.http.path", 'a path starts with / (got string "health")'],
    ]);
    expect(pathsAndMessages(withReadiness({ log: { regex: "(" } }))).toEqual([
      ["nodes.db.start.readiness.log.regex", 'not a valid regular expression (got string "(")'],
    ]);
    expect(pathsAndMessages(withReadiness({ log: { regex: "x", flags: "g" } }))).toEqual([
      ["nodes.db.start.readiness.log.flags", 'flags are some of i, m, s, u, each at most once (got string "g")'],
    ]);
    expect(pathsAndMessages(withReadiness({ tcp: 80, timout: 5 }))).toEqual([
      ["nodes.db.start.readiness.timout", 'unknown option "timout" in readiness; did you mean "timeout"?'],
    ]);
    expect(pathsAndMessages(withReadiness({ exit_code: 0, interval: 0 }))).toEqual([
      ["nodes.db.start.readiness.interval", "must be more than 0 (got number 0)"],
    ]);
  });

  it("checks container_config.healthcheck: test, durations and retries", () => {
    const withHealthcheck = (healthcheck: unknown) =>
      breakPlan((x) => {
        at(x, "nodes.db.configure.container_config").healthcheck = healthcheck;
      });
    expect(issuesOf(withHealthcheck({ test: "true", interval: "500ms", start_period: 2_000_000_000 }))).toEqual([]);
    expect(issuesOf(withHealthcheck({ test: ["CMD", "/bin/true"], timeout: "1m30s", retries: 3 }))).toEqual([]);
    expect(pathsAndMessages(withHealthcheck({ test: ["/bin/true"] }))).toEqual([
      [
        "nodes.db.configure.container_config.healthcheck.test",
        'a test list starts with "CMD", "CMD-SHELL", "NONE" (a string runs with the shell, as CMD-SHELL) (got a list)',
      ],
    ]);
    expect(pathsAndMessages(withHealthcheck({ test: "true", interval: "5 seconds", retries: -1 }))).toEqual([
      [
        "nodes.db.configure.container_config.healthcheck.interval",
        'a duration is nanoseconds or a string such as 500ms, 30s or 1m30s (got string "5 seconds")',
      ],
      ["nodes.db.configure.container_config.healthcheck.retries", "must be at least 0 (got number -1)"],
    ]);
    expect(pathsAndMessages(withHealthcheck({ interval: "1s" }))).toEqual([
      ["nodes.db.configure.container_config.healthcheck.test", "test is required"],
    ]);
  });
});
