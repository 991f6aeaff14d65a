/**
 * The host's side of the network probes against real sockets on 127.0.0.1 (no Docker): a
 * connection that opens, one refused, one that Docker's proxy would close at once, and HTTP
 * answers with their status and body.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hostNetwork } from "../../../runtime/probes/host-network.ts";

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((done) => s.close(done));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on("connection", (socket: Socket) => sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === "object" && address !== null ? address.port : 0;
}

describe("hostNetwork.tcp", () => {
  it("connects to a listening port, and is refused by a closed one", async () => {
    const port = await listen(createServer((socket) => socket.on("error", () => undefined)));
    expect(await hostNetwork.tcp("127.0.0.1", port, 1000, false)).toEqual({ connected: true });
    expect(await hostNetwork.tcp("127.0.0.1", await closedPort(), 1000, false)).toEqual({
      connected: false,
      result: "connection refused",
    });
  });

  it("through a published port, a connection closed at once without a byte is not ready (Docker's proxy)", async () => {
    const proxyLike = await listen(createServer((socket) => socket.end()));
    const served = await listen(createServer((socket) => socket.on("error", () => undefined)));
    const banner = await listen(createServer((socket) => socket.end("hello\n")));
    expect(await hostNetwork.tcp("127.0.0.1", proxyLike, 1000, true)).toEqual({
      connected: false,
      result: "connection closed at once (the port is published, but nothing listens in the container yet)",
    });
    expect(await hostNetwork.tcp("127.0.0.1", served, 1000, true)).toEqual({ connected: true });
    expect(await hostNetwork.tcp("127.0.0.1", banner, 1000, true)).toEqual({ connected: true });
    // Not published: the same close-at-once server counts, as a direct connection is the answer.
    expect(await hostNetwork.tcp("127.0.0.1", proxyLike, 1000, false)).toEqual({ connected: true });
  });
});

describe("hostNetwork.http", () => {
  it("gives the status and the body", async () => {
    let calls = 0;
    const port = await listen(
      createHttpServer((req, res) => {
        calls += 1;
        if (req.url !== "/health") res.writeHead(404).end("no");
        else res.writeHead(calls === 1 ? 503 : 200).end(calls === 1 ? "starting" : "all good");
      }) as unknown as Server,
    );
    expect(await hostNetwork.http("127.0.0.1", port, "/health", 1000)).toEqual({
      answered: true,
      status: 503,
      body: "starting",
    });
    expect(await hostNetwork.http("127.0.0.1", port, "/health", 1000)).toEqual({
      answered: true,
      status: 200,
      body: "all good",
    });
  });

  it("says why there was no answer: refused, closed, or too slow", async () => {
    expect(await hostNetwork.http("127.0.0.1", await closedPort(), "/", 1000)).toEqual({
      answered: false,
      result: "connection refused",
    });
    const closer = await listen(createServer((socket) => socket.destroy()));
    expect(await hostNetwork.http("127.0.0.1", closer, "/", 1000)).toMatchObject({ answered: false });
    const silent = await listen(createServer((socket) => socket.on("error", () => undefined)));
    expect(await hostNetwork.http("127.0.0.1", silent, "/", 300)).toEqual({
      answered: false,
      result: "no answer in 0.3 s",
    });
  });
});
