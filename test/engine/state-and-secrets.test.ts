/**
 * Issue #11 §3, §4 and §5 with the real command and engine: down, status and logs need none of
 * up's inputs; a damaged state file blocks nothing down needs and gives advice that fits; and a
 * secret input reaches the container but no event, --json line, human output, state or lock file.
 */

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseJsonOutput } from "../../cli/json-schema.ts";
import { berth, containersOf, removeDeployment, startBerth, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const deployments: string[] = [];
afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

describe("secrets and recorded options", { timeout: 300_000 }, () => {
  it("a secret input reaches the container and nothing else; down, status and logs need no -i", async () => {
    const plan = "test/fixtures/cli/secret.ts";
    const { deployment, env, stateDir } = uniqueDeployment("secret", plan);
    deployments.push(deployment);
    const secret = `S3cr3t-${randomBytes(8).toString("hex")}`;
    const rotated = `R0tated-${randomBytes(8).toString("hex")}`;
    const common = ["--state-dir", stateDir];
    const seen: string[] = [];
    const record = <T extends { stdout: string; stderr: string }>(out: T): T => {
      seen.push(out.stdout, out.stderr);
      return out;
    };

    // up needs its inputs: without them it says which.
    const missing = await berth(["up", plan, ...common], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: MissingInput");

    // up, human output; the lock file is read while up holds it.
    let lockText = "";
    const up = startBerth(["up", plan, ...common, "-i", `token=${secret}`, "-i", "grace=1"], {
      env,
      onStderr: (soFar) => {
        if (lockText === "" && /app start started/.test(soFar))
          lockText = readFileSync(join(stateDir, `${deployment}.lock`), "utf8");
      },
    });
    const upOut = record(await up.done);
    expect(upOut.code, upOut.stderr).toBe(0);
    expect(lockText).toContain(`"pid": ${up.pid}`);
    seen.push(lockText);

    // The container has it (so the test is not vacuous) ...
    const [id] = containersOf(deployment);
    const envOfContainer = execFileSync("docker", ["inspect", "-f", "{{json .Config.Env}}", id ?? ""], {
      encoding: "utf8",
    });
    expect(envOfContainer).toContain(`TOKEN=${secret}`);
    // ... and the state has what down needs of it, but not the secret.
    const state = readFileSync(join(stateDir, `${deployment}.json`), "utf8");
    seen.push(state);
    expect(JSON.parse(state).nodes.app.teardown).toMatchObject({ stop: { container_stop: { timeout: 1 } } });

    // plan and up with a new secret: the option is named, its values never.
    const planned = record(await berth(["plan", plan, ...common, "-i", `token=${rotated}`, "-i", "grace=1"], { env }));
    expect(planned.stdout).toContain("changed: container_config.environment.TOKEN");
    const planJson = record(
      await berth(["plan", plan, ...common, "-i", `token=${rotated}`, "-i", "grace=1", "--json"], { env }),
    );
    expect(parseJsonOutput(planJson.stdout).result).toMatchObject({ ok: true, command: "plan" });
    const upJson = record(
      await berth(["up", plan, ...common, "-i", `token=${rotated}`, "-i", "grace=1", "--json", "-v"], { env }),
    );
    expect(upJson.code, upJson.stderr).toBe(0);
    const { events, result } = parseJsonOutput(upJson.stdout);
    expect(result).toMatchObject({ ok: true, report: { nodes: { app: { action: "recreated" } } } });
    expect(events.length).toBeGreaterThan(0);
    seen.push(readFileSync(join(stateDir, `${deployment}.json`), "utf8"));

    // status, logs and down without -i: they use what up recorded.
    const status = record(await berth(["status", plan, ...common], { env }));
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^app\s+running/m);
    const logs = record(await berth(["logs", plan, ...common], { env }));
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain("app has its token");
    const down = record(await berth(["down", plan, ...common, "--json", "-v"], { env }));
    expect(down.code, down.stderr).toBe(0);
    expect(containersOf(deployment)).toEqual([]);

    for (const text of seen) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(rotated);
    }
    // Every state write went through a temp file that is gone; down removed the state.
    expect(readdirSync(stateDir)).toEqual([]);
  });
});

describe("a damaged state file", { timeout: 300_000 }, () => {
  it("is reported with advice that fits, and never blocks down, which goes by the labels", async () => {
    const plan = "test/fixtures/cli/two-nodes.ts";
    const { deployment, env, stateDir } = uniqueDeployment("damaged", plan);
    deployments.push(deployment);
    const common = ["--state-dir", stateDir];
    expect((await berth(["up", plan, ...common, "-q"], { env })).code).toBe(0);
    expect(readdirSync(stateDir)).toEqual([`${deployment}.json`]);
    const file = join(stateDir, `${deployment}.json`);

    writeFileSync(file, '{"nodes": null}');
    for (const command of ["status", "up"]) {
      const out = await berth([command, plan, ...common], { env });
      expect(out.code, out.stderr).toBe(1);
      expect(out.stderr).toContain("error: StateDamaged");
      expect(out.stderr).toContain(`the state file ${file} is damaged`);
      expect(out.stderr).toContain("next: `berth down <file>` still works");
    }
    expect(containersOf(deployment)).toHaveLength(2);

    writeFileSync(file, readFileSync(file, "utf8").slice(0, 7));
    const down = await berth(["down", plan, ...common], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/is damaged: .*going on from the engine's labels/);
    expect(containersOf(deployment)).toEqual([]);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
