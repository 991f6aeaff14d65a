/**
 * The HTTP agents requests to one daemon go through. They own how bytes travel (a unix socket,
 * TCP, TLS, or an ssh channel) and the idle timeout: a socket on which the engine has sent
 * nothing for the daemon's timeout is destroyed with a `Timeout` failure, so a frozen engine
 * fails a call instead of hanging it. docker-modem's own `timeout` is not used: it ends the
 * request with a bare "socket hang up", the same words as an engine that died.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Duplex } from "node:stream";
import type { ConnectionOptions } from "node:tls";
import { inspect } from "node:util";
import { idleTimeout } from "./connection-failure.ts";
import type { SshTunnel } from "./ssh-tunnel.ts";
import type { DaemonConnection, SshSettings } from "./translate/mod.ts";

export interface EngineAgents {
  /** For calls that answer at once: idle timeout = the daemon's timeout. */
  readonly quick: HttpAgent;
  /** For builds, imports, stops and followed logs, which may be quiet for long: no idle timeout (a watchdog pings instead). */
  readonly slow: HttpAgent;
  /** Closes the ssh connections, if any (sockets in the pools are unreferenced and do not keep a process alive). */
  close(): void;
}

/** What the agents need of the ssh tunnel. */
type Tunnel = Pick<SshTunnel, "open" | "close">;

/**
 * The ssh tunnel, loaded with the first connection it carries: ssh2 takes ~55 ms to load, which
 * a run against a local engine need not pay.
 */
function deferredTunnel(settings: SshSettings, endpoint: string, idleMs: number): Tunnel {
  let tunnel: Promise<SshTunnel> | undefined;
  const load = () =>
    (tunnel ??= import("./ssh-tunnel.ts").then(({ SshTunnel }) => new SshTunnel(settings, endpoint, idleMs)));
  return {
    open: (callback) =>
      void load().then(
        (t) => t.open(callback),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      ),
    close: () =>
      void tunnel?.then(
        (t) => t.close(),
        () => undefined,
      ),
  };
}

type TimedSocket = Duplex & { setTimeout(ms: number): unknown };

/** A socket's idle timeout, and a listener so an error on a pooled socket never goes unhandled. */
function armed<S extends Duplex | null | undefined>(socket: S, idleMs: number): S {
  if (socket === null || socket === undefined) return socket;
  socket.on("error", () => {
    // The request using the socket gets the same error through node:http.
  });
  if (idleMs > 0) {
    (socket as unknown as TimedSocket).setTimeout(idleMs);
    socket.on("timeout", () => socket.destroy(idleTimeout(idleMs)));
  }
  return socket;
}

/**
 * How an agent prints. docker-modem formats every request's options, agent included, with
 * `util.inspect(options, { showHidden: true, depth: null })` for its debug log, whether the log is
 * on or not: for a node:http agent that walks every pooled socket, parser and function (on the
 * test machine 10 to 40 ms of CPU per request, 300 ms for `up` of 10 containers, during which no
 * other request goes out). An agent that prints as one line costs nothing there.
 */
const briefly = (agent: object, idleMs: number) => `${agent.constructor.name} { idleMs: ${idleMs} }`;

class TimedHttpAgent extends HttpAgent {
  readonly #idleMs: number;
  readonly #tunnel: Tunnel | undefined;

  constructor(idleMs: number, tunnel?: Tunnel) {
    // Without an idle timeout nothing would ever close a pooled socket (or ssh channel): the
    // slow agent opens one per request instead, which its long requests hardly notice.
    super({ keepAlive: idleMs > 0, ...(idleMs > 0 && { timeout: idleMs }) });
    this.#idleMs = idleMs;
    this.#tunnel = tunnel;
  }

  [inspect.custom](): string {
    return briefly(this, this.#idleMs);
  }

  override createConnection(
    options: Parameters<HttpAgent["createConnection"]>[0],
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    if (this.#tunnel === undefined) return armed(super.createConnection(options, callback), this.#idleMs);
    this.#tunnel.open((error, socket) => {
      if (error !== null || socket === undefined) callback?.(error ?? new Error("no ssh channel"), undefined as never);
      else callback?.(null, armed(socket, this.#idleMs));
    });
    return undefined;
  }
}

class TimedHttpsAgent extends HttpsAgent {
  readonly #idleMs: number;

  constructor(idleMs: number, tls: ConnectionOptions) {
    super({ keepAlive: idleMs > 0, ...(idleMs > 0 && { timeout: idleMs }), ...tls });
    this.#idleMs = idleMs;
  }

  [inspect.custom](): string {
    return briefly(this, this.#idleMs);
  }

  override createConnection(
    options: Parameters<HttpsAgent["createConnection"]>[0],
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    return armed(super.createConnection(options, callback), this.#idleMs);
  }
}

/** The agents for one daemon connection. */
export function engineAgents(connection: DaemonConnection): EngineAgents {
  const idleMs = connection.timeoutMs;
  if (connection.ssh !== undefined) {
    const tunnel = deferredTunnel(connection.ssh, connection.endpoint, idleMs);
    return {
      quick: new TimedHttpAgent(idleMs, tunnel),
      slow: new TimedHttpAgent(0, tunnel),
      close: () => tunnel.close(),
    };
  }
  if (connection.options.protocol === "https") {
    // verify: false means "do not check the server certificate", which only an agent can say.
    const tls: ConnectionOptions = connection.tlsVerify === false ? { rejectUnauthorized: false } : {};
    return { quick: new TimedHttpsAgent(idleMs, tls), slow: new TimedHttpsAgent(0, tls), close: () => {} };
  }
  return { quick: new TimedHttpAgent(idleMs), slow: new TimedHttpAgent(0), close: () => {} };
}
