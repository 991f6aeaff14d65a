/**
 * Shared pieces of the runtime's engine tests: unique deployment names, a direct engine client
 * for checks and cleanup, an HTTP server on 127.0.0.1 for URL imports, and event capture.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Result } from "neverthrow";
import { afterEach } from "vitest";
import type { Plan, ValidPlan } from "../../../dsl/mod.ts";
import { validate } from "../../../dsl/mod.ts";
import { clientPool } from "../../../runtime/docker/client-pool.ts";
import type { EngineClient } from "../../../runtime/docker/engine-client.ts";
import { LABEL_DEPLOYMENT, LABEL_IMAGE } from "../../../runtime/labels.ts";
import type { BerthError, BerthErrorKind, RunEvent, RunOptions } from "../../../runtime/types.ts";
import { ROOTFS_TARBALL } from "./constants.ts";

export { BUSYBOX, ROOTFS_TARBALL } from "./constants.ts";
/** A label the tests put on containers they make by hand, so cleanup finds those too. */
export const TEST_LABEL = "berth.test-deployment";

export const uniqueName = (prefix: string): string => `t-${prefix}-${randomBytes(3).toString("hex")}`;

let shared: Promise<EngineClient> | undefined;
/** A client on the local engine, for checks the runtime's API does not offer. */
export function engine(): Promise<EngineClient> {
  shared ??= clientPool()({}).match(
    (client) => client,
    (e) => {
      throw new Error(`no Docker engine: ${e.message}`);
    },
  );
  return shared;
}

/** Unwraps a Result in a test, failing with the error's message. */
export async function unwrap<T, E>(result: PromiseLike<Result<T, E>>): Promise<T> {
  const r = await result;
  if (r.isErr()) throw new Error(`expected ok, got ${JSON.stringify(r.error, null, 1)}`);
  return r.value;
}

/** Fails the test unless the error is of the kind expected, and narrows its type to that kind. */
export function expectKind<K extends BerthErrorKind>(error: BerthError, kind: K): asserts error is BerthError<K> {
  if (error.kind !== kind) throw new Error(`expected a ${kind}, got ${JSON.stringify(error, null, 1)}`);
}

export const valid = (p: Plan): ValidPlan =>
  validate(p).match(
    (v) => v,
    (issues) => {
      throw new Error(`invalid plan: ${JSON.stringify(issues)}`);
    },
  );

/** Removes every container and image labelled with the deployment. Never throws. */
export async function cleanupDeployment(deployment: string): Promise<void> {
  const client = await engine();
  const selectors: Record<string, string>[] = [{ [LABEL_DEPLOYMENT]: deployment }, { [TEST_LABEL]: deployment }];
  for (const labels of selectors) {
    const containers = await client.listContainers({ labels });
    if (containers.isOk()) {
      for (const c of containers.value) await client.removeContainer(c.Id, { force: true, v: true });
    }
  }
  // Images built FROM one of them hold it until they go: a few rounds remove children first.
  for (let round = 0; round < 4; round++) {
    const images = await deploymentImages(client, deployment).catch(() => []);
    if (images.length === 0) break;
    for (const id of images) {
      // Containers a test made by hand from the image hold it.
      const users = await client.listContainers({ ancestor: id });
      if (users.isOk()) for (const c of users.value) await client.removeContainer(c.Id, { force: true, v: true });
      await client.removeImage(id);
    }
  }
}

/**
 * Images labelled for any node of the deployment (`berth.image=<deployment>/<node>`), including
 * those a test built FROM one of berth's, which inherit the label.
 */
async function deploymentImages(client: EngineClient, deployment: string): Promise<string[]> {
  const all = await unwrap(client.listImages({}));
  return all.filter((i) => i.Labels[LABEL_IMAGE]?.startsWith(`${deployment}/`)).map((i) => i.Id);
}

/** What is left of a deployment on the engine. */
export async function leftovers(deployment: string): Promise<{ containers: string[]; images: string[] }> {
  const client = await engine();
  const containers = await unwrap(client.listContainers({ labels: { [LABEL_DEPLOYMENT]: deployment } }));
  return { containers: containers.map((c) => c.Id), images: await deploymentImages(client, deployment) };
}

/** A run's options with a private state directory and captured events. */
export function testRun(extra: RunOptions = {}): {
  options: RunOptions;
  events: RunEvent[];
  stateDir: string;
  dispose: () => void;
} {
  const stateDir = mkdtempSync(join(tmpdir(), "berth-state-"));
  const events: RunEvent[] = [];
  return {
    options: { stateDir, onEvent: (e) => events.push(e), ...extra },
    events,
    stateDir,
    dispose: () => rmSync(stateDir, { recursive: true, force: true }),
  };
}

/**
 * Cleanup for a test file, run after each test, newest first, pass or fail. `defer` registers
 * any cleanup; `setup` gives a unique deployment and a test run, both cleaned up.
 */
export function cleanupAfterEach(): {
  defer: (...cleanups: (() => Promise<void> | void)[]) => void;
  setup: (prefix: string, extra?: RunOptions) => { deployment: string; run: ReturnType<typeof testRun> };
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (...more: (() => Promise<void> | void)[]) => {
    cleanups.push(...more);
  };
  const setup = (prefix: string, extra: RunOptions = {}) => {
    const deployment = uniqueName(prefix);
    const run = testRun(extra);
    defer(run.dispose, () => cleanupDeployment(deployment));
    return { deployment, run };
  };
  return { defer, setup };
}

/** Serves the busybox rootfs tarball over HTTP on 127.0.0.1 at a random port. */
export async function serveTarball(): Promise<{ url: string; close: () => Promise<void> }> {
  const size = statSync(ROOTFS_TARBALL).size;
  const server: Server = createServer((req, res) => {
    if (req.url !== "/busybox-rootfs.tar") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/x-tar", "Content-Length": size });
    createReadStream(ROOTFS_TARBALL).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/busybox-rootfs.tar`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((done) => server.close(done));
  return port;
}

/** Operation events of a run, for order and overlap checks. */
export const operationEvents = (events: readonly RunEvent[]) =>
  events.filter((e): e is Extract<RunEvent, { type: "operation" }> => e.type === "operation");

export const logMessages = (events: readonly RunEvent[], node?: string): string[] =>
  events
    .filter((e): e is Extract<RunEvent, { type: "log" }> => e.type === "log" && (node === undefined || e.node === node))
    .map((e) => e.message);

/** Polls until `check` passes or `ms` elapse (for containers that finish on their own). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
