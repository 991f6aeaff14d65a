/**
 * An sshd on 127.0.0.1 in front of this machine's Docker engine, for the ssh:// tests: its own
 * host key, a user key made for the test (and a wrong one), a known_hosts that knows it, and an
 * ssh-agent on demand. Everything lives in one temporary directory; `stop` ends the processes
 * it started (by their pids) and removes the directory.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./engine.ts";

export interface Sshd {
  readonly port: number;
  readonly dir: string;
  /** `ssh://user@127.0.0.1:port` */
  readonly url: string;
  /** The user key the server accepts, and one it does not. */
  readonly userKey: string;
  readonly wrongKey: string;
  /** A known_hosts file holding the server's real host key. */
  readonly knownHosts: string;
  /** A known_hosts file holding another key for the same host: a changed host key. */
  readonly changedKnownHosts: string;
  /** The `[127.0.0.1]:port` line known_hosts has for this server. */
  readonly knownHostLine: string;
  /** A fresh HOME for a berth process: `.ssh/` with known_hosts and, if asked, the user key as id_ed25519. */
  home(options: { readonly knownHosts: boolean; readonly defaultKey: boolean }): string;
  /** An ssh-agent holding the user key; its socket goes in SSH_AUTH_SOCK. */
  agent(): Promise<string>;
  stop(): Promise<void>;
}

const keygen = (file: string) =>
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "berth-test", "-f", file]);

export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), "berth-sshd-"));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await ended(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    for (const key of ["host_key", "other_host_key", "user_key", "wrong_key"]) keygen(join(dir, key));
    writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "user_key.pub")), { mode: 0o600 });
    const config = [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      "UsePAM no",
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
    ].join("\n");
    writeFileSync(join(dir, "sshd_config"), `${config}\n`);
    mkdirSync("/run/sshd", { recursive: true });
    const sshd = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", join(dir, "sshd_config")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(sshd);
    let log = "";
    sshd.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    await listening(port, () => `sshd did not listen on 127.0.0.1:${port}: ${log}`);

    const publicKey = (file: string) =>
      readFileSync(join(dir, `${file}.pub`), "utf8")
        .split(" ")
        .slice(0, 2)
        .join(" ");
    const name = `[127.0.0.1]:${port}`;
    const knownHostLine = `${name} ${publicKey("host_key")}`;
    writeFileSync(join(dir, "known_hosts"), `${knownHostLine}\n`);
    writeFileSync(join(dir, "changed_known_hosts"), `${name} ${publicKey("other_host_key")}\n`);
    let homes = 0;
    return {
      port,
      dir,
      url: `ssh://${userInfo().username}@127.0.0.1:${port}`,
      userKey: join(dir, "user_key"),
      wrongKey: join(dir, "wrong_key"),
      knownHosts: join(dir, "known_hosts"),
      changedKnownHosts: join(dir, "changed_known_hosts"),
      knownHostLine,
      home: ({ knownHosts, defaultKey }) => {
        const home = join(dir, `home-${homes++}`);
        mkdirSync(join(home, ".ssh"), { recursive: true, mode: 0o700 });
        if (knownHosts) writeFileSync(join(home, ".ssh/known_hosts"), `${knownHostLine}\n`);
        if (defaultKey)
          writeFileSync(join(home, ".ssh/id_ed25519"), readFileSync(join(dir, "user_key")), { mode: 0o600 });
        return home;
      },
      agent: async () => {
        const socket = join(dir, `agent-${children.length}.sock`);
        const agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
        children.push(agent);
        await until(() => {
          try {
            execFileSync("ssh-add", ["-l"], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "ignore" });
            return true;
          } catch (e) {
            // 1: the agent answers and holds no key yet; 2: it does not answer yet.
            return (e as { status?: number }).status === 1;
          }
        }, "ssh-agent did not start");
        execFileSync("ssh-add", ["-q", join(dir, "user_key")], {
          env: { ...process.env, SSH_AUTH_SOCK: socket },
          stdio: "ignore",
        });
        return socket;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Resolves when something accepts connections on 127.0.0.1:port. */
export async function listening(port: number, failure: () => string, ms = 20_000): Promise<void> {
  await until(
    () =>
      new Promise<boolean>((done) => {
        const socket = connect({ host: "127.0.0.1", port }, () => {
          socket.destroy();
          done(true);
        });
        socket.on("error", () => done(false));
      }),
    failure,
    ms,
  );
}

async function until(check: () => boolean | Promise<boolean>, failure: string | (() => string), ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(typeof failure === "string" ? failure : failure());
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ends a child we started (SIGTERM, then SIGKILL after 5 s) and waits for it. */
async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
