/**
 * One run of a deployment at a time: `up` and `down` hold `<deployment>.lock` in the state
 * directory while they run. The file says who holds it (pid, host, command, plan, since) and is
 * created whole and atomically: its content goes to a temp file first, which is then hard-linked
 * to the lock's name (link fails if the name exists, so exactly one process wins).
 *
 * A lock whose holder is gone (same host, and the pid no longer exists, is a zombie, or belongs to
 * a process that started after the holder: see isAlive) is stale and is taken over. Two processes may find the same stale lock at once; each first claims the take-over of
 * that very lock instance (`<lock>.takeover-<nonce>`, created the same atomic way), and only the
 * one that gets the claim, after checking the lock still is the stale one, renames its own lock
 * over it. The other finds a live holder and fails. A claimer killed mid-way leaves a stale claim,
 * taken over the same way.
 *
 * The lock holds no argument of the command line: `-i` values may be secrets.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { z } from "zod";
import { type BerthError, berthError } from "../berth-error.ts";
import type { Clock } from "../clock.ts";
import { replaceFile, writeTemp } from "./temp-file.ts";

/** Who holds a deployment's lock. */
const lockHolderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** The run: `up` or `down`. */
  command: z.string(),
  /** The plan identity of the run. */
  plan: z.string(),
  /** ISO time the run took the lock. */
  since: z.string(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;

// The nonce names the instance of a lock file (and its take-over claim file): hex only, so a
// crafted lock cannot point a claim outside the state directory.
const lockFileSchema = lockHolderSchema.extend({
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
  /** When the holder's process started (its performance.timeOrigin): tells it from a later process given the same pid. */
  processStart: z.number(),
});
type LockFile = z.infer<typeof lockFileSchema>;

export interface LockRequest {
  readonly deployment: string;
  readonly command: "up" | "down";
  readonly plan: string;
  /** How long to wait for another run to finish; 0 fails at once. */
  readonly waitMs: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Called once when the run starts waiting (waitMs > 0) for another holder. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

export interface HeldLock {
  readonly file: string;
  /** The holder whose lock this run took over because its process was gone. */
  readonly tookOver?: LockHolder;
  /** Removes the lock if it is still this run's; never fails. */
  release(): ResultAsync<void, never>;
}

export type LockFailure = BerthError<"DeploymentLocked" | "StateError" | "Interrupted">;

/** How often a waiting run looks again, and how long a take-over in progress is waited for. */
const POLL_MS = 200;
const TRANSIENT_TRIES = 50;
const TRANSIENT_MS = 20;
/** Take-overs of take-overs: one more level per process killed inside a take-over. */
const MAX_DEPTH = 8;

type Attempt =
  | { readonly kind: "acquired"; readonly nonce: string; readonly tookOver?: LockFile }
  | { readonly kind: "held"; readonly holder: LockFile }
  /** The file exists but says nothing readable (being written on a file system without link, or damaged). */
  | { readonly kind: "unreadable" }
  /** Someone released or is taking over the lock right now: look again shortly. */
  | { readonly kind: "busy" };

/** Takes the lock at `file`, waiting up to `request.waitMs` for another run to finish. */
export function lockFile(file: string, request: LockRequest): ResultAsync<HeldLock, LockFailure> {
  return new ResultAsync(takeLock(file, request));
}

async function takeLock(file: string, request: LockRequest): Promise<Result<HeldLock, LockFailure>> {
  let outcome: Waited;
  try {
    await mkdir(dirname(file), { recursive: true });
    outcome = await acquireWaiting(file, request);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    return err(berthError("StateError", `cannot lock ${file}: ${why}`, { file, cause }));
  }
  switch (outcome.kind) {
    case "acquired":
      return ok(held(file, outcome.nonce, outcome.tookOver && holderOf(outcome.tookOver)));
    case "interrupted":
      return err(
        berthError("Interrupted", `interrupted while waiting for deployment ${request.deployment}'s lock`, {
          notDone: [],
        }),
      );
    case "locked":
      return err(lockedError(request.deployment, file, outcome.holder, request.waitMs));
  }
}

type Waited =
  | { readonly kind: "acquired"; readonly nonce: string; readonly tookOver?: LockFile }
  | { readonly kind: "locked"; readonly holder?: LockHolder }
  | { readonly kind: "interrupted" };

async function acquireWaiting(file: string, request: LockRequest): Promise<Waited> {
  const { clock } = request;
  const deadline = clock.now() + request.waitMs;
  const content = contentOf(request);
  let transient = 0;
  let waiting = false;
  for (;;) {
    if (request.signal?.aborted) return { kind: "interrupted" };
    const attempt = await acquire(file, content, 0);
    if (attempt.kind === "acquired") return attempt;
    if ((attempt.kind === "busy" || attempt.kind === "unreadable") && transient < TRANSIENT_TRIES) {
      transient++;
      await clock.sleep(TRANSIENT_MS, request.signal);
      continue;
    }
    const holder = attempt.kind === "held" ? holderOf(attempt.holder) : undefined;
    const left = deadline - clock.now();
    if (left <= 0) return { kind: "locked", ...(holder !== undefined && { holder }) };
    if (!waiting) request.onWait?.(holder);
    waiting = true;
    transient = 0;
    await clock.sleep(Math.min(POLL_MS, left), request.signal);
  }
}

const holderOf = ({ nonce: _nonce, processStart: _start, ...holder }: LockFile): LockHolder => holder;

/** A fresh lock file's text, with its own nonce. */
type Content = () => { readonly text: string; readonly nonce: string };

const contentOf =
  (request: LockRequest): Content =>
  () => {
    const nonce = randomBytes(12).toString("hex");
    const body: LockFile = {
      pid: process.pid,
      hostname: hostname(),
      command: request.command,
      plan: request.plan,
      since: new Date(request.clock.now()).toISOString(),
      nonce,
      processStart: performance.timeOrigin,
    };
    return { text: `${JSON.stringify(body, null, 2)}\n`, nonce };
  };

async function acquire(file: string, content: Content, depth: number): Promise<Attempt> {
  const mine = content();
  if (await createWhole(file, mine.text)) return { kind: "acquired", nonce: mine.nonce };
  const current = await readLock(file);
  if (current === "gone") return { kind: "busy" };
  if (current === "unreadable") return { kind: "unreadable" };
  if (isAlive(current) !== false || depth >= MAX_DEPTH) return { kind: "held", holder: current };
  // Stale: claim the take-over of this very instance first.
  const claimFile = `${file}.takeover-${current.nonce}`;
  const claim = await acquire(claimFile, content, depth + 1);
  if (claim.kind !== "acquired") return { kind: "busy" };
  try {
    const again = await readLock(file);
    // Still the stale instance: nobody else can replace it while we hold its claim.
    if (typeof again !== "object" || again.nonce !== current.nonce) return { kind: "busy" };
    const fresh = content();
    await replaceFile(file, fresh.text);
    return { kind: "acquired", nonce: fresh.nonce, tookOver: current };
  } finally {
    await releaseFile(claimFile, claim.nonce);
  }
}

/** Creates `file` with `text`, whole, or returns false when it exists. */
async function createWhole(file: string, text: string): Promise<boolean> {
  const temp = await writeTemp(file, text);
  try {
    await link(temp, file);
    return true;
  } catch (cause) {
    if (codeOf(cause) === "EEXIST") return false;
    // A file system without hard links: exclusive create, then write (readers may briefly see it empty).
    if (codeOf(cause) !== "EPERM" && codeOf(cause) !== "ENOTSUP" && codeOf(cause) !== "EOPNOTSUPP") throw cause;
    try {
      const handle = await open(file, "wx", 0o644);
      await handle.writeFile(text).finally(() => handle.close());
      return true;
    } catch (inner) {
      if (codeOf(inner) === "EEXIST") return false;
      throw inner;
    }
  } finally {
    await rm(temp, { force: true });
  }
}

async function readLock(file: string): Promise<LockFile | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if (codeOf(cause) === "ENOENT") return "gone";
    throw cause;
  }
  return parseLock(text) ?? "unreadable";
}

