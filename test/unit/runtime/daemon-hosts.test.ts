/**
 * Any DOCKER_HOST gives a Result, never a crash (issue #15): berth reads the environment once,
 * and docker-modem, which reads DOCKER_HOST again on every construction and throws on some
 * values, never sees it. Nothing here reaches an engine: the addresses are refused on 127.0.0.1,
 * or answered by a fake engine there (too old, frozen, dying).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientPool } from "../../../runtime/docker/client-pool.ts";

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe("DOCKER_HOST", () => {
  it("is an InvalidOption or an unreachable daemon, whatever it holds", async () => {
    const cases: [string, string][] = [
      ["ssh://", "InvalidOption"],
      ["ssh://user@", "InvalidOption"],
      ["ssh://user:secret@host", "InvalidOption"],
      ["ssh://host:notaport", "InvalidOption"],
      ["tcp://a b", "InvalidOption"],
      ["tcp://host", "InvalidOption"],
      ["fd://", "InvalidOption"],
      ["npipe:////./pipe/docker_engine", "InvalidOption"],
      ["tcp://127.0.0.1:1", "DaemonUnreachable"],
      ["ssh://nobody@127.0.0.1:1", "DaemonUnreachable"],
      ["unix:///nonexistent/docker.sock", "DaemonUnreachable"],
    ];
    for (const [host, kind] of cases) {
      const result = await clientPool(undefined, { DOCKER_HOST: host, HOME: "/nonexistent" })({});
      expect([host, result.isErr() && result.error.kind]).toEqual([host, kind]);
    }
  });

  it("in the process environment does not reach docker-modem", async () => {
    // docker-modem throws "DOCKER_HOST env variable should be something like tcp://localhost:1234" for this.
    process.env.DOCKER_HOST = "tcp://a b";
    const result = await clientPool(undefined, {})({ base_url: "unix:///nonexistent/docker.sock" });
    expect(result.isErr() && result.error.kind).toBe("DaemonUnreachable");
  });
});

describe("an engine that answers badly, played by an HTTP server on 127.0.0.1", () => {
  /** A server whose every request is handled by `handle`; resolves to its tcp:// address. */
  async function fakeEngine(handle: (req: IncomingMessage, res: ServerResponse) => void) {
    const server = createServer(handle);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    return {
      url: `tcp://127.0.0.1:${port}`,
      close: () => {
        server.closeAllConnections();
        return new Promise((done) => server.close(done));
      },
    };
  }

  it("an Engine API older than 1.24 is ApiVersionTooOld", async () => {
    const old = await fakeEngine((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ApiVersion":"1.12","Version":"1.0.1"}');
    });
    try {
      const result = await clientPool(undefined, {})({ base_url: old.url });
      expect(result.isErr() && result.error).toMatchObject({
        kind: "ApiVersionTooOld",
        apiVersion: "1.12",
        minimum: "1.24",
        message: expect.stringContaining("the daemon speaks Engine API 1.12 (Docker 1.0.1); berth needs 1.24 or later"),
      });
    } finally {
      await old.close();
    }
  });

  it("an engine that never answers is a Timeout after daemon_client.timeout, not a hang", async () => {
    const frozen = await fakeEngine(() => undefined);
    try {
      const started = Date.now();
      const result = await clientPool(undefined, {})({ base_url: frozen.url, timeout: 0.5 });
      expect(result.isErr() && result.error).toMatchObject({
        kind: "Timeout",
        message: expect.stringContaining("nothing received for 0.5 s (daemon_client.timeout)"),
      });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await frozen.close();
    }
  });

  it("an engine that drops the connection mid-request is EngineGone", async () => {
    const dying = await fakeEngine((req) => req.socket.destroy());
    try {
      const result = await clientPool(undefined, {})({ base_url: dying.url });
      expect(result.isErr() && result.error).toMatchObject({
        kind: "EngineGone",
        endpoint: dying.url.replace("tcp", "http"),
      });
    } finally {
      await dying.close();
    }
  });
});
