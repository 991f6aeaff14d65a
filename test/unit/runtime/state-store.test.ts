/**
 * The file state store: damaged files are reported as damaged (never trusted), temp files have
 * unpredictable names and never outlive a write, and no deployment id can make it write outside
 * its directory, not even a plan name changed after validation.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { node, plan, validate } from "../../../dsl/mod.ts";
import { upWith } from "../../../runtime/mod.ts";
import { emptyState } from "../../../runtime/state/deployment-state.ts";
import { fileStateStore } from "../../../runtime/state/state-store.ts";
import { fakeDeps } from "./support.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-store-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const good = {
  version: 1,
  deployment: "d",
  nodes: { db: { runtimeProperties: { container: "c1" }, configHash: "h" } },
  updatedAt: "2025-01-01T00:00:00.000Z",
};

describe("fileStateStore", () => {
  it("reads back what it wrote, and an absent file as an empty state", async () => {
    const dir = tempDir();
    const store = fileStateStore(dir);
    expect((await store.load("d"))._unsafeUnwrap()).toEqual(emptyState("d"));
    (await store.save(good as never))._unsafeUnwrap();
    expect((await store.load("d"))._unsafeUnwrap()).toEqual(good);
    expect(readdirSync(dir)).toEqual(["d.json"]);
  });

  it.each([
    ["truncated", JSON.stringify(good).slice(0, 40), /JSON/],
    ["empty", "", /the file is empty/],
    ["garbage", "\u0000\u0001 not json", /JSON/],
    ["nodes: null", JSON.stringify({ ...good, nodes: null }), /^nodes: /],
    ["a node of the wrong shape", JSON.stringify({ ...good, nodes: { db: { runtimeProperties: 3 } } }), /nodes\.db/],
    ["another version", JSON.stringify({ ...good, version: 2 }), /^version: /],
    ["another deployment's file", JSON.stringify({ ...good, deployment: "other" }), /records deployment "other"/],
  ])("reports a %s file as StateDamaged, naming the file and the problem", async (_what, text, problem) => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.json"), text);
    const error = (await fileStateStore(dir).load("d"))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "StateDamaged", file: join(dir, "d.json") });
    expect(error.kind === "StateDamaged" && error.problem).toMatch(problem);
    expect(error.message).toContain(join(dir, "d.json"));
  });

  it("writes through an unpredictable temp file, created exclusively, and leaves none behind when a write fails", async () => {
    const dir = tempDir();
    const store = fileStateStore(dir);
    // A symlink planted at the name the old store used for its temp file is never written through.
    const target = join(tempDir(), "victim");
    writeFileSync(target, "untouched");
    symlinkSync(target, join(dir, `d.json.${process.pid}.1.tmp`));
    (await store.save({ ...emptyState("d") }))._unsafeUnwrap();
    expect(readFileSync(target, "utf8")).toBe("untouched");
    // A directory where the state file should be: the rename fails, and the temp file goes.
    mkdirSync(join(dir, "e.json"));
    writeFileSync(join(dir, "e.json", "keep"), "");
    const failed = await store.save(emptyState("e"));
    expect(failed._unsafeUnwrapErr()).toMatchObject({ kind: "StateError", file: join(dir, "e.json") });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp") && !f.startsWith(`d.json.${process.pid}.`))).toEqual([]);
  });

  it("refuses deployment ids that would leave the state directory", async () => {
    const parent = tempDir();
    const dir = join(parent, "state");
    const store = fileStateStore(dir);
    for (const id of ["../evil", "/tmp/evil", "a/../../evil", ".."]) {
      expect((await store.save({ ...emptyState("x"), deployment: id }))._unsafeUnwrapErr()).toMatchObject({
        kind: "StateError",
      });
      expect((await store.load(id))._unsafeUnwrapErr().kind).toBe("StateError");
      expect((await store.remove(id))._unsafeUnwrapErr().kind).toBe("StateError");
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it("cannot be made to write outside the state directory by a plan name changed after validation", async () => {
    const parent = tempDir();
    const stateDir = join(parent, "state");
    // A plan read from JSON is not frozen: its name can be changed once it is validated.
    const valid = validate(
      JSON.parse(JSON.stringify(plan("ok", [node("a").image("busybox").config("sleep 1").start()]))),
    )._unsafeUnwrap() as { name: string };
    valid.name = "../escaped";
    const { deps } = fakeDeps();
    const error = (
      await upWith(valid as never, { stateDir }, { ...deps, store: fileStateStore(stateDir) })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "InvalidOption", path: "deployment" });
    expect(error.message).toContain('deployment id "../escaped" must start with a letter or digit');
    expect(existsSync(join(parent, "escaped.json"))).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
