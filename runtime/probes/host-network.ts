/**
 * The host's side of the network probes: one TCP connection, one HTTP GET, with node:net and
 * node:http. Injected (RuntimeDeps.network), so the probes' logic is tested without sockets.
 * Nothing here throws; every outcome is a value.
 */
import { request } from "node:http";
import { connect } from "node:net";

export type TcpOutcome = { readonly connected: true } | { readonly connected: false; readonly result: string };

export type HttpOutcome =
  | { readonly answered: true; readonly status: number; readonly body: string }
  | { readonly answered: false; readonly result: string };

export interface HostNetwork {
  /**
   * Connects to host:port. `published` asks for a short look after the connection opens: Docker's
   * userland proxy accepts on a published port even when nothing listens in the container, and
   * closes the connection at once.
   */
  tcp(host: string, port: number, timeoutMs: number, published: boolean): Promise<TcpOutcome>;
  /** GET http://host:port/path; the body is read up to 64 KiB. */
  http(host: string, port: number, path: string, timeoutMs: number): Promise<HttpOutcome>;
}

/** How long a connection through a published port must stay open to count. */
const PROXY_GRACE_MS = 150;
const BODY_LIMIT = 64 * 1024;

/** A socket error as a probe's result: `connection refused`, `no answer in 2 s`. */
export function socketFailure(e: NodeJS.ErrnoException, timeoutMs: number): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "EPIPE":
      return "connection reset";
    case "ETIMEDOUT":
      return `no answer in ${timeoutMs / 1000} s`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    default:
      return e.code === undefined ? e.message : `${e.code} (${e.message})`;
  }
}

const TIMED_OUT: NodeJS.ErrnoException = Object.assign(new Error("timed out"), { code: "ETIMEDOUT" });

export const hostNetwork: HostNetwork = {
  tcp: (host, port, timeoutMs, published) =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      let settled = false;
      const done = (outcome: TcpOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(outcome);
      };
      const timer = setTimeout(
        () => done({ connected: false, result: socketFailure(TIMED_OUT, timeoutMs) }),
        timeoutMs,
      );
      socket.on("error", (e) => done({ connected: false, result: socketFailure(e, timeoutMs) }));
      socket.on("connect", () => {
        if (!published) return done({ connected: true });
        // Data means a server answered; an end without data is the proxy giving up.
        socket.on("data", () => done({ connected: true }));
        socket.on("end", () =>
          done({
            connected: false,
            result: "connection closed at once (the port is published, but nothing listens in the container yet)",
          }),
        );
        setTimeout(() => done({ connected: true }), PROXY_GRACE_MS);
      });
    }),

  http: (host, port, path, timeoutMs) =>
    new Promise((resolve) => {
      let settled = false;
      const done = (outcome: HttpOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(outcome);
      };
      const req = request({ host, port, path, method: "GET", headers: { Connection: "close" }, agent: false });
      const timer = setTimeout(() => done({ answered: false, result: socketFailure(TIMED_OUT, timeoutMs) }), timeoutMs);
      req.on("error", (e: NodeJS.ErrnoException) =>
        done({
          answered: false,
          result: e.message === "socket hang up" ? "connection closed without an answer" : socketFailure(e, timeoutMs),
        }),
      );
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          done({ answered: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        res.on("data", (chunk: Buffer) => {
          if (size < BODY_LIMIT) chunks.push(chunk.subarray(0, BODY_LIMIT - size));
          size += chunk.length;
          if (size >= BODY_LIMIT) finish();
        });
        res.on("end", finish);
        res.on("error", finish);
      });
      req.end();
    }),
};
