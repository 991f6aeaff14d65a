/**
 * Issue #11 §3 on the real engine: a command that exits non-zero while up starts it is a
 * failure, rolled back; a one-shot job that exits 0 stays a success; a service that is no longer
 * running is recreated by up (and berth plan says so); a node kept by --keep-on-failure is redone;
 * berth plan and up agree about nodes that read a changed node's attributes, and plan names the
 * option that changed.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { node, plan } from "../../dsl/mod.ts";
import { down, preview, up } from "../../runtime/mod.ts";
import { berth, containersOf, removeDeployment, uniqueDeployment } from "../fixtures/cli/berth-process.ts";
import { BUSYBOX, cleanupAfterEach, expectKind, leftovers, unwrap, valid } from "./support/engine.ts";

const { setup } = cleanupAfterEach();

describe("success means the deployment is up", () => {
  // A node after the failing one gives up time to see the exit even when the failing
  // container was still running at its own start step's look (up looks again at the end).
  const dependentOf = (target: string) => node("after").image(BUSYBOX).config("/bin/true").start().dependsOn(target);

  it("a command that exits non-zero fails up with its exit code and log tail, and nothing is left", async () => {
    const { deployment, run } = setup("exit3");
    const job = node("job").image(BUSYBOX).config(["/bin/sh", "-c", "echo broken config; exit 3"]).start();
    const p = valid(plan(deployment, [job, dependentOf("job")]));
    const result = await up(p, run.options);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expectKind(error, "ContainerExited");
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/exited with code 3/);
    expect(error.logTail).toContain("broken config");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    // Nothing left on the engine, nothing left on disk.
    expect(existsSync(join(run.options.stateDir ?? "", `${deployment}.json`))).toBe(false);
  });

  it("down of a plan that dropped a node removes that node's container and leaves no state file", async () => {
    const { deployment, run } = setup("dropped");
    const kept = node("kept").image(BUSYBOX).config("sleep 30").start().stop({ timeout: 0 });
    const dropped = node("dropped").image(BUSYBOX).config("sleep 30").start().stop({ timeout: 0 });
    await unwrap(up(valid(plan(deployment, [kept, dropped])), run.options));
    await unwrap(down(valid(plan(deployment, [kept])), run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    expect(existsSync(join(run.options.stateDir ?? "", `${deployment}.json`))).toBe(false);
  });

  it("a one-shot job that exits 0 is a success", async () => {
    const { deployment, run } = setup("oneshot");
    const p = valid(
      plan(deployment, [node("job").image(BUSYBOX).config("/bin/echo hello").start(), dependentOf("job")]),
    );
    expect((await unwrap(up(p, run.options))).nodes.job?.action).toBe("created");
  });

  it("a node without a start operation keeps its created container: plan and the next up say unchanged", async () => {
    const { deployment, run } = setup("nostart");
    const p = valid(plan(deployment, [node("made").image(BUSYBOX).config("/bin/echo hello")]));
    const first = await unwrap(up(p, run.options));
    expect(first.nodes.made?.action).toBe("created");
    const container = first.nodes.made?.runtimeProperties.container ?? "";
    expect(execFileSync("docker", ["inspect", "-f", "{{.State.Status}}", container]).toString().trim()).toBe("created");
    const [change] = await unwrap(preview(p, run.options));
    expect(change).toMatchObject({ node: "made", action: "unchanged" });
    const second = await unwrap(up(p, run.options));
    expect(second.nodes.made?.action).toBe("unchanged");
    expect(second.nodes.made?.runtimeProperties.container).toBe(container);
  });

  it("a service stopped behind berth's back (its command exits 0 on SIGTERM) is recreated, and plan says so", async () => {
    const { deployment, run } = setup("stopped");
    const service = node("svc")
      .image(BUSYBOX)
      .config(["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"])
      .start();
    const p = valid(plan(deployment, [service]));
    const first = await unwrap(up(p, run.options));
    const container = first.nodes.svc?.runtimeProperties.container ?? "";
    execFileSync("docker", ["stop", "-t", "5", container]);
    const [change] = await unwrap(preview(p, run.options));
    expect(change).toMatchObject({ node: "svc", action: "recreate" });
    expect(change?.reason).toMatch(/should be running but is exited \(0\)/);
    const second = await unwrap(up(p, run.options));
    expect(second.nodes.svc?.action).toBe("recreated");
    const running = execFileSync(
      "docker",
      ["inspect", "-f", "{{.State.Running}}", second.nodes.svc?.runtimeProperties.container ?? ""],
      { encoding: "utf8" },
    );
    expect(running.trim()).toBe("true");
  });

  it("a node kept by --keep-on-failure is redone by the next up", async () => {
    const { deployment, run } = setup("kept");
    const svc = node("svc").image(BUSYBOX).config(["/bin/sh", "-c", "exit 4"]).start();
    const failing = valid(plan(deployment, [svc, dependentOf("svc")]));
    const failed = await up(failing, { ...run.options, keepOnFailure: true });
    expect(failed._unsafeUnwrapErr().kind).toBe("ContainerExited");
    expect((await leftovers(deployment)).containers.length).toBeGreaterThanOrEqual(1);
    const [change] = await unwrap(preview(failing, run.options));
    expect(change).toMatchObject({ action: "recreate" });
    expect(change?.reason).toMatch(/keep-on-failure/);
    // The same plan fails again: it is run again, not called unchanged.
    expect((await up(failing, run.options))._unsafeUnwrapErr().kind).toBe("ContainerExited");
  });
});

describe("berth plan and up agree", { timeout: 120_000 }, () => {
  const deployments: string[] = [];
  afterEach(() => {
    for (const name of deployments.splice(0)) removeDeployment(name);
  });

  it("a changed node's readers change too; plan names the option; --exit-code says whether anything would change", async () => {
    const file = "test/fixtures/cli/readers.ts";
    const { deployment, stateDir, env } = uniqueDeployment("cli-readers", file);
    deployments.push(deployment);
    const common = ["--state-dir", stateDir];
    expect((await berth(["up", file, ...common], { env })).code).toBe(0);
    const before = containersOf(deployment).sort();

    const unchanged = await berth(["plan", file, ...common, "--exit-code"], { env });
    expect(unchanged.code).toBe(0);

    const changed = await berth(["plan", file, ...common, "-i", "flavour=b", "--exit-code", "--json"], { env });
    expect(changed.code).toBe(3);
    const result = JSON.parse(changed.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(result.exitCode).toBe(3);
    const byNode = Object.fromEntries(
      (result.changes as { node: string; action: string; reason: string }[]).map((c) => [c.node, c]),
    );
    expect(byNode.db).toMatchObject({ action: "recreate", reason: "changed: container_config.environment.FLAVOUR" });
    expect(byNode.web).toMatchObject({ action: "recreate" });
    expect(byNode.web?.reason).toMatch(/reads attributes of db/);

    const upB = await berth(["up", file, ...common, "-i", "flavour=b", "--json"], { env });
    expect(upB.code).toBe(0);
    const upResult = JSON.parse(upB.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(upResult.report.nodes.db.action).toBe("recreated");
    expect(upResult.report.nodes.web.action).toBe("recreated");
    const after = containersOf(deployment).sort();
    expect(after.some((id) => before.includes(id))).toBe(false);
  });
});
