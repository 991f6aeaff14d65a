/**
 * `ssh://user@host[:port]` as `docker -H ssh://` does it: log in with ssh-agent or a key file,
 * check the host key against known_hosts, and run `docker system dial-stdio` on the host for
 * each HTTP connection. One ssh connection carries many such channels (a new one is opened when
 * a connection has MAX_CHANNELS), and it does not keep the process alive while idle.
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { Duplex } from "node:stream";
import ssh2 from "ssh2";
import { ConnectionFailure, seconds } from "./connection-failure.ts";
import {
  checkHostKey,
  fingerprint,
  type KnownHost,
  knownHostLine,
  knownHostName,
  knownKeyTypes,
  parseKnownHosts,
} from "./known-hosts.ts";
import type { SshSettings } from "./translate/mod.ts";

/** OpenSSH's sshd allows 10 sessions per connection (MaxSessions); stay below it. */
const MAX_CHANNELS = 8;
/** An ssh connection with no channel is closed after this long. */
const IDLE_CLOSE_MS = 15_000;
const DIAL = "docker system dial-stdio";

type Opened = (error: Error | null, socket?: Duplex) => void;

export class SshTunnel {
  readonly #settings: SshSettings;
  readonly #endpoint: string;
  readonly #timeoutMs: number;
  #connections: SshConnection[] = [];

  constructor(settings: SshSettings, endpoint: string, timeoutMs: number) {
    this.#settings = settings;
    this.#endpoint = endpoint;
    this.#timeoutMs = timeoutMs;
  }

  /** Opens a channel to the engine behind the host: an http.Agent's `createConnection`. */
  open(callback: Opened): void {
    let connection = this.#connections.find((c) => c.usable && c.channels < MAX_CHANNELS);
    if (connection === undefined) {
      try {
        connection = new SshConnection(this.#settings, this.#endpoint, this.#timeoutMs, () => {
          this.#connections = this.#connections.filter((c) => c !== connection);
        });
      } catch (error) {
        // ssh2 checks its configuration as it connects; anything it refuses is a failure to connect.
        const message = error instanceof Error ? error.message : String(error);
        callback(new ConnectionFailure({ kind: "DaemonUnreachable" }, `ssh: ${message}`, "ECONNREFUSED", error));
        return;
      }
      this.#connections.push(connection);
    }
    connection.open(callback);
  }

  /** Ends every ssh connection (a run that is done with this daemon). */
  close(): void {
    for (const c of this.#connections) c.close();
    this.#connections = [];
  }
}

class SshConnection {
  readonly #client = new ssh2.Client();
  readonly #socket: Socket;
  readonly #user: string;
  readonly #label: string;
  #state: "connecting" | "ready" | "closed" = "connecting";
  #waiting: Opened[] = [];
  /** Channels open or being opened. */
  channels = 0;
  /** Channels in use by a request (not parked in an agent's pool). */
  #refs = 0;
  #idle: NodeJS.Timeout | undefined;
  /** Set by the host key check or the auth handler when they refuse, to explain the handshake error. */
  #failure: ConnectionFailure | undefined;

