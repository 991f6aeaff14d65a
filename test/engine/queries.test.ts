/** logs (followed), status, and a daemon that does not answer, against the real engine. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { node, plan } from "../../dsl/mod.ts";
import { logs, status, up } from "../../runtime/mod.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  cleanupDeployment,
  expectKind,
  testRun,
  uniqueName,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer } = cleanupAfterEach();

describe("queries", () => {
  it("follows a container's log lines until it exits, and reports its status", async () => {
    const deployment = uniqueName("follow");
    const run = testRun();
    defer(run.dispose, () => cleanupDeployment(deployment));
    const p = valid(
      plan(deployment, [
        node("talker").image(BUSYBOX).config("/bin/sh -c 'for i in 1 2 3; do echo line $i; sleep 0.3; done'").start(),
      ]),
    );
    await unwrap(up(p, run.options));
    const lines: string[] = [];
    await unwrap(logs(p, "talker", { ...run.options, follow: true, onLine: (n, l) => lines.push(`${n}: ${l}`) }));
    expect(lines).toEqual(["talker: line 1", "talker: line 2", "talker: line 3"]);
    const [s] = await unwrap(status(p, run.options));
    expect(s).toMatchObject({ node: "talker", state: "exited", image: BUSYBOX, ports: [] });
    // An exited job's SINCE is when it exited, about a second (three lines, 0.3 s apart) after it started.
    const finished = execFileSync("docker", ["inspect", "-f", "{{.State.FinishedAt}}", s?.container ?? ""], {
      encoding: "utf8",
    }).trim();
    expect(s?.since).toBe(finished);
    expect((await logs(p, "nope", { ...run.options, onLine: () => undefined }))._unsafeUnwrapErr().kind).toBe(
      "InvalidPlan",
    );
  });

  it("fails with DaemonUnreachable naming the endpoint for a daemon that is not there", async () => {
    const run = testRun();
    defer(run.dispose);
    const p = valid(
      plan(uniqueName("nodaemon"), [
        node("x", { daemon_client: { base_url: "unix:///tmp/berth-no-such-docker.sock" } })
          .image(BUSYBOX)
          .config("/bin/true")
          .start(),
      ]),
    );
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "DaemonUnreachable", node: "x" });
    expectKind(error, "DaemonUnreachable");
    expect(error.endpoint).toContain("/tmp/berth-no-such-docker.sock");
    expect(error.message).toContain("/tmp/berth-no-such-docker.sock");
  });
});
