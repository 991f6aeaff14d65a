/**
 * A second Docker engine on this machine, for plans that span two daemons and for engine
 * faults (killed, frozen, restarted) that must never touch the main engine.
 *
 * It runs in a network namespace of its own (`nsenter --net`, not `ip netns exec`, which fails
 * with "Devices cgroup isn't mounted"), because a second dockerd in the main namespace deletes
 * the main engine's docker0 bridge. It listens on a unix socket and, with TLS and client
 * certificates made here by openssl, on TCP at the namespace's end of a veth pair
 * (10.213.x.y/30, addresses this module creates). `dispose` stops everything it started, removes
 * its data, and fails loudly if the main engine's docker0 is gone.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUSYBOX } from "./constants.ts";

export interface Certificates {
  readonly dir: string;
  /** The CA that signed the engine's and the client's certificates. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** A CA that signed nothing here. */
  readonly otherCa: string;
}

export interface SecondEngine {
  readonly name: string;
  /** `unix:///run/<name>.sock` */
  readonly socket: string;
  /** `https://10.213.x.y:2376`, TLS with client certificates. */
  readonly url: string;
  readonly certs: Certificates;
  /** `docker` against this engine (through its socket); returns stdout. */
  docker(...args: string[]): string;
  /** Sends a signal to its dockerd: SIGSTOP freezes it, SIGCONT thaws it, SIGKILL kills it. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when its dockerd has exited (after a kill or a stop). */
  exited(): Promise<void>;
  /** Starts dockerd again on the same data (after a kill or a stop). */
  start(): Promise<void>;
  /** Stops dockerd cleanly (SIGTERM), as a machine's shutdown would. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

const run = (command: string, args: readonly string[], input?: string): string =>
  execFileSync(command, [...args], {
    encoding: "utf8",
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    ...(input !== undefined && { input }),
  });

export async function startSecondEngine(): Promise<SecondEngine> {
  const id = randomBytes(3).toString("hex");
  const name = `berth-t-${id}`;
  const [hostIf, nsIf] = [`bh-${id}`, `bn-${id}`];
  const dataRoot = `/var/lib/${name}`;
  const execRoot = `/run/${name}`;
  const socketPath = `/run/${name}.sock`;
  const pidFile = `/run/${name}.pid`;
  const certDir = `${dataRoot}-certs`;
  const logFile = `${dataRoot}.log`;
  let dockerd: ChildProcess | undefined;
  let exit: Promise<void> = Promise.resolve();

  const cleanup = async () => {
    const problems: string[] = [];
    const attempt = (what: string, step: () => void) => {
      try {
        step();
      } catch (e) {
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const running = () => dockerd !== undefined && dockerd.exitCode === null && dockerd.signalCode === null;
    if (running()) attempt("thaw dockerd", () => dockerd?.kill("SIGCONT"));
    else if (dockerd !== undefined && existsSync(`/run/netns/${name}`)) {
      // Killed: a new dockerd on the same data reaps what the old one left running.
      await start().catch((e: unknown) => problems.push(`restart to clean up: ${String(e)}`));
    }
    if (running() && dockerd !== undefined) {
      attempt("remove its containers", () => {
        const ids = run("docker", ["-H", `unix://${socketPath}`, "ps", "-aq"])
          .split("\n")
          .filter((x) => x !== "");
        if (ids.length > 0) run("docker", ["-H", `unix://${socketPath}`, "rm", "-f", ...ids]);
      });
      dockerd.kill("SIGTERM");
      const stopped = await Promise.race([exit.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) {
        dockerd.kill("SIGKILL");
        await exit;
      }
    }
    // After a SIGKILL, dockerd's containerd and its shims outlive it: end them by pid.
    for (const pid of processesUsing([execRoot, dataRoot])) attempt(`kill ${pid}`, () => process.kill(pid, "SIGKILL"));
    for (const mount of mountsUnder([dataRoot, execRoot]))
      attempt(`umount ${mount}`, () => run("umount", ["-l", mount]));
    for (const path of [dataRoot, execRoot, socketPath, pidFile, certDir, logFile]) {
      attempt(`remove ${path}`, () => rmSync(path, { recursive: true, force: true }));
    }
    if (existsSync(`/run/netns/${name}`)) attempt("delete the namespace", () => run("ip", ["netns", "del", name]));
    // Deleting the namespace deletes the veth pair, a moment later.
    for (let i = 0; i < 20 && linkExists(hostIf); i++) await sleep(100);
    if (linkExists(hostIf)) attempt("delete the veth", () => run("ip", ["link", "del", hostIf]));
    if (!linkExists("docker0")) {
      problems.push("the MAIN engine's docker0 bridge is gone: its containers can no longer start");
    }
    if (problems.length > 0) throw new Error(`second engine ${name}: ${problems.join("; ")}`);
  };

  const start = async () => {
    // A dockerd killed with SIGKILL leaves its containerd running, holding its database: the new
    // dockerd would wait for a containerd of its own and give up. Its shims may stay; the new
    // containerd takes them over.
    await endStaleContainerd(join(execRoot, "containerd", "containerd.pid"));
    const log = openSync(logFile, "a");
    const child = spawn(
      "nsenter",
      [
        `--net=/run/netns/${name}`,
        "dockerd",
        "--host",
        `unix://${socketPath}`,
        "--host",
        `tcp://${address.engine}:2376`,
        "--tlsverify",
        "--tlscacert",
        certs.ca,
        "--tlscert",
        join(certDir, "server.pem"),
        "--tlskey",
        join(certDir, "server-key.pem"),
        "--data-root",
        dataRoot,
        "--exec-root",
        execRoot,
        "--pidfile",
        pidFile,
      ],
      { stdio: ["ignore", log, log] },
    );
    closeSync(log);
    dockerd = child;
    exit = new Promise((done) => child.once("exit", () => done()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dockerd ${name} exited: ${tail(logFile)}`);
      try {
        run("docker", ["-H", `unix://${socketPath}`, "version", "--format", "{{.Server.Version}}"]);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`dockerd ${name} did not answer in 60 s: ${tail(logFile)}`);
        await sleep(250);
      }
    }
  };

  const address = freeSubnet();
  const certs: Certificates = {
    dir: certDir,
    ca: join(certDir, "ca.pem"),
    cert: join(certDir, "cert.pem"),
    key: join(certDir, "key.pem"),
    otherCa: join(certDir, "other-ca.pem"),
  };
  try {
    run("ip", ["netns", "add", name]);
    run("ip", ["link", "add", hostIf, "type", "veth", "peer", "name", nsIf]);
    run("ip", ["link", "set", nsIf, "netns", name]);
    run("ip", ["addr", "add", `${address.host}/30`, "dev", hostIf]);
    run("ip", ["link", "set", hostIf, "up"]);
    const inside = (...args: string[]) => run("nsenter", [`--net=/run/netns/${name}`, "ip", ...args]);
    inside("addr", "add", `${address.engine}/30`, "dev", nsIf);
    inside("link", "set", nsIf, "up");
    inside("link", "set", "lo", "up");
    makeCertificates(certDir, address.engine);
    await start();
    // The engine starts empty and no registry is reachable: it gets the test image from the main one.
    execFileSync(
      "bash",
      ["-o", "pipefail", "-c", 'docker save "$1" | docker -H "$2" load -q', "load", BUSYBOX, `unix://${socketPath}`],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
  } catch (e) {
    await cleanup().catch(() => undefined);
    throw e;
  }

  return {
    name,
    socket: `unix://${socketPath}`,
    url: `https://${address.engine}:2376`,
    certs,
    docker: (...args) => run("docker", ["-H", `unix://${socketPath}`, ...args]),
    signal: (signal) => {
      dockerd?.kill(signal);
    },
    exited: () => exit,
    start,
    stop: async () => {
      dockerd?.kill("SIGCONT");
      dockerd?.kill("SIGTERM");
      await exit;
    },
    dispose: cleanup,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function linkExists(name: string): boolean {
  try {
    run("ip", ["link", "show", name]);
    return true;
  } catch {
    return false;
  }
}

/** A /30 in 10.213.0.0/16 that no interface on this machine uses yet. */
function freeSubnet(): { host: string; engine: string } {
  const used = run("ip", ["-o", "-4", "addr", "show"]);
  for (let attempt = 0; attempt < 50; attempt++) {
    const third = randomBytes(1)[0] as number;
    const fourth = ((randomBytes(1)[0] as number) & 0xfc) % 252;
    const prefix = `10.213.${third}.`;
    if (!used.includes(`${prefix}${fourth + 1}/`) && !used.includes(`${prefix}${fourth + 2}/`)) {
      return { host: `${prefix}${fourth + 1}`, engine: `${prefix}${fourth + 2}` };
    }
  }
  throw new Error("no free /30 in 10.213.0.0/16");
}

/** A CA, the engine's certificate for its address, a client certificate, and an unrelated CA. */
function makeCertificates(dir: string, engineAddress: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ssl = (...args: string[]) => run("openssl", args);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  const at = (file: string) => join(dir, file);
  ssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    at("ca-key.pem"),
    "-out",
    at("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=berth test CA",
  );
  ssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    at("other-ca-key.pem"),
    "-out",
    at("other-ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=some other CA",
  );
  const sign = (name: string, keyFile: string, certFile: string, extensions: string) => {
    ssl("req", ...ec, "-keyout", at(keyFile), "-out", at(`${name}.csr`), "-subj", `/CN=${name}`);
    writeFileSync(at(`${name}.ext`), extensions);
    ssl(
      "x509",
      "-req",
      "-in",
      at(`${name}.csr`),
      "-CA",
      at("ca.pem"),
      "-CAkey",
      at("ca-key.pem"),
      "-CAcreateserial",
      "-out",
      at(certFile),
      "-days",
      "2",
      "-extfile",
      at(`${name}.ext`),
    );
  };
  sign(
    "berth-test-engine",
    "server-key.pem",
    "server.pem",
    `subjectAltName=IP:${engineAddress}\nextendedKeyUsage=serverAuth\n`,
  );
  sign("berth-test-client", "key.pem", "cert.pem", "extendedKeyUsage=clientAuth\n");
}

/**
 * dockerd starts containerd with a parent-death signal, so a SIGKILL of dockerd kills it too; but
 * its pid file stays, and where PID 1 does not reap orphans the pid lives on as a zombie, which
 * the next dockerd takes for a running containerd and waits on until it gives up. A pid file that
 * names no live containerd is removed; a live one is ended.
 */
async function endStaleContainerd(pidFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return;
  }
  const state = (): string => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const status = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return status === "Z" ? "gone" : cmdline.startsWith("containerd") ? "running" : "gone";
    } catch {
      return "gone";
    }
  };
  if (pid > 1 && state() === "running") {
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && state() === "running"; i++) await sleep(50);
  }
  rmSync(pidFile, { force: true });
}

/** Pids of processes whose command line names one of these paths (dockerd's containerd and shims). */
function processesUsing(paths: readonly string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (paths.some((p) => cmdline.includes(`${p}/`) || cmdline.includes(`${p} `))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Mount points under these directories, deepest first. */
function mountsUnder(dirs: readonly string[]): string[] {
  return readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((mount) => dirs.some((d) => mount === d || mount.startsWith(`${d}/`)))
    .sort((a, b) => b.length - a.length);
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-5).join("\n");
  } catch {
    return "(no log)";
  }
}