  constructor(settings: SshSettings, endpoint: string, timeoutMs: number, onClose: () => void) {
    this.#user = settings.username ?? userInfo().username;
    this.#label = `ssh ${this.#user}@${settings.host} port ${settings.port}`;
    this.#socket = connect({ host: settings.host, port: settings.port });
    const known = readKnownHosts(settings.knownHosts);
    const name = knownHostName(settings.host, settings.port);
    const algorithms = hostKeyAlgorithms(knownKeyTypes(known, name));
    this.#client
      .on("ready", () => {
        this.#state = "ready";
        for (const callback of this.#waiting.splice(0)) this.#exec(callback);
      })
      .on("error", (error: Error & { level?: string }) => {
        const failure = this.#failure ?? describeSshError(error, this.#label, timeoutMs);
        this.#fail(failure);
      })
      .on("close", () => {
        // Only requests still waiting for the connection get this; those under way see their channel close.
        this.#fail(
          new ConnectionFailure(
            { kind: "DaemonUnreachable" },
            `${this.#label}: the ssh connection closed before it was ready`,
            "ECONNRESET",
          ),
        );
        onClose();
      });
    this.#client.connect({
      sock: this.#socket,
      host: settings.host,
      port: settings.port,
      username: this.#user,
      readyTimeout: timeoutMs,
      ...(algorithms === undefined ? {} : { algorithms: { serverHostKey: algorithms } }),
      hostVerifier: (key: Buffer) => this.#verifyHostKey(key, settings, known, name, endpoint),
      authHandler: this.#authHandler(settings),
    });
  }

  get usable(): boolean {
    return this.#state !== "closed";
  }

  open(callback: Opened): void {
    this.channels += 1;
    this.#busy();
    if (this.#state === "ready") this.#exec(callback);
    else this.#waiting.push(callback);
  }

  close(): void {
    this.#state = "closed";
    this.#client.end();
  }

  #exec(callback: Opened): void {
    this.#client.exec(DIAL, (error, channel) => {
      if (error) {
        this.#released();
        callback(
          new ConnectionFailure(
            { kind: "DaemonUnreachable" },
            `${this.#label}: cannot run \`${DIAL}\`: ${error.message}`,
            "ECONNREFUSED",
            error,
          ),
        );
        return;
      }
      callback(
        null,
        new ChannelSocket(channel, this.#label, {
          ref: () => this.#ref(1),
          unref: () => this.#ref(-1),
          closed: () => this.#released(),
        }),
      );
    });
  }

  #fail(failure: ConnectionFailure): void {
    this.#state = "closed";
    for (const callback of this.#waiting.splice(0)) callback(failure);
    clearTimeout(this.#idle);
  }

  #ref(delta: number): void {
    this.#refs = Math.max(0, this.#refs + delta);
    if (this.#refs > 0) this.#socket.ref();
    else this.#socket.unref();
  }

  #busy(): void {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#ref(1);
  }

  #released(): void {
    this.channels = Math.max(0, this.channels - 1);
    this.#ref(-1);
    if (this.channels === 0 && this.#state === "ready") {
      this.#idle = setTimeout(() => this.close(), IDLE_CLOSE_MS);
      this.#idle.unref();
    }
  }

  #verifyHostKey(key: Buffer, settings: SshSettings, known: KnownHost[], name: string, endpoint: string): boolean {
    const check = checkHostKey(known, name, key);
    const print = fingerprint(key);
    const files = settings.knownHosts.join(", ");
    switch (check.result) {
      case "known":
        return true;
      case "unknown":
        if (settings.acceptNewHostKey && settings.knownHosts[0] !== undefined) {
          rememberHostKey(settings.knownHosts[0], name, key);
          return true;
        }
        this.#failure = new ConnectionFailure(
          { kind: "HostKeyUnknown", host: name, fingerprint: print, knownHosts: settings.knownHosts },
          `the ssh host key of ${name} (${print}) is in no known_hosts file (${files}); berth does not trust a host it has not seen`,
          "EHOSTKEYUNKNOWN",
        );
        return false;
      case "mismatch":
      case "revoked":
        this.#failure = new ConnectionFailure(
          { kind: "HostKeyMismatch", host: name, fingerprint: print, knownHosts: check.at },
          check.result === "revoked"
            ? `the ssh host key of ${name} (${print}) is marked @revoked in ${check.at}`
            : `the ssh host key of ${name} has CHANGED: the server offered ${print}, which is not the key recorded in ${check.at}; someone may be intercepting the connection to ${endpoint}, or the host was reinstalled`,
          "EHOSTKEYMISMATCH",
        );
        return false;
    }
  }

  /** Offers ssh-agent's keys, then each key file, in turn; records what was offered for the error. */
  #authHandler(settings: SshSettings): ssh2.AuthHandlerMiddleware {
    const methods: { label: string; method: ssh2.AnyAuthMethod }[] = [];
    const skipped: string[] = [];
    if (settings.agentSocket !== undefined) {
      methods.push({
        label: `ssh-agent (${settings.agentSocket})`,
        method: { type: "agent", username: this.#user, agent: settings.agentSocket },
      });
    }
    for (const identity of settings.identities) {
      const key = ssh2.utils.parseKey(identity.key);
      if (key instanceof Error) {
        skipped.push(
          /encrypted|passphrase/i.test(key.message)
            ? `${identity.path} (encrypted: load it into ssh-agent with ssh-add)`
            : `${identity.path} (${key.message})`,
        );
        continue;
      }
      methods.push({ label: identity.path, method: { type: "publickey", username: this.#user, key } });
    }
    const tried: string[] = [];
    return (_left, _partial, next) => {
      const nextMethod = methods.shift();
      if (nextMethod !== undefined) {
        tried.push(nextMethod.label);
        next(nextMethod.method);
        return;
      }
      const offered = tried.length > 0 ? `offered ${tried.join(", ")}` : "had no key to offer";
      const notes = skipped.length > 0 ? `; not offered: ${skipped.join(", ")}` : "";
      const nothing =
        tried.length === 0 && skipped.length === 0
          ? " (SSH_AUTH_SOCK is not set, no daemon_client.ssh.identity_file, and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists)"
          : "";
      this.#failure = new ConnectionFailure(
        { kind: "AuthFailed", user: this.#user, tried: [...tried, ...skipped] },
        `the ssh server refused the login as ${this.#user}; berth ${offered}${notes}${nothing}`,
        "EAUTH",
      );
      next(false as unknown as ssh2.AuthenticationType);
    };
  }
}

function describeSshError(error: Error & { level?: string; code?: string }, label: string, timeoutMs: number) {
  if (error.level === "client-timeout") {
    return new ConnectionFailure(
      { kind: "Timeout" },
      `${label}: no ssh handshake within ${seconds(timeoutMs)} (daemon_client.timeout)`,
      "ETIMEDOUT",
      error,
    );
  }
  // Refused, unknown host, a failed handshake: the connection never carried a request.
  return new ConnectionFailure(
    { kind: "DaemonUnreachable" },
    `${label}: ${error.message}`,
    error.code ?? "ECONNREFUSED",
    error,
  );
}

function readKnownHosts(files: readonly string[]): KnownHost[] {
  return files.flatMap((file) => {
    try {
      return parseKnownHosts(readFileSync(file, "utf8"), file);
    } catch {
      return []; // a missing known_hosts file knows no host, as for ssh
    }
  });
}

/** Like `StrictHostKeyChecking accept-new`: the key is written to the user's known_hosts. */
function rememberHostKey(file: string, name: string, key: Buffer): void {
  const line = knownHostLine(name, key);
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }
  if (text.split("\n").includes(line)) return;
  appendFileSync(file, `${text === "" || text.endsWith("\n") ? "" : "\n"}${line}\n`, { mode: 0o600 });
}

/** The handshake asks for a key of a type known_hosts has, as ssh does, so a known host is not refused for offering another. */
function hostKeyAlgorithms(types: readonly string[]): ssh2.ServerHostKeyAlgorithm[] | undefined {
  const algorithms = types
    .flatMap((t) => (t === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [t]))
    .filter((a) => HOST_KEY_ALGORITHMS.has(a));
  return algorithms.length === 0 ? undefined : (algorithms as ssh2.ServerHostKeyAlgorithm[]);
}

/** The host key algorithms ssh2 speaks; a known_hosts type outside them (a security key's) is not asked for. */
const HOST_KEY_ALGORITHMS = new Set([
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
  "ssh-dss",
]);

interface ChannelHooks {
  ref(): void;
  unref(): void;
  closed(): void;
}

/**
 * An ssh channel dressed as the socket node:http expects: it has `setTimeout` (idle timeout),
 * `setNoDelay`, `setKeepAlive`, `ref` and `unref`. A channel that closes having sent nothing but
 * an error from `docker system dial-stdio` fails with that error.
 */
class ChannelSocket extends Duplex {
  readonly #channel: ssh2.ClientChannel;
  readonly #hooks: ChannelHooks;
  readonly #label: string;
  #timeoutMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #stderr = "";
  #received = false;
  #referenced = true;
  #released = false;

  constructor(channel: ssh2.ClientChannel, label: string, hooks: ChannelHooks) {
    super({ allowHalfOpen: false });
    this.#channel = channel;
    this.#hooks = hooks;
    this.#label = label;
    channel.on("data", (chunk: Buffer) => {
      this.#received = true;
      this.#activity();
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on("data", (chunk: Buffer) => {
      if (this.#stderr.length < 4096) this.#stderr += chunk.toString();
    });
    channel.on("end", () => this.push(null));
    channel.on("close", () => {
      const stderr = this.#stderr.trim();
      if (!this.#received && stderr !== "") {
        this.destroy(
          new ConnectionFailure(
            { kind: "DaemonUnreachable" },
            `${this.#label}: \`${DIAL}\` failed on the host: ${stderr}`,
            "ECONNREFUSED",
          ),
        );
      } else this.destroy();
    });
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.#timeoutMs = ms;
    if (callback !== undefined) {
      if (ms > 0) this.once("timeout", callback);
      else this.removeListener("timeout", callback);
    }
    this.#activity();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    if (!this.#referenced && !this.#released) this.#hooks.ref();
    this.#referenced = true;
    return this;
  }

  unref(): this {
    if (this.#referenced && !this.#released) this.#hooks.unref();
    this.#referenced = false;
    return this;
  }

  override _read(): void {
    this.#channel.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#activity();
    this.#channel.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    this.#channel.close();
    if (!this.#released) {
      this.#released = true;
      // The connection counts a channel in use until it closes; an unreferenced one no longer counts.
      if (!this.#referenced) this.#hooks.ref();
      this.#hooks.closed();
    }
    callback(error);
  }

  #activity(): void {
    clearTimeout(this.#timer);
    if (this.#timeoutMs > 0 && !this.destroyed) {
      this.#timer = setTimeout(() => this.emit("timeout"), this.#timeoutMs);
      this.#timer.unref();
    }
  }
}
