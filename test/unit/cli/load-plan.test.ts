import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheFile } from "../../../cli/bundled-plan.ts";
import { loadPlan } from "../../../cli/load-plan.ts";
import { locatePath } from "../../../cli/source-location.ts";
import { testContext } from "./capture.ts";

const ctx = testContext();

describe("loading a plan", () => {
  it("imports a .ts module and validates its default export", async () => {
    const loaded = (await loadPlan(ctx, "test/fixtures/cli/two-nodes.ts"))._unsafeUnwrap();
    expect(loaded.file).toBe("test/fixtures/cli/two-nodes.ts");
    expect(Object.keys(loaded.plan.nodes)).toEqual(["db", "web"]);
  });

  it("says so when the file does not exist", async () => {
    expect((await loadPlan(ctx, "test/fixtures/cli/nope.ts"))._unsafeUnwrapErr()).toEqual({
      kind: "NoSuchFile",
      file: "test/fixtures/cli/nope.ts",
    });
  });

  it("says a directory or a pipe is not a plan file, by the name it was given (never a stack trace or a hang)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-dir-"));
    mkdirSync(join(dir, "dir.yaml"));
    const here = testContext({ cwd: dir });
    for (const name of ["dir.yaml", "."]) {
      expect((await loadPlan(here, name))._unsafeUnwrapErr()).toEqual({
        kind: "PlanLoad",
        file: name,
        message: "it is a directory, not a plan file: name a .ts/.mts/.js plan module or a .yaml/.yml blueprint",
      });
    }
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    expect((await loadPlan(here, "pipe.yaml"))._unsafeUnwrapErr()).toEqual({
      kind: "PlanLoad",
      file: "pipe.yaml",
      message: "it is not a regular file",
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the file when the default export is not a Plan", async () => {
    const e = (await loadPlan(ctx, "test/fixtures/cli/not-a-plan.ts"))._unsafeUnwrapErr();
    expect(e).toMatchObject({ kind: "PlanLoad", file: "test/fixtures/cli/not-a-plan.ts" });
    expect(e.kind === "PlanLoad" && e.message).toContain("its default export is a number");
  });

  it("gives file, line, column and plan path of plan problems in a .ts file", async () => {
    const e = (await loadPlan(ctx, "test/fixtures/cli/invalid-plan.ts"))._unsafeUnwrapErr();
    expect(e.kind).toBe("InvalidPlan");
    const [first] = e.kind === "InvalidPlan" ? e.issues : [];
    expect(first).toMatchObject({
      file: "test/fixtures/cli/invalid-plan.ts",
      path: "nodes.broken.configure.container_config.enviroment",
      line: 7,
      column: 30,
    });
  });

  it("gives file:line:column of YAML problems", async () => {
    const e = (await loadPlan(ctx, "test/fixtures/cli/broken.yaml"))._unsafeUnwrapErr();
    expect(e.kind).toBe("InvalidPlan");
    const [first] = e.kind === "InvalidPlan" ? e.issues : [];
    expect(first?.file).toBe("test/fixtures/cli/broken.yaml");
    expect(first?.line).toBeGreaterThan(0);
    expect(first?.column).toBeGreaterThan(0);
  });

  it("refuses files that are neither a module nor a blueprint", async () => {
    expect((await loadPlan(ctx, "package.json"))._unsafeUnwrapErr()).toMatchObject({
      kind: "PlanLoad",
      file: "package.json",
    });
  });
});

describe("locating a plan path in source", () => {
  const ts = ['import { node } from "berth";', "", 'const db = node("db")', '  .config({ comand: "x" });'].join("\n");
  it("finds the node, then the key under it", () => {
    expect(locatePath(ts, "nodes.db", "ts")).toEqual({ line: 3, column: 17 });
    expect(locatePath(ts, "nodes.db.configure.container_config.comand", "ts")).toEqual({ line: 4, column: 13 });
    expect(locatePath(ts, "nodes.zz", "ts")).toBeUndefined();
  });
  it("finds keys in YAML under node_templates", () => {
    const yaml = "inputs:\n  db: {}\nnode_templates:\n  db:\n    type: x\n";
    expect(locatePath(yaml, "nodes.db.type", "yaml")).toEqual({ line: 5, column: 5 });
  });
});

describe("the bundle cache of .ts plans", () => {
  it("keeps one entry per plan and per berth that bundled it (a bundle imports that berth's dist/ by path)", () => {
    const plan = "/srv/app/plan.ts";
    expect(cacheFile(plan, "/a/node_modules/berth")).toBe(cacheFile(plan, "/a/node_modules/berth"));
    expect(cacheFile(plan, "/a/node_modules/berth")).not.toBe(cacheFile("/srv/app/other.ts", "/a/node_modules/berth"));
    const shared = (file: string) => file.slice(file.lastIndexOf("/"));
    expect(shared(cacheFile(plan, "/a/node_modules/berth"))).not.toBe(shared(cacheFile(plan, "/b/node_modules/berth")));
  });
});
