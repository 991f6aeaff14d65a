import { describe, expect, it } from "vitest";
import { attribute, exitCode, healthy, host, http, input, logLine, node, plan, tcp } from "../../mod.ts";

describe("node builders", () => {
  it("branching twice from one builder leaves the parent unchanged and the branches different", () => {
    const created = node("web").image("berth-test/busybox:latest");
    const before = JSON.stringify(created.toPlanNode());
    const a = created.config("sleep 1");
    const b = created.config({ command: "sleep 2", environment: { A: "1" } });
    expect(JSON.stringify(created.toPlanNode())).toBe(before);
    expect(created.state).toBe("created");
    expect(a.toPlanNode().configure?.container_config).toEqual({
      command: "sleep 1",
      image: "berth-test/busybox:latest",
    });
    expect(b.toPlanNode().configure?.container_config).toEqual({
      command: "sleep 2",
      environment: { A: "1" },
      image: "berth-test/busybox:latest",
    });
    const withDependency = a.dependsOn("db");
    expect(a.toPlanNode().relationships).toEqual([]);
    expect(withDependency.toPlanNode().relationships).toEqual([
      { type: "cloudify.relationships.depends_on", target: "db" },
    ]);
  });

  it("every builder and every node it yields is frozen", () => {
    const built = node("db").import("http://127.0.0.1:8000/x.tar").config("/bin/echo hello").start();
    expect(Object.isFrozen(built)).toBe(true);
    const data = built.toPlanNode();
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.configure?.container_config)).toBe(true);
    expect(() => {
      (data.relationships as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it("does not keep a reference to the caller's option objects", () => {
    const options = { command: "sleep 1", environment: { A: "1" } };
    const built = node("x").image("img").config(options);
    expect(Object.isFrozen(options)).toBe(true);
    expect(built.toPlanNode().configure?.container_config.environment).toEqual({ A: "1" });
  });

  it("normalises the loose forms once: URL or { src }, directory or { path }, command or { command }", () => {
    const fromUrl = node("a").import("http://h/x.tar").config("echo hi").toPlanNode();
    const fromDict = node("a").import({ src: "http://h/x.tar" }).config({ command: "echo hi" }).toPlanNode();
    expect(fromUrl).toEqual(fromDict);
    expect(node("b").build("./ctx").config(["echo", "hi"]).toPlanNode().create).toEqual({
      daemon_client: {},
      image_build: { path: "./ctx" },
    });
    expect(node("b").build({ path: "./ctx", rm: true }).config("x").toPlanNode().create?.image_build).toEqual({
      path: "./ctx",
      rm: true,
    });
  });

  it("puts the node's daemon_client on every operation and fills the plugin's teardown dictionaries", () => {
    const daemon = { base_url: "unix:///var/run/docker.sock" };
    const data = node("db", { daemon_client: daemon }).image("img").config("true").start().toPlanNode();
    for (const operation of ["configure", "start", "stop", "delete"] as const) {
      expect(data[operation]?.daemon_client).toEqual(daemon);
    }
    expect(data.create).toBeUndefined();
    expect(data.stop).toEqual({ daemon_client: daemon, container_stop: {} });
    expect(data.delete).toEqual({ daemon_client: daemon, container_stop: {}, container_remove: {} });
  });

  it("uses the stop options for the delete operation's container_stop, as the seed's example does", () => {
    const data = node("db").image("img").config("true").start().stop({ timeout: 5 }).delete({ v: true }).toPlanNode();
    expect(data.delete).toEqual({ daemon_client: {}, container_stop: { timeout: 5 }, container_remove: { v: true } });
  });

  it("records processes_to_wait_for beside container_start", () => {
    const data = node("db")
      .image("img")
      .config("httpd -f")
      .start(
        { publish_all_ports: true },
        { processes_to_wait_for: { process_names: ["httpd"], wait_for_time_secs: 5 } },
      )
      .toPlanNode();
    expect(data.start).toEqual({
      daemon_client: {},
      container_start: { publish_all_ports: true },
      processes_to_wait_for: { process_names: ["httpd"], wait_for_time_secs: 5 },
    });
  });

  it("makes plain Cloudify host nodes with no operations", () => {
    const vm = host("docker_host", { properties: { ip: "10.0.0.5" } });
    expect(vm.toPlanNode()).toEqual({
      type: "cloudify.nodes.Compute",
      properties: { ip: "10.0.0.5" },
      relationships: [],
    });
  });
});

describe("plan()", () => {
  const db = node("db_server", { type: "cloudify.nodes.DBMS" })
    .import(input("image_url", { default: "http://127.0.0.1:8000/rootfs.tar", description: "image" }))
    .config("/bin/echo hello")
    .start({ port_bindings: { 5432: 15432 } })
    .stop({ timeout: 5 })
    .delete({ remove_image: false });

  it("is frozen, JSON-serialisable data shaped like a blueprint", () => {
    const p = plan("demo", [db], { outputs: { id: { value: attribute(db, "container") } } });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.nodes)).toBe(true);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p).toEqual({
      name: "demo",
      inputs: { image_url: { default: "http://127.0.0.1:8000/rootfs.tar", description: "image" } },
      nodes: {
        db_server: {
          type: "cloudify.nodes.DBMS",
          properties: {},
          relationships: [],
          create: { daemon_client: {}, image_import: { src: { get_input: "image_url" } } },
          configure: { daemon_client: {}, container_config: { command: "/bin/echo hello" } },
          start: { daemon_client: {}, container_start: { port_bindings: { 5432: 15432 } } },
          stop: { daemon_client: {}, container_stop: { timeout: 5 } },
          delete: { daemon_client: {}, container_stop: { timeout: 5 }, container_remove: { remove_image: false } },
        },
      },
      outputs: { id: { value: { get_attribute: ["db_server", "container"] } } },
    });
  });

  it("keeps node declaration order", () => {
    const a = node("a").image("i").config("x");
    const b = node("b").image("i").config("x");
    expect(Object.keys(plan("p", [b, a]).nodes)).toEqual(["b", "a"]);
  });
});

