/**
 * ssh:// as `docker -H ssh://` users expect (issue #15), through an sshd the test starts on
 * 127.0.0.1 in front of this machine's engine: up, status, logs and down with the key from
 * ssh-agent, from daemon_client.ssh.identity_file and from ~/.ssh/id_ed25519 under DOCKER_HOST;
 * a wrong key, a changed host key and an unknown host key each give their own error.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseJsonOutput } from "../../cli/json-schema.ts";
import { berth, containersOf, removeDeployment, uniqueDeployment } from "../fixtures/cli/berth-process.ts";
import { type Sshd, startSshd } from "./support/sshd.ts";

const plan = "test/fixtures/cli/remote-nodes.ts";
let sshd: Sshd;
const deployments: string[] = [];

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

/** A deployment whose node `far` is reached over ssh with `daemon_client`, in a HOME of its own. */
function deployment(prefix: string, far: Record<string, unknown>, env: Record<string, string> = {}) {
  const d = uniqueDeployment(prefix);
  deployments.push(d.name);
  const run = ([command, ...rest]: string[]) =>
    berth([command ?? "status", plan, ...rest, "--state-dir", d.stateDir], {
      env: { ...d.env, BERTH_TEST_FAR: JSON.stringify({ base_url: sshd.url, timeout: 20, ...far }), ...env },
    });
  return { ...d, run };
}

/** Nothing on stderr that looks like a warning or a stack trace. */
const quiet = (stderr: string) => {
  expect(stderr).not.toMatch(/Warning|TypeError|\n\s+at /);
};

describe("ssh://user@host:port in daemon_client", { timeout: 120_000 }, () => {
  it("goes up, shows the daemon of each node, prints logs and goes down, with the key from ssh-agent", async () => {
    const agent = await sshd.agent();
    const home = sshd.home({ knownHosts: true, defaultKey: false });
    const d = deployment("ssh-agent", {}, { HOME: home, SSH_AUTH_SOCK: agent });

    const up = await d.run(["up"]);
    quiet(up.stderr);
    expect(up.code, up.stderr).toBe(0);
    // Both nodes are on this machine's engine: near through the socket, far through sshd.
    expect(containersOf(d.name)).toHaveLength(2);

    const status = await d.run(["status"]);
    quiet(status.stderr);
    expect(status.code, status.stderr).toBe(0);
    const rows = status.stdout.trimEnd().split("\n").slice(2);
    expect(rows.map((r) => [r.split(/\s+/)[0], r.split(/\s+/)[1], r.split(/\s+/).at(-1)])).toEqual([
      ["near", "running", "unix:///var/run/docker.sock"],
      ["far", "running", sshd.url],
    ]);

    const logs = await d.run(["logs"]);
    quiet(logs.stderr);
    expect(logs.stdout).toContain("far  | far says hello");
    expect(logs.stdout).toContain("near | near says hello");

    const down = await d.run(["down"]);
    quiet(down.stderr);
    expect(down.code, down.stderr).toBe(0);
    expect(containersOf(d.name)).toEqual([]);
  });

  it("logs in with daemon_client.ssh.identity_file, and with ~/.ssh/id_ed25519 under DOCKER_HOST and -H", async () => {
    const home = sshd.home({ knownHosts: true, defaultKey: false });
    const d = deployment("ssh-key", { ssh: { identity_file: sshd.userKey } }, { HOME: home });
    const up = await d.run(["up"]);
    quiet(up.stderr);
    expect(up.code, up.stderr).toBe(0);
    const logs = await d.run(["logs", "far"]);
    expect([logs.code, logs.stdout], logs.stderr).toEqual([0, "far says hello\n"]);

    // DOCKER_HOST=ssh://… for every node: the usual default key, no agent, no crash, no warning.
    const withDefaultKey = sshd.home({ knownHosts: true, defaultKey: true });
    const status = await berth(["status", plan, "--state-dir", d.stateDir, "--json"], {
      env: { ...d.env, HOME: withDefaultKey, DOCKER_HOST: sshd.url, SSH_AUTH_SOCK: "" },
    });
    quiet(status.stderr);
    expect(status.code, status.stderr).toBe(0);
    const result = parseJsonOutput(status.stdout).result;
    expect(result).toMatchObject({
      command: "status",
      nodes: [
        { node: "near", state: "running", daemon: sshd.url },
        { node: "far", state: "running", daemon: sshd.url },
      ],
    });

    // -H ssh://… as well: both nodes go down through sshd (near's container is on the same engine).
    const down = await berth(["down", plan, "-H", sshd.url, "--state-dir", d.stateDir], {
      env: { ...d.env, HOME: withDefaultKey, BERTH_TEST_FAR: JSON.stringify({ base_url: sshd.url, timeout: 20 }) },
    });
    quiet(down.stderr);
    expect(down.code, down.stderr).toBe(0);
    expect(containersOf(d.name)).toEqual([]);
  });

  it("says which key the server refused", async () => {
    const home = sshd.home({ knownHosts: true, defaultKey: false });
    const d = deployment("ssh-wrong", { ssh: { identity_file: sshd.wrongKey } }, { HOME: home, SSH_AUTH_SOCK: "" });
    const up = await d.run(["up", "--json"]);
    quiet(up.stderr);
    expect(up.code).toBe(1);
    expect(parseJsonOutput(up.stdout).result).toMatchObject({
      ok: false,
      error: { kind: "DaemonAuthFailed", endpoint: sshd.url, user: expect.any(String), tried: [sshd.wrongKey] },
    });
    expect(up.stderr).toContain(`error: DaemonAuthFailed`);
    expect(up.stderr).toContain(`berth offered ${sshd.wrongKey}`);
    expect(up.stderr).toMatch(/next: load the key into ssh-agent/);
    // near was created before far failed, and was rolled back: nothing is left.
    expect(containersOf(d.name)).toEqual([]);
  });

  it("refuses a changed host key and an unknown one, and records a new one only when told to", async () => {
    const home = sshd.home({ knownHosts: false, defaultKey: false });
    const changed = deployment(
      "ssh-changed",
      { ssh: { identity_file: sshd.userKey, known_hosts: sshd.changedKnownHosts } },
      {
        HOME: home,
      },
    );
    const mismatch = await changed.run(["status"]);
    quiet(mismatch.stderr);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain("error: HostKeyMismatch");
    expect(mismatch.stderr).toContain(`has CHANGED`);
    expect(mismatch.stderr).toContain(`${sshd.changedKnownHosts}:1`);
    expect(mismatch.stderr).toMatch(/next: do not connect until you know why the host key changed/);

    const knownHosts = join(home, "new_known_hosts");
    writeFileSync(knownHosts, "");
    const ssh = { identity_file: sshd.userKey, known_hosts: knownHosts };
    const unknown = await deployment("ssh-unknown", { ssh }, { HOME: home }).run(["status"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: HostKeyUnknown");
    expect(unknown.stderr).toMatch(
      /the ssh host key of \[127\.0\.0\.1\]:\d+ \(SHA256:[A-Za-z0-9+/]{43}\) is in no known_hosts file/,
    );
    expect(readFileSync(knownHosts, "utf8")).toBe("");

    const accepted = await deployment("ssh-accept", { ssh: { ...ssh, accept_new_host_key: true } }, { HOME: home }).run(
      ["status"],
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(readFileSync(knownHosts, "utf8")).toBe(`${sshd.knownHostLine}\n`);
    // The user's own known_hosts was not touched.
    expect(existsSync(join(home, ".ssh/known_hosts"))).toBe(false);
  });
});
