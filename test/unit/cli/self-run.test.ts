import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isMain, selfArgs } from "../../../cli/self-run.ts";

describe("self-running plans", () => {
  it("puts the command first, up by default, and the plan file after it", () => {
    expect(selfArgs([], "/p/plan.ts")).toEqual(["up", "/p/plan.ts"]);
    expect(selfArgs(["down"], "/p/plan.ts")).toEqual(["down", "/p/plan.ts"]);
    expect(selfArgs(["logs", "db", "-f"], "/p/plan.ts")).toEqual(["logs", "/p/plan.ts", "db", "-f"]);
    expect(selfArgs(["--json", "-i", "a=1"], "/p/plan.ts")).toEqual(["up", "/p/plan.ts", "--json", "-i", "a=1"]);
    expect(selfArgs(["--help"], "/p/plan.ts")).toEqual(["--help"]);
    expect(selfArgs(["--version"], "/p/plan.ts")).toEqual(["--version"]);
  });

  it("is main only for the entry module (Deno's meta.main wins when set)", () => {
    const url = pathToFileURL(__filename).href;
    expect(isMain({ url }, __filename)).toBe(true);
    expect(isMain({ url }, "/somewhere/else.ts")).toBe(false);
    expect(isMain({ url }, undefined)).toBe(false);
    expect(isMain({ url, main: false }, __filename)).toBe(false);
    expect(isMain({ url: "file:///x.ts", main: true }, undefined)).toBe(true);
  });
});
