/**
 * Issue #11 §1 against the real engine: two projects that each keep a `blueprint.yaml` get two
 * deployments; neither `up` nor `down` of one touches the other's containers, even when told the
 * other's deployment id (exit 2, naming both plans, unless --adopt); and container names cannot
 * collide across different deployment/node pairs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseJsonOutput } from "../../cli/json-schema.ts";
import { toBlueprint } from "../../codegen/mod.ts";
import { node, plan } from "../../dsl/mod.ts";
import { defaultDeploymentId } from "../../runtime/identity.ts";
import { up } from "../../runtime/mod.ts";
import { berth, containersOf, removeDeployment } from "../fixtures/cli/berth-process.ts";
import { BUSYBOX } from "./support/constants.ts";
import { cleanupAfterEach, cleanupDeployment, engine, testRun, uniqueName, unwrap, valid } from "./support/engine.ts";

const sleeper = node("db").image(BUSYBOX).config("sleep 300").start().stop({ timeout: 1 });

const { defer } = cleanupAfterEach();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A project directory holding a blueprint.yaml of the plan `name`. */
function project(name: string): { dir: string; file: string; deployment: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "berth-project-")));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "blueprint.yaml");
  writeFileSync(file, toBlueprint(plan(name, [sleeper])));
  const deployment = defaultDeploymentId(name, file);
  cleanups.push(() => removeDeployment(deployment));
  return { dir, file, deployment };
}

const label = (id: string, key: string): string =>
  execFileSync("docker", ["inspect", "-f", `{{index .Config.Labels "${key}"}}`, id], { encoding: "utf8" }).trim();

describe("two projects that each keep a blueprint.yaml", { timeout: 240_000 }, () => {
  it("get two deployments, and neither up nor down of one touches the other's containers", async () => {
    const name = uniqueName("bp");
    const shop = project(name);
    const blog = project(name);
    expect(shop.deployment).not.toBe(blog.deployment);
    // Each project runs berth in its own directory, with its own .berth state.
    const inShop = { cwd: shop.dir };
    const inBlog = { cwd: blog.dir };

    expect((await berth(["up", "blueprint.yaml", "-q"], inShop)).code).toBe(0);
    expect((await berth(["up", "blueprint.yaml", "-q"], inBlog)).code).toBe(0);
    const [shopContainer] = containersOf(shop.deployment);
    expect(shopContainer).toBeDefined();
    expect(label(shopContainer ?? "", "berth.plan")).toBe(shop.file);
    expect(containersOf(blog.deployment)).toHaveLength(1);

    // The scenario: down in the second directory removes only the second project's.
    expect((await berth(["down", "blueprint.yaml", "-q"], inBlog)).code).toBe(0);
    expect(containersOf(blog.deployment)).toEqual([]);
    expect(containersOf(shop.deployment)).toEqual([shopContainer]);

    // Pointed at the other project's deployment, every engine command refuses, naming both plans.
    for (const command of ["up", "down", "status", "plan", "logs"]) {
      const out = await berth([command, "blueprint.yaml", "-d", shop.deployment], inBlog);
      expect(out.code, `${command}: ${out.stderr}`).toBe(2);
      expect(out.stderr).toContain("error: DeploymentOwnedElsewhere");
      expect(out.stderr).toContain(`made by plan ${shop.file}, and this is plan ${blog.file}`);
      expect(out.stderr).toMatch(/next: give this plan its own deployment id with -d\/--deployment <id>.*--adopt/);
    }
    const json = parseJsonOutput(
      (await berth(["down", "blueprint.yaml", "-d", shop.deployment, "--json"], inBlog)).stdout,
    );
    expect(json.result).toMatchObject({
      ok: false,
      exitCode: 2,
      error: {
        kind: "DeploymentOwnedElsewhere",
        deployment: shop.deployment,
        ourPlan: blog.file,
        otherPlan: shop.file,
        containers: [`${shop.deployment}_db`],
      },
    });
    expect(containersOf(shop.deployment)).toEqual([shopContainer]);

    // --adopt takes them over: up recreates the container as the blog's; now the shop is refused.
    const adopted = await berth(["up", "blueprint.yaml", "-d", shop.deployment, "--adopt"], inBlog);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stderr).toContain(`adopting ${shop.deployment}_db, made by plan ${shop.file}`);
    const [taken] = containersOf(shop.deployment);
    expect(taken).not.toBe(shopContainer);
    expect(label(taken ?? "", "berth.plan")).toBe(blog.file);
    expect((await berth(["down", "blueprint.yaml", "-q"], inShop)).code).toBe(2);
    expect((await berth(["down", "blueprint.yaml", "-d", shop.deployment, "-q"], inBlog)).code).toBe(0);
    expect(containersOf(shop.deployment)).toEqual([]);
  });

  it("rejects a deployment id that breaks Docker's name rules, before loading anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-project-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, "sub"));
    const out = await berth(["up", "nothing-here.yaml", "-d", "../sub/x"], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`deployment id "../sub/x" must start with a letter or digit`);
  });
});

describe("container names", () => {
  it("never collide across different deployment/node pairs (a_b + c and a + b_c)", async () => {
    const base = uniqueName("nm");
    const one = testRun();
    const two = testRun();
    const first = { deployment: `${base}_b`, node: "c" };
    const second = { deployment: base, node: "b_c" };
    defer(
      one.dispose,
      two.dispose,
      () => cleanupDeployment(first.deployment),
      () => cleanupDeployment(second.deployment),
    );
    const make = (n: string) => node(n).image(BUSYBOX).config("sleep 300").start().stop({ timeout: 1 });
    const a = await unwrap(up(valid(plan("p", [make(first.node)])), { ...one.options, deployment: first.deployment }));
    const b = await unwrap(
      up(valid(plan("p", [make(second.node)])), { ...two.options, deployment: second.deployment }),
    );
    const client = await engine();
    const nameOf = async (id: string | undefined) => (await unwrap(client.inspectContainer(id ?? ""))).Name;
    expect(await nameOf(a.nodes.c?.runtimeProperties.container)).toBe(`/${base}__b_c`);
    expect(await nameOf(b.nodes.b_c?.runtimeProperties.container)).toBe(`/${base}_b_c`);
  });
});
