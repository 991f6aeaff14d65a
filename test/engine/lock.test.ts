/**
 * Issue #11 §2 with real `berth` processes against the real engine: of two runs of one
 * deployment at once exactly one proceeds and the other fails at once (exit 75) naming the
 * first's pid, or waits with --wait-lock; a lock left by a SIGKILLed run is taken over.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { berth, containersOf, removeDeployment, startBerth, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const plan = "test/fixtures/cli/slow.ts";
const deployments: string[] = [];
afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

/** A unique deployment of the slow plan; `args` adds the state directory to a command's arguments. */
function slowDeployment(prefix: string) {
  const d = uniqueDeployment(prefix, plan);
  deployments.push(d.deployment);
  return { ...d, args: (...command: string[]) => [...command, "--state-dir", d.stateDir] };
}

/** Resolves once the stderr seen so far matches. */
function when(pattern: RegExp): { onStderr: (soFar: string) => void; seen: Promise<void> } {
  let done = () => {};
  const seen = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { onStderr: (soFar) => (pattern.test(soFar) ? done() : undefined), seen };
}

/** Lets the slow plan's start finish (see test/fixtures/cli/slow.ts). */
function letFinish(deployment: string): void {
  for (const id of containersOf(deployment)) execFileSync("docker", ["exec", id, "sh", "-c", ": > /go"]);
}

const lockFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".lock") || f.includes(".lock."));

describe("one run of a deployment at a time", { timeout: 240_000 }, () => {
  it("of two berth up at once, exactly one proceeds; the other exits 75 naming the first's pid", async () => {
    const { deployment, env, stateDir, args } = slowDeployment("lock-two");
    const started = when(/slow start started/);
    const one = startBerth(args("up", plan), { env, onStderr: started.onStderr });
    const two = startBerth(args("up", plan), { env, onStderr: started.onStderr });
    // Whichever got the lock holds it until it is let finish; the other must be done by then.
    await started.seen;
    const first = await Promise.race([one.done, two.done]);
    letFinish(deployment);
    const runs = [
      { pid: one.pid, ...(await one.done) },
      { pid: two.pid, ...(await two.done) },
    ];
    expect(first.code).toBe(75);
    const winner = runs.find((r) => r.code === 0);
    const loser = runs.find((r) => r.code !== 0);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 75]);
    expect(loser?.stderr).toContain("error: DeploymentLocked");
    expect(loser?.stderr).toContain(`berth up (pid ${winner?.pid}, plan `);
    expect(loser?.stderr).toMatch(/next: wait for the other run to finish.*--wait-lock/);
    // The loser did nothing: the winner's one container runs, and no lock is left.
    expect(containersOf(deployment)).toHaveLength(1);
    expect(lockFiles(stateDir)).toEqual([]);
    expect((await berth(args("down", plan, "-q"), { env })).code).toBe(0);
  });

  it("down during up fails at once and changes nothing; with --wait-lock it waits, then goes down", async () => {
    const { deployment, env, stateDir, args } = slowDeployment("lock-down");
    const started = when(/slow start started/);
    const upRun = startBerth(args("up", plan), { env, onStderr: started.onStderr });
    await started.seen;
    const lock = JSON.parse(readFileSync(join(stateDir, `${deployment}.lock`), "utf8"));
    expect(lock).toMatchObject({ pid: upRun.pid, command: "up" });

    const waitingSaid = when(/waiting for berth up/);
    const waiting = startBerth(args("down", plan, "--wait-lock", "120"), { env, onStderr: waitingSaid.onStderr });
    const refused = await berth(args("down", plan, "--json"), { env });
    expect(refused.code).toBe(75);
    const result = JSON.parse(refused.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result).toMatchObject({
      ok: false,
      exitCode: 75,
      error: { kind: "DeploymentLocked", deployment, holder: { pid: upRun.pid, command: "up" } },
    });
    // The refused down touched nothing: up goes on and succeeds; the waiting down goes after it.
    await waitingSaid.seen;
    letFinish(deployment);
    const upDone = await upRun.done;
    expect(upDone.code, upDone.stderr).toBe(0);
    const downDone = await waiting.done;
    expect(downDone.code, downDone.stderr).toBe(0);
    expect(downDone.stderr).toContain(`waiting for berth up (pid ${upRun.pid}) to release deployment ${deployment}`);
    expect(downDone.stdout).toMatch(/^slow\s+removed/m);
    expect(containersOf(deployment)).toEqual([]);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it("takes over the lock of a berth up that was killed with SIGKILL", async () => {
    // Two nodes: killed while db starts, the run leaves its lock, db's container and no web.
    const twoNodes = "test/fixtures/cli/two-nodes.ts";
    const { deployment, env, stateDir } = uniqueDeployment("lock-kill", twoNodes);
    deployments.push(deployment);
    const args = (...command: string[]) => [...command, "--state-dir", stateDir];
    let killed = false;
    const first = startBerth(args("up", twoNodes), {
      env,
      onStderr: (soFar, kill) => {
        if (!killed && /db start started/.test(soFar)) {
          killed = true;
          kill("SIGKILL");
        }
      },
    });
    const out = await first.done;
    expect(out.signal).toBe("SIGKILL");
    const lockFile = join(stateDir, `${deployment}.lock`);
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(first.pid);

    const next = await berth(args("up", twoNodes), { env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`took over the lock of berth up (pid ${first.pid}`);
    expect(existsSync(lockFile)).toBe(false);
    expect(containersOf(deployment)).toHaveLength(2);
    expect((await berth(args("down", twoNodes, "-q"), { env })).code).toBe(0);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
