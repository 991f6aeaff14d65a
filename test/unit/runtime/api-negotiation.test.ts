/**
 * Engine API negotiation against a stand-in daemon on a unix socket (the real engine speaks
 * 1.41, so it cannot play an old one): berth reads the daemon's version from `/_ping`'s
 * Api-Version header (from `/version` when it has none), refuses a daemon older than API 1.24
 * before any other request, and otherwise speaks min(daemon, 1.41), or the version daemon_client
 * pins.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { node, plan, validate } from "../../../dsl/mod.ts";
import { clientPool } from "../../../runtime/docker/client-pool.ts";
import { up } from "../../../runtime/mod.ts";

interface StandIn {
  readonly baseUrl: string;
  /** Every request as "METHOD /path". */
  readonly requests: string[];
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A daemon that answers /version with `apiVersion`, /_ping with it in the Api-Version header
 * (unless `pingHeader` is false, as daemons before API 1.25 did), and every list with `[]`.
 */
async function standInDaemon(apiVersion: string, version = "1.11.2", pingHeader = true): Promise<StandIn> {
  const dir = mkdtempSync(join(tmpdir(), "berth-daemon-"));
  const socket = join(dir, "docker.sock");
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader("Content-Type", "application/json");
    if (req.url === "/_ping") {
      if (pingHeader) res.setHeader("Api-Version", apiVersion);
      res.setHeader("Content-Type", "text/plain");
      res.end("OK");
    } else if (/^(\/v[\d.]+)?\/version$/.test(req.url ?? "")) {
      res.end(JSON.stringify({ Version: version, ApiVersion: apiVersion, MinAPIVersion: "1.12" }));
    } else if (/\/(containers|images)\/json/.test(req.url ?? "")) {
      res.end("[]");
    } else {
      res.statusCode = 500;
      res.end(JSON.stringify({ message: "the stand-in daemon does not do that" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  return { baseUrl: `unix://${socket}`, requests };
}

describe("Engine API negotiation", () => {
  it("up refuses a daemon older than API 1.24, naming its version and the minimum, and sends nothing else", async () => {
    const daemon = await standInDaemon("1.23");
    const stateDir = mkdtempSync(join(tmpdir(), "berth-state-"));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
    const p = validate(
      plan("old-daemon", [
        node("app", { daemon_client: { base_url: daemon.baseUrl } })
          .image("busybox")
          .config("true")
          .start(),
      ]),
    )._unsafeUnwrap();

    const result = await up(p, { stateDir });

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "ApiVersionTooOld",
      apiVersion: "1.23",
      minimum: "1.24",
      node: "app",
      message: `cannot use the Docker daemon at ${daemon.baseUrl}: the daemon speaks Engine API 1.23 (Docker 1.11.2); berth needs 1.24 or later`,
    });
    expect(daemon.requests).toEqual(["GET /_ping", "GET /version"]);
  });

  it("refuses an old daemon even when daemon_client pins a version berth speaks", async () => {
    const daemon = await standInDaemon("1.23");
    const client = await clientPool(undefined, {})({ base_url: daemon.baseUrl, version: "1.41" });
    expect(client._unsafeUnwrapErr().message).toContain("the daemon speaks Engine API 1.23");
    expect(daemon.requests).toEqual(["GET /_ping", "GET /version"]);
  });

  it.each([
    ["1.24", undefined, "1.24"],
    ["1.41", undefined, "1.41"],
    ["1.43", undefined, "1.41"],
    ["1.41", "1.30", "1.30"],
    ["1.41", "auto", "1.41"],
  ] as const)("with a daemon at API %s and version %s, speaks %s", async (daemonVersion, pinned, spoken) => {
    const daemon = await standInDaemon(daemonVersion, "20.10.24");
    const client = (
      await clientPool(undefined, {})({ base_url: daemon.baseUrl, ...(pinned !== undefined && { version: pinned }) })
    )._unsafeUnwrap();
    expect(client.apiVersion).toBe(spoken);
    (await client.listContainers({}))._unsafeUnwrap();
    expect(daemon.requests.map((r) => r.replace(/\?.*/, ""))).toEqual([
      "GET /_ping",
      `GET /v${spoken}/containers/json`,
    ]);
  });

  it.each([
    ["1.41", "1.41"],
    ["1.23", undefined],
  ] as const)("with a daemon at API %s whose /_ping does not say it, asks /version", async (daemonVersion, spoken) => {
    const daemon = await standInDaemon(daemonVersion, "20.10.24", false);
    const client = await clientPool(undefined, {})({ base_url: daemon.baseUrl });
    if (spoken === undefined) expect(client._unsafeUnwrapErr().kind).toBe("ApiVersionTooOld");
    else expect(client._unsafeUnwrap().apiVersion).toBe(spoken);
    expect(daemon.requests).toEqual(["GET /_ping", "GET /version"]);
  });
});