function parseLock(text: string): LockFile | undefined {
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * true: the holder runs; false: it is gone; undefined: berth cannot tell (another host). Gone
 * means: same host, and no process has its pid, or (on Linux) that process is a zombie, or it
 * started after the holder did, so the pid was reused (say, by a restarted container's berth).
 */
function isAlive(holder: LockHolder & { readonly processStart?: number }): boolean | undefined {
  if (holder.hostname !== hostname()) return undefined;
  if (holder.pid === process.pid)
    return holder.processStart === undefined || Math.abs(holder.processStart - performance.timeOrigin) < 1;
  try {
    process.kill(holder.pid, 0);
  } catch (cause) {
    // EPERM: it exists, as another user's process.
    return codeOf(cause) !== "ESRCH";
  }
  const proc = linuxProcess(holder.pid);
  if (proc === undefined) return true;
  if (proc.state === "Z" || proc.state === "X") return false;
  // /proc's start time is good to about a second (boot time is in whole seconds).
  return holder.processStart === undefined || proc.startedAt <= holder.processStart + 1500;
}

/** A process's state letter and start time (epoch ms) from /proc, where there is one. */
function linuxProcess(pid: number): { readonly state: string; readonly startedAt: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command name in parentheses (which may hold spaces): state, then field 22, starttime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    // starttime is in clock ticks since boot; USER_HZ is 100 on Linux.
    const startedAt = (bootSeconds + Number(fields[19]) / 100) * 1000;
    return Number.isFinite(startedAt) ? { state: fields[0] ?? "", startedAt } : undefined;
  } catch {
    return undefined;
  }
}

async function releaseFile(file: string, nonce: string): Promise<void> {
  try {
    const current = await readLock(file);
    if (typeof current === "object" && current.nonce === nonce) await rm(file, { force: true });
  } catch {
    // Best effort: a lock left behind is stale once this process is gone.
  }
}

// Locks this process holds, released synchronously when it exits in any way Node can see
// (process.exit on a second Ctrl-C, an uncaught exception). SIGKILL leaves a stale lock.
const heldLocks = new Map<string, string>();
let exitHookInstalled = false;

function held(file: string, nonce: string, tookOver: LockHolder | undefined): HeldLock {
  heldLocks.set(file, nonce);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", releaseAllSync);
  }
  return {
    file,
    ...(tookOver !== undefined && { tookOver }),
    release: () =>
      ResultAsync.fromSafePromise(
        releaseFile(file, nonce).finally(() => {
          if (heldLocks.get(file) === nonce) heldLocks.delete(file);
        }),
      ),
  };
}