describe("readiness probes", () => {
  it("each probe function gives the blueprint's readiness shape, frozen, without undefined keys", () => {
    expect(tcp(5432)).toEqual({ tcp: 5432 });
    expect(tcp(5432, { timeout: 30, interval: 0.5 })).toEqual({ tcp: 5432, timeout: 30, interval: 0.5 });
    expect(http(8080)).toEqual({ http: { port: 8080 } });
    expect(http(8080, { path: "/health", status: 204, body: "ok", timeout: 10 })).toEqual({
      http: { port: 8080, path: "/health", status: 204, body: "ok" },
      timeout: 10,
    });
    expect(logLine("ready to accept connections")).toEqual({ log: "ready to accept connections" });
    expect(healthy({ interval: 2 })).toEqual({ healthy: true, interval: 2 });
    expect(exitCode()).toEqual({ exit_code: 0 });
    expect(exitCode(3, { timeout: 600 })).toEqual({ exit_code: 3, timeout: 600 });
    const probe = http(80, { path: undefined, timeout: undefined });
    expect(Object.keys(probe)).toEqual(["http"]);
    expect(Object.keys(probe.http as object)).toEqual(["port"]);
    expect(Object.isFrozen(probe)).toBe(true);
    expect(Object.isFrozen(probe.http)).toBe(true);
  });

  it("a RegExp becomes { regex, flags }, which survives JSON", () => {
    expect(logLine(/^ready \d+$/)).toEqual({ log: { regex: "^ready \\d+$" } });
    expect(http(80, { body: /"up"/i })).toEqual({ http: { port: 80, body: { regex: '"up"', flags: "i" } } });
    const p = plan("p", [
      node("db")
        .image("i")
        .config("x")
        .start({}, { readiness: logLine(/a\/b/m) }),
    ]);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it("goes beside processes_to_wait_for in the start operation", () => {
    const data = node("db")
      .image("img")
      .config("httpd -f")
      .start({}, { processes_to_wait_for: { process_names: ["httpd"] }, readiness: http(80, { timeout: 5 }) })
      .toPlanNode();
    expect(data.start).toEqual({
      daemon_client: {},
      container_start: {},
      processes_to_wait_for: { process_names: ["httpd"] },
      readiness: { http: { port: 80 }, timeout: 5 },
    });
  });
});
