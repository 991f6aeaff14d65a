import { describe, expect, it } from "vitest";
import { attribute, input, node, plan, property, validate } from "../../../dsl/mod.ts";
import { mergeDockerEnvVar } from "../../../runtime/env-merge.ts";
import { checkWithInputs } from "../../../runtime/inputs-check.ts";
import { resolveInputs, resolveValue } from "../../../runtime/resolve.ts";

const p = validate(
  plan("r", [
    node("db", { properties: { port: 5432, nested: { list: [{ a: "x" }] }, ref: input("port_in", { default: 1 }) } })
      .image("img")
      .config({ command: "run", environment: { URL: input("url") } })
      .start(),
    node("web").image("img").config("run").start().dependsOn("db"),
  ]),
)._unsafeUnwrap();

const scope = (attributes: Record<string, object> = {}) => ({
  plan: p,
  inputs: { url: "http://x", port_in: 7 },
  self: "web",
  attributes: (n: string) => attributes[n],
});

describe("resolveInputs", () => {
  it("takes given values over defaults, and reports a missing input without default", () => {
    expect(resolveInputs(p, { url: "u" })._unsafeUnwrap()).toEqual({ url: "u", port_in: 1 });
    expect(resolveInputs(p, {})._unsafeUnwrapErr()).toMatchObject({ kind: "MissingInput", path: "inputs.url" });
  });

  it("rejects an input the plan does not declare", () => {
    expect(resolveInputs(p, { url: "u", typo: 1 })._unsafeUnwrapErr()).toMatchObject({ kind: "InvalidPlan" });
  });
});

describe("resolveValue", () => {
  it("resolves get_input, get_property (nested, and intrinsics inside properties) and get_attribute", () => {
    const value = {
      url: input("url"),
      port: property("db", "port"),
      deep: property("db", "nested", "list", 0, "a"),
      viaInput: property("db", "ref"),
      id: attribute("db", "container"),
      port0: attribute("db", "ports", 0, "PublicPort"),
      self: attribute("SELF", "container"),
      fallback: attribute("db", "port"),
      none: attribute("db", "nothing"),
    };
    const attrs = { db: { container: "c1", ports: [{ PublicPort: 15432 }] }, web: { container: "c2" } };
    expect(resolveValue(value, scope(attrs), "x")._unsafeUnwrap()).toEqual({
      url: "http://x",
      port: 5432,
      deep: "x",
      viaInput: 7,
      id: "c1",
      port0: 15432,
      self: "c2",
      fallback: 5432,
      none: null,
    });
  });

  it("reports a missing property with where it was used", () => {
    expect(resolveValue({ a: property("db", "nope") }, scope(), "nodes.web")._unsafeUnwrapErr()).toMatchObject({
      kind: "InvalidPlan",
      issues: [{ path: "nodes.web.a", code: "missing_value" }],
    });
  });

  it("never writes into the (deep-frozen) plan", () => {
    const before = JSON.stringify(p);
    const out = resolveValue(p.nodes, scope({ db: { container: "c" } }), "nodes")._unsafeUnwrap() as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(p)).toBe(before);
    expect(Object.isFrozen(p.nodes.db?.configure?.container_config)).toBe(true);
    expect(out).not.toBe(p.nodes);
    expect(JSON.stringify(out)).toContain("http://x");
  });
});

describe("keys a user chooses", () => {
  it("keep __proto__, constructor and toString as ordinary entries through resolution and the docker_env_var merge", () => {
    const environment = JSON.parse('{"__proto__": "polluted", "constructor": "c", "toString": "t"}') as object;
    const resolved = resolveValue({ environment }, scope(), "x")._unsafeUnwrap() as { environment: object };
    expect(Object.keys(resolved.environment)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(resolved.environment)).toBe(Object.prototype);
    const merged = mergeDockerEnvVar(
      { A: "1" },
      JSON.parse('{"__proto__": "from-env-var"}') as Record<string, unknown>,
    ) as object;
    expect(Object.entries(merged)).toEqual([
      ["A", "1"],
      ["__proto__", "from-env-var"],
    ]);
  });
});

describe("checkWithInputs", () => {
  const withPort = validate(
    plan("p", [
      node("web")
        .image("img")
        .config({ command: input("cmd", { default: "run" }), ports: [8080] })
        .start({
          port_bindings: {
            8080: { HostIp: "127.0.0.1", HostPort: input("port", { default: 18080, type: "integer" }) },
          },
        }),
    ]),
  )._unsafeUnwrap();

  it("passes values that fit where the plan uses them", () => {
    expect(checkWithInputs(withPort, { port: 18081, cmd: "sleep 1" }).isOk()).toBe(true);
  });

  it("names the input whose value breaks the plan where it is used, and a value of the wrong declared type", () => {
    const error = checkWithInputs(withPort, { port: 99999, cmd: "echo 'open" })._unsafeUnwrapErr();
    expect(error.kind).toBe("InvalidPlan");
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      [
        "nodes.web.start.container_start.port_bindings.8080.HostPort",
        'input "port" = 99999: must be at most 65535 (got number 99999)',
      ],
      [
        "nodes.web.configure.container_config.command",
        `input "cmd" = "echo 'open": No closing quotation in "echo 'open"`,
      ],
    ]);
    expect(checkWithInputs(withPort, { port: "high", cmd: "run" })._unsafeUnwrapErr().issues[0]).toMatchObject({
      path: "inputs.port",
      message: 'input "port" is declared integer, got "high"',
    });
  });
});