function releaseAllSync(): void {
  for (const [file, nonce] of heldLocks) {
    try {
      if (parseLock(readFileSync(file, "utf8"))?.nonce === nonce) unlinkSync(file);
    } catch {
      // Nothing more can be done while exiting.
    }
  }
  heldLocks.clear();
}

export function lockedError(
  deployment: string,
  file: string,
  holder: LockHolder | undefined,
  waitedMs: number,
): BerthError<"DeploymentLocked"> {
  const waited = waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : "";
  if (holder === undefined)
    return berthError(
      "DeploymentLocked",
      `deployment ${deployment} is locked${waited}, but its lock file ${file} cannot be read; if no berth up or down of it is running, remove that file`,
      { deployment, lockFile: file },
    );
  // acquire has judged the holder alive already; all that is left to say is whether it runs here.
  const elsewhere = holder.hostname !== hostname();
  const where = elsewhere ? ` on host ${holder.hostname}` : "";
  return berthError(
    "DeploymentLocked",
    `deployment ${deployment} is busy${waited}: berth ${holder.command} (pid ${holder.pid}${where}, plan ${holder.plan}) has held it since ${holder.since}; ${
      elsewhere
        ? `berth cannot see processes on ${holder.hostname}: if that run is gone, remove ${file}`
        : "wait for it to finish"
    }`,
    { deployment, lockFile: file, holder },
  );
}

const codeOf = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null ? (cause as { code?: string }).code : undefined;
