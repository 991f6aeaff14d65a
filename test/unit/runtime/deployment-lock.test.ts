/**
 * The deployment lock on real files and real processes (no Docker): one holder at a time, a
 * lock whose process is gone is taken over, and when several processes find the same stale lock
 * at the same moment exactly one takes it over.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../runtime/clock.ts";
import { type LockRequest, lockFile } from "../../../runtime/state/deployment-lock.ts";
import { virtualClock } from "./support.ts";

const repo = resolve(import.meta.dirname, "../../..");
const child = join(repo, "test/fixtures/lock/lock-child.ts");

const dirs: string[] = [];
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-lock-"));
  dirs.push(dir);
  return join(dir, "d.lock");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const request = (extra: Partial<LockRequest> = {}): LockRequest => ({
  deployment: "d",
  command: "up",
  plan: "/srv/app/plan.ts",
  waitMs: 0,
  clock: systemClock,
  ...extra,
});

/** The pid of a process that has exited: a lock naming it is stale. */
const deadPid = (): number => {
  const pid = Number(
    execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }),
  );
  expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  return pid;
};

/** A lock file as a run on this host would write it. */
const writeLock = (file: string, pid: number, processStart: number, nonce = "ab".repeat(12)) =>
  writeFileSync(
    file,
    JSON.stringify({
      pid,
      hostname: hostname(),
      command: "up",
      plan: "/old/plan.ts",
      since: "2025-01-01T00:00:00.000Z",
      nonce,
      processStart,
    }),
  );
const staleLock = (file: string, pid: number, nonce = "ab".repeat(12)) => writeLock(file, pid, Date.now(), nonce);

interface ChildResult {
  readonly acquired: boolean;
  readonly pid: number;
  readonly error?: { kind: string; message: string; holder?: { pid: number } };
}

