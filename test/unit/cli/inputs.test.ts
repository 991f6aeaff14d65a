import { describe, expect, it } from "vitest";
import { checkInputNames, parseInputArgs, scalarOf } from "../../../cli/inputs.ts";

const files: Record<string, string> = {
  "/w/inputs.yaml": "port: 8080\nname: demo\n",
  "/w/override.json": '{"port": 9090}',
  "/w/list.yaml": "- a\n- b\n",
  "/w/bad.yaml": "port: [1,\n",
};
const read = (path: string) => files[path];

describe("-i inputs", () => {
  it("reads key=value values as YAML scalars", () => {
    expect(
      parseInputArgs(
        ["port=8080", "debug=true", "ratio=0.5", "none=null", "name=demo", "empty="],
        "/w",
        read,
      )._unsafeUnwrap(),
    ).toEqual({
      port: 8080,
      debug: true,
      ratio: 0.5,
      none: null,
      name: "demo",
      empty: "",
    });
  });

  it("keeps non-scalars and values holding = as strings", () => {
    expect(scalarOf("a: b")).toBe("a: b");
    expect(scalarOf("[1, 2]")).toBe("[1, 2]");
    expect(parseInputArgs(["url=http://h/x?a=b"], "/w", read)._unsafeUnwrap()).toEqual({ url: "http://h/x?a=b" });
  });

  it("takes several pairs joined by ; as Cloudify's CLI does", () => {
    expect(parseInputArgs(["a=1;b=two"], "/w", read)._unsafeUnwrap()).toEqual({ a: 1, b: "two" });
  });

  it("reads YAML and JSON files and inline mappings, later arguments winning", () => {
    expect(parseInputArgs(["inputs.yaml", "override.json", "name=x"], "/w", read)._unsafeUnwrap()).toEqual({
      port: 9090,
      name: "x",
    });
    expect(parseInputArgs(['{"a": [1, 2]}'], "/w", read)._unsafeUnwrap()).toEqual({ a: [1, 2] });
  });

  it("names the problem: missing file, not a mapping, YAML syntax, no =", () => {
    const message = (args: string[]) => {
      const e = parseInputArgs(args, "/w", read)._unsafeUnwrapErr();
      return e.kind === "InvalidInputs" ? e.message : e.kind;
    };
    expect(message(["missing.yaml"])).toBe("-i missing.yaml: no such file");
    expect(message(["list.yaml"])).toContain("expected a mapping");
    expect(message(["bad.yaml"])).toMatch(/^inputs file bad\.yaml:\d+:\d+: /);
    expect(message(["justaword"])).toContain("expected key=value");
  });

  it("rejects inputs the plan does not declare, listing the declared ones", () => {
    expect(checkInputNames({ port: 1 }, ["port"]).isOk()).toBe(true);
    const e = checkInputNames({ prot: 1 }, ["port", "name"])._unsafeUnwrapErr();
    expect(e).toEqual({ kind: "InvalidInputs", message: "unknown input prot (declared inputs: port, name)" });
  });
});
