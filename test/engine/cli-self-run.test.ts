/** A plan that ends in runIfMain runs itself under tsx and under Deno; importing it runs nothing. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { containersOf, removeDeployment, repo, run, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const plan = "test/fixtures/cli/self-running.ts";
const npx = (args: string[], env: Record<string, string>) => run("npx", args, { env });
const deployments: string[] = [];

afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

describe("self-running plans", { timeout: 300_000 }, () => {
  it("tsx plan.ts goes up (the default command), reports status, and goes down", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-tsx", plan);
    deployments.push(deployment);
    const up = await npx(["tsx", plan, "--state-dir", stateDir, "-q"], env);
    expect(up.code).toBe(0);
    expect(containersOf(deployment)).toHaveLength(1);
    const status = await npx(["tsx", plan, "status", "--state-dir", stateDir], env);
    expect(status.stdout).toMatch(/^sleeper\s+running/m);
    const down = await npx(["tsx", plan, "down", "--state-dir", stateDir, "-q"], env);
    expect(down.code).toBe(0);
    expect(containersOf(deployment)).toEqual([]);
  });

  it("deno run -A plan.ts goes up and down", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-deno", plan);
    deployments.push(deployment);
    const up = await npx(["deno", "run", "-A", "--quiet", plan, "up", "--state-dir", stateDir, "-q"], env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(containersOf(deployment)).toHaveLength(1);
    const down = await npx(["deno", "run", "-A", "--quiet", plan, "down", "--state-dir", stateDir, "-q"], env);
    expect(down.code).toBe(0);
    expect(containersOf(deployment)).toEqual([]);
  });

  it("importing the plan from another module runs nothing", async () => {
    const { name, deployment, env } = uniqueDeployment("cli-import", plan);
    const out = await npx(["tsx", join(repo, "test/fixtures/cli/imports-self-running.ts")], env);
    expect(out).toMatchObject({ code: 0, stdout: `imported ${name}\n` });
    expect(containersOf(deployment)).toEqual([]);
  });
});