/** Starts `n` processes, waits until each is ready, then lets them all try the lock at once. */
async function race(file: string, n: number, holdMs: number): Promise<ChildResult[]> {
  const children = Array.from({ length: n }, () => {
    const p = spawn(process.execPath, ["--import", "tsx", child, file, String(holdMs)], {
      cwd: repo,
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    const ready = new Promise<void>((done) => {
      p.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.startsWith("ready\n")) done();
      });
    });
    const result = new Promise<ChildResult>((done, fail) => {
      p.on("error", fail);
      p.on("close", () => done(JSON.parse(out.slice("ready\n".length)) as ChildResult));
    });
    return { p, ready, result };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.p.stdin.write("go\n");
  return Promise.all(children.map((c) => c.result));
}

describe("the deployment lock", () => {
  it("has one holder at a time, says who holds it, and is gone once released", async () => {
    const file = lockPath();
    const first = (await lockFile(file, request()))._unsafeUnwrap();
    const content = JSON.parse(readFileSync(file, "utf8"));
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname(), command: "up", plan: "/srv/app/plan.ts" });
    const second = (await lockFile(file, request({ command: "down" })))._unsafeUnwrapErr();
    expect(second).toMatchObject({
      kind: "DeploymentLocked",
      deployment: "d",
      lockFile: file,
      holder: { pid: process.pid, command: "up" },
    });
    expect(second.message).toContain(`berth up (pid ${process.pid}, plan /srv/app/plan.ts)`);
    await first.release();
    expect(existsSync(file)).toBe(false);
    const third = (await lockFile(file, request()))._unsafeUnwrap();
    await third.release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("takes over a lock whose process is gone", async () => {
    const file = lockPath();
    staleLock(file, deadPid());
    const held = (await lockFile(file, request()))._unsafeUnwrap();
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await held.release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("tells a live holder from a later process given the same pid, and from a zombie", async () => {
    const file = lockPath();
    // A process that lives on: the holder while its start time matches, not once it does not.
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const pid = sleeper.pid ?? 0;
      writeLock(file, pid, Date.now());
      expect((await lockFile(file, request()))._unsafeUnwrapErr()).toMatchObject({ holder: { pid } });
      writeLock(file, pid, Date.now() - 3_600_000);
      await (await lockFile(file, request()))._unsafeUnwrap().release();
    } finally {
      sleeper.kill();
    }
    // This very pid, written by an earlier process (a restarted container's berth gets the same pid).
    writeLock(file, process.pid, performance.timeOrigin - 60_000);
    const taken = (await lockFile(file, request()))._unsafeUnwrap();
    expect(JSON.parse(readFileSync(file, "utf8")).processStart).toBe(performance.timeOrigin);
    await taken.release();
    // A zombie: sh's child exits, and nothing reaps it once sh has become `sleep`.
    const zombie = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const pid = Number(
        await new Promise<string>((done) => zombie.stdout.once("data", (d: Buffer) => done(d.toString()))),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(`/proc/${pid}/stat`, "utf8")).toMatch(/\) Z /);
      writeLock(file, pid, Date.now());
      await (await lockFile(file, request()))._unsafeUnwrap().release();
    } finally {
      zombie.kill();
    }
  });

  it("does not take over a lock held on another host, and says it cannot tell", async () => {
    const file = lockPath();
    writeFileSync(
      file,
      JSON.stringify({
        pid: 1,
        hostname: "elsewhere",
        command: "down",
        plan: "p",
        since: "s",
        nonce: "cd".repeat(12),
        processStart: 0,
      }),
    );
    const error = (await lockFile(file, request()))._unsafeUnwrapErr();
    expect(error.message).toContain("pid 1 on host elsewhere");
    expect(error.message).toContain(`if that run is gone, remove ${file}`);
  });

  it("reports an unreadable lock file instead of guessing", async () => {
    const file = lockPath();
    writeFileSync(file, "garbage");
    const error = (await lockFile(file, request({ clock: virtualClock() })))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "DeploymentLocked", lockFile: file });
    expect(error.kind === "DeploymentLocked" && error.holder).toBeUndefined();
    expect(error.message).toContain(`its lock file ${file} cannot be read`);
  });

  it("waits for the holder with waitMs, and stops waiting when the signal aborts", async () => {
    const file = lockPath();
    const holder = (await lockFile(file, request()))._unsafeUnwrap();
    setTimeout(() => void holder.release(), 300);
    const waited = (await lockFile(file, request({ waitMs: 10_000 })))._unsafeUnwrap();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const interrupted = (await lockFile(file, request({ waitMs: 60_000, signal: abort.signal })))._unsafeUnwrapErr();
    expect(interrupted.kind).toBe("Interrupted");
    await waited.release();
  });

  it("lets exactly one of many concurrent attempts in one process take over a stale lock", async () => {
    const file = lockPath();
    staleLock(file, deadPid());
    const results = await Promise.all(Array.from({ length: 12 }, () => lockFile(file, request())));
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind)).toEqual(
      Array(11).fill("DeploymentLocked"),
    );
    for (const r of results) if (r.isOk()) await r.value.release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("lets exactly one of several processes that find the same stale lock at once take it over", {
    timeout: 60_000,
  }, async () => {
    const file = lockPath();
    staleLock(file, deadPid());
    const results = await race(file, 4, 1500);
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.acquired)) {
      expect(loser.error?.kind).toBe("DeploymentLocked");
      expect(loser.error?.holder?.pid).toBe(winners[0]?.pid);
      expect(loser.error?.message).toContain(`pid ${winners[0]?.pid}`);
    }
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("takes over a take-over claim left by a process killed mid-way", async () => {
    const file = lockPath();
    const nonce = "ef".repeat(12);
    staleLock(file, deadPid(), nonce);
    // The claimer of that stale lock died too, leaving its claim behind.
    staleLock(`${file}.takeover-${nonce}`, deadPid(), "12".repeat(12));
    const held = (await lockFile(file, request()))._unsafeUnwrap();
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await held.release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });
});
