/**
 * The dockerode edge: the only file that imports dockerode. Every exception and every callback
 * error becomes a tagged EngineError here (neverthrow's `fromPromise`), so nothing above this
 * file catches anything.
 */
import { createReadStream, readdirSync } from "node:fs";
import type { Agent as HttpAgent, IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import {
  checkApiVersion,
  compareApiVersions,
  MAX_API_VERSION,
  MIN_API_VERSION,
  type SupportedApiVersion,
} from "../../dsl/api-version.ts";
import { ConnectionFailure } from "./connection-failure.ts";
import { deferModules } from "./deferred-modules.ts";
import type { EngineAgents } from "./engine-agents.ts";
import type {
  BuildSource,
  ContainerDetails,
  ContainerFilter,
  ContainerSummary,
  EngineClient,
  EngineError,
  EngineVersion,
  FollowLogsOptions,
  ImageDetails,
  ImageHistoryEntry,
  ImportSource,
  ProgressMessage,
  RemoveContainerOptions,
  TlsCheck,
  TopResult,
} from "./engine-client.ts";
import { demuxLogs, LogLineSplitter, looksMultiplexed } from "./log-demux.ts";
import { progressReader, streamError } from "./progress-stream.ts";
import type { TlsFiles } from "./translate/mod.ts";
import { watch } from "./watchdog.ts";

const DAEMON_DOWN = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EACCES", "EAI_AGAIN"]);
/** The connection broke under a request: the engine died, or restarted. */
const GONE = new Set(["ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"]);
const UNKNOWN_CA = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
]);
const EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
/** The server's alerts when it wants a client certificate, or does not like ours. */
const CLIENT_CERT_REFUSED =
  /ALERT_CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_CERTIFICATE_UNKNOWN|ALERT_HANDSHAKE_FAILURE|ALERT_ACCESS_DENIED/;

/** Where a request went, and with TLS which files it used, so a failure can name them. */
export interface EdgeContext {
  readonly endpoint: string;
  readonly tlsFiles?: TlsFiles;
}

/**
 * The engine relays what a server answered when it fetched an import's URL, error page and all
 * ("status 404 File not found: <!DOCTYPE HTML> <html …" over a dozen lines): the page is left out.
 */
const withoutHtmlPage = (message: string): string => {
  const page = message.search(/<!DOCTYPE html|<html[\s>]/i);
  return page <= 0 ? message : `${message.slice(0, page).trimEnd()} (the server's HTML error page left out)`;
};

/** Maps anything dockerode, docker-modem, node:net, node:tls or the ssh tunnel can throw to an EngineError. */
// biome-ignore lint/suspicious/noExplicitAny: the dockerode edge, where errors arrive untyped
export function toEngineError(e: any, at: string | EdgeContext): EngineError {
  const { endpoint, tlsFiles } = typeof at === "string" ? { endpoint: at, tlsFiles: undefined } : at;
  // An abort by a watchdog carries the watchdog's own failure as its reason.
  const failure = e instanceof ConnectionFailure ? e : e?.cause instanceof ConnectionFailure ? e.cause : undefined;
  if (failure !== undefined) return { ...failure.facts, endpoint, message: failure.message, cause: e } as EngineError;

  const code: unknown = e?.code;
  const syscall: unknown = e?.syscall;
  const statusCode: number | undefined = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  const engineMessage: string = withoutHtmlPage(
    (typeof e?.json?.message === "string" && e.json.message) ||
      (typeof e?.json === "string" && e.json) ||
      (Buffer.isBuffer(e?.json) && e.json.toString().trim()) ||
      (typeof e?.message === "string" && e.message) ||
      String(e),
  );
  const base = { endpoint, cause: e, message: engineMessage, ...(statusCode !== undefined && { statusCode }) };
  if (statusCode === undefined) {
    const tls = tlsFailure(String(code), engineMessage, tlsFiles);
    if (tls !== undefined) return { ...base, ...tls };
  }
  if (
    statusCode === undefined &&
    (DAEMON_DOWN.has(String(code)) || (code === "ENOENT" && (syscall === "connect" || syscall === undefined)))
  )
    return { ...base, kind: "DaemonUnreachable" };
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT" || (/timeout/i.test(String(e?.message ?? "")) && !statusCode))
    return { ...base, kind: "Timeout" };
  if (statusCode === undefined && (GONE.has(String(code)) || /^(socket hang up|aborted)$/.test(engineMessage)))
    return { ...base, kind: "EngineGone" };
  if (/port is already allocated|address already in use/i.test(engineMessage)) return { ...base, kind: "PortConflict" };
  if (statusCode === 404) return { ...base, kind: "NotFound" };
  if (statusCode === 409)
    return /is being used|unable to delete|unable to remove/i.test(engineMessage)
      ? { ...base, kind: "ImageInUse" }
      : { ...base, kind: "Conflict" };
  if (statusCode === 400) return { ...base, kind: "BadRequest" };
  return { ...base, kind: "ServerError" };
}

type TlsFacts = { kind: "TlsFailed"; check: TlsCheck; file?: string; message: string };

/** A TLS failure by its code, naming the check and the file behind it. */
function tlsFailure(code: string, message: string, files: TlsFiles | undefined): TlsFacts | undefined {
  const where = files?.from === "DOCKER_TLS_VERIFY" ? "DOCKER_CERT_PATH" : "daemon_client.tls";
  const withFile = (file: string | undefined) => (file === undefined ? {} : { file });
  if (UNKNOWN_CA.has(code)) {
    return {
      kind: "TlsFailed",
      check: "unknown-ca",
      ...withFile(files?.ca),
      message:
        files?.ca === undefined
          ? `the engine's certificate is not signed by a CA this system trusts (${code}); name the engine's CA in ${where === "DOCKER_CERT_PATH" ? "DOCKER_CERT_PATH/ca.pem" : "daemon_client.tls.ca_cert"}`
          : `the engine's certificate is not signed by the CA in ${files.ca} (${code})`,
    };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return {
      kind: "TlsFailed",
      check: "hostname",
      message: `the engine's certificate does not name the address berth connected to: ${message}`,
    };
  }
  if (EXPIRED.has(code)) {
    return {
      kind: "TlsFailed",
      check: "expired",
      message: `the engine's certificate is expired or not yet valid (${code})`,
    };
  }
  if (
    CLIENT_CERT_REFUSED.test(code) ||
    (code.startsWith("ERR_SSL") && CLIENT_CERT_REFUSED.test(message.toUpperCase().replace(/ /g, "_")))
  ) {
    return {
      kind: "TlsFailed",
      check: "client-certificate",
      ...withFile(files?.cert),
      message:
        files?.cert === undefined
          ? `the engine wants a client certificate and berth sent none (${code}); give one in ${where === "DOCKER_CERT_PATH" ? "DOCKER_CERT_PATH (cert.pem, key.pem)" : "daemon_client.tls.client_cert"}`
          : `the engine refused the client certificate ${files.cert} (${code}): it is not signed by a CA the engine trusts`,
    };
  }
  if (code.startsWith("ERR_SSL") || code === "EPROTO" || code.startsWith("ERR_TLS")) {
    return { kind: "TlsFailed", check: "handshake", message: `the TLS handshake failed (${code}): ${message}` };
  }
  return undefined;
}

const imageSummary = (i: Docker.ImageInfo): ImageDetails => ({
  Id: i.Id,
  RepoTags: i.RepoTags ?? [],
  Labels: i.Labels ?? {},
  Parent: i.ParentId ?? "",
});

const labelFilter = (labels: Readonly<Record<string, string>>) => ({
  label: Object.entries(labels).map(([k, v]) => `${k}=${v}`),
});

/** What connecting needs: the dockerode options, the agents that carry them, and the daemon's timeout. */
export interface Connection {
  readonly options: Docker.DockerOptions;
  readonly endpoint: string;
  /** A pinned Engine API version (already checked, as its type says); otherwise the daemon's own, capped at MAX_API_VERSION. */
  readonly version?: SupportedApiVersion;
  readonly timeoutMs: number;
  readonly tlsFiles?: TlsFiles;
  readonly agents: EngineAgents;
}

let dockerodeClass: typeof Docker | undefined;

/**
 * dockerode, required on the first connection, with the two modules it loads but berth never
 * calls deferred (deferred-modules.ts): its BuildKit session (gRPC, protobufjs) and
 * docker-modem's ssh transport (ssh2; berth's own is ssh-tunnel.ts). That takes loading it from
 * ~140 ms to ~45 ms on the test machine, paid by every `berth up` and `down`.
 */
function loadDockerode(): typeof Docker {
  if (dockerodeClass === undefined) {
    const require = createRequire(import.meta.url);
    deferModules([
      { from: import.meta.url, specifier: "dockerode", inner: "./session.js" },
      { from: require.resolve("dockerode"), specifier: "docker-modem", inner: "./ssh.js" },
    ]);
    dockerodeClass = require("dockerode") as typeof Docker;
  }
  return dockerodeClass;
}

/**
 * dockerode with the environment hidden: docker-modem reads DOCKER_HOST (and with it
 * DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, SSH_AUTH_SOCK) on every construction and lets it override
 * options it was given; berth has already read the environment, through `daemonConnection`.
 */
function dockerode(options: Docker.DockerOptions & { agent?: HttpAgent }): Docker {
  const saved = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    // docker-modem hands `agent` to every request; its typings leave it out.
    const Dockerode = loadDockerode();
    return new Dockerode(options as Docker.DockerOptions);
  } finally {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  }
}

/**
 * The daemon's API version from the `Api-Version` header of `GET /_ping`, as the docker CLI
 * negotiates: about 1 ms, where `/version` (which asks containerd too) takes about 20 ms on the
 * test machine. Undefined when the daemon sends no such header.
 */
const pingApiVersion = (docker: Docker): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    // isStream: docker-modem hands over the response itself, headers and all.
    docker.modem.dial(
      { path: "/_ping", method: "GET", isStream: true, statusCodes: { 200: true, 500: "server error" } },
      (error, result) => {
        if (error) return reject(error);
        const response = result as IncomingMessage;
        response.resume();
        const header = response.headers["api-version"];
        resolve(typeof header === "string" && header !== "" ? header : undefined);
      },
    );
  });

/**
 * Connects and negotiates the API version: the one the daemon_client pins (already checked, as
 * its type says), or the daemon's own capped at what berth is written for. A daemon older than
 * berth speaks is refused, pinned or not: its API cannot take berth's requests. The daemon's
 * version comes from `/_ping`; `/version` is asked only by a daemon that does not say it there,
 * and by one too old, to name its Docker version.
 */
export function connectDockerode(connection: Connection): ResultAsync<EngineClient, EngineError> {
  const { endpoint, agents } = connection;
  const at: EdgeContext = { endpoint, ...(connection.tlsFiles && { tlsFiles: connection.tlsFiles }) };
  const quick = { ...connection.options, agent: agents.quick };
  const probe = dockerode({ ...quick, version: undefined });
  const versionInfo = () => ResultAsync.fromPromise(probe.version(), (e) => toEngineError(e, at));
  return ResultAsync.fromPromise(pingApiVersion(probe), (e) => toEngineError(e, at))
    .andThen((pinged) => {
      const server = pinged === undefined ? undefined : checkApiVersion(pinged);
      if (server?.isOk()) return okAsync(server.value);
      return versionInfo().andThen((v) => {
        const checked = checkApiVersion(String(v.ApiVersion));
        return checked.isOk()
          ? okAsync(checked.value)
          : errAsync<SupportedApiVersion, EngineError>({
              kind: "ApiVersionTooOld",
              endpoint,
              apiVersion: String(v.ApiVersion),
              minimum: MIN_API_VERSION,
              message: `the daemon speaks Engine API ${String(v.ApiVersion)} (Docker ${v.Version}); berth needs ${MIN_API_VERSION} or later`,
            });
      });
    })
    .andThen((serverVersion) => {
      const chosen =
        connection.version ??
        (compareApiVersions(serverVersion, MAX_API_VERSION) < 0 ? serverVersion : MAX_API_VERSION);
      const version = `v${chosen}`;
      return okAsync(
        dockerodeClient(
          dockerode({ ...quick, version }),
          dockerode({ ...connection.options, agent: agents.slow, version }),
          at,
          chosen,
          connection.timeoutMs,
        ),
      );
    });
}

function dockerodeClient(
  docker: Docker,
  slow: Docker,
  at: EdgeContext,
  apiVersion: SupportedApiVersion,
  timeoutMs: number,
): EngineClient {
  const { endpoint } = at;
  const call = <T>(promise: () => Promise<T>): ResultAsync<T, EngineError> =>
    ResultAsync.fromPromise(Promise.resolve().then(promise), (e) => toEngineError(e, at));
  // 304 "already started/stopped" is the state asked for, not a failure.
  const idempotent = (result: ResultAsync<unknown, EngineError>): ResultAsync<void, EngineError> =>
    result.map(() => undefined).orElse((e) => (e.statusCode === 304 ? okAsync(undefined) : errAsync(e)));

  /**
   * A request that may be quiet for long, under a watchdog (watchdog.ts): `run` gets the abort
   * signal to pass to dockerode and `touch` to call on progress.
   */
  const watched = <T>(
    what: string,
    run: (signal: AbortSignal, touch: () => void) => Promise<T>,
  ): ResultAsync<T, EngineError> => {
    const dog = watch(() => docker.ping(), timeoutMs, what);
    return ResultAsync.fromPromise(
      Promise.resolve()
        .then(() => run(dog.signal, dog.touch))
        .finally(dog.stop),
      (e) => toEngineError(dog.signal.aborted ? dog.signal.reason : e, at),
    );
  };

  /** Reads a response stream to its end; a stream cut off before its end is the engine going away. */
  const drain = (
    stream: NodeJS.ReadableStream,
    signal: AbortSignal,
    touch: () => void,
    onChunk: (chunk: Buffer) => void,
  ): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const readable = stream as unknown as Readable;
      const abort = () => readable.destroy(signal.reason);
      if (signal.aborted) abort();
      signal.addEventListener("abort", abort, { once: true });
      let ended = false;
      readable.on("data", (chunk: Buffer) => {
        touch();
        onChunk(chunk);
      });
      readable.on("error", reject);
      readable.on("end", () => {
        ended = true;
        resolve();
      });
      readable.on("close", () => {
        signal.removeEventListener("abort", abort);
        if (!ended) reject(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      });
    });

  const readProgress = (
    what: string,
    open: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>,
    onProgress: (m: ProgressMessage) => void,
  ): ResultAsync<readonly ProgressMessage[], EngineError> =>
    watched(what, async (signal, touch) => {
      const stream = await open(signal);
      const reader = progressReader(onProgress);
      await drain(stream, signal, touch, (chunk) => reader.push(chunk));
      return reader.end();
    }).andThen((messages) => {
      const error = streamError(messages);
      return error === undefined
        ? okAsync(messages)
        : errAsync<readonly ProgressMessage[], EngineError>({ kind: "StreamError", message: error, endpoint });
    });

  return {
    endpoint,
    apiVersion,
    version: () =>
      call(() => docker.version()).map(
        (v): EngineVersion => ({ version: v.Version, apiVersion: String(v.ApiVersion) }),
      ),

    importImage(source: ImportSource, labels, onProgress) {
      // LABEL through `changes` marks the image as berth's, so `down` finds it after a crash.
      const changes = Object.entries(labels).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`);
      const query = {
        ...(source.repo !== undefined && { repo: source.repo }),
        ...(source.tag !== undefined && { tag: source.tag }),
        ...(changes.length > 0 && { changes }),
      };
      return readProgress(
        "image import",
        (abortSignal) =>
          source.kind === "url"
            ? slow.createImage({ ...query, fromSrc: source.fromSrc, abortSignal })
            : slow.importImage(createReadStream(source.path), { ...query, abortSignal }),
        onProgress,
      );
    },

    buildImage(source: BuildSource, labels, onProgress) {
      const options = { ...source.options, labels: { ...(source.options.labels as object), ...labels } };
      if ("remote" in source) {
        return readProgress(
          "image build",
          (abortSignal) =>
            slow.buildImage(undefined as unknown as string, { ...options, remote: source.remote, abortSignal }),
          onProgress,
        );
      }
      return call(async () => readdirSync(source.contextDir)).andThen((entries) =>
        // dockerode tars `src` relative to `context` and drops what .dockerignore excludes.
        readProgress(
          "image build",
          (abortSignal) => slow.buildImage({ context: source.contextDir, src: entries }, { ...options, abortSignal }),
          onProgress,
        ),
      );
    },

    inspectImage: (ref) =>
      call(() => docker.getImage(ref).inspect()).map(
        (i): ImageDetails => ({
          Id: i.Id,
          RepoTags: i.RepoTags ?? [],
          Labels: i.Config?.Labels ?? {},
          Parent: i.Parent ?? "",
        }),
      ),
    listImages: (labels) =>
      call(() => docker.listImages({ filters: labelFilter(labels) })).map((list) => list.map(imageSummary)),
    imageHistory: (ref) =>
      call(() => docker.getImage(ref).history()).map((steps: { Id?: string; CreatedBy?: string; Comment?: string }[]) =>
        steps.map(
          (h): ImageHistoryEntry => ({ Id: h.Id ?? "", CreatedBy: h.CreatedBy ?? "", Comment: h.Comment ?? "" }),
        ),
      ),
    childImages: (id) => {
      const parent = id.replace(/^sha256:/, "");
      return call(() => docker.listImages({ all: true })).map((list) =>
        list
          .filter((i) => parent !== "" && (i.ParentId ?? "").replace(/^sha256:/, "").startsWith(parent))
          .map(imageSummary),
      );
    },
    removeImage: (ref) => call(() => docker.getImage(ref).remove()).map(() => undefined),

    createContainer: (body) =>
      call(() => docker.createContainer(body as Docker.ContainerCreateOptions)).map((c) => ({ id: c.id })),
    startContainer: (id) => idempotent(call(() => docker.getContainer(id).start())),
    // A stop waits up to `t` seconds for the container: quiet, so under the watchdog.
    stopContainer: (id, timeoutSeconds) =>
      idempotent(
        watched("container stop", (abortSignal) =>
          slow.getContainer(id).stop({ ...(timeoutSeconds !== undefined && { t: timeoutSeconds }), abortSignal }),
        ),
      ),
    removeContainer: (id, options: RemoveContainerOptions) =>
      call(() =>
        docker
          .getContainer(id)
          .remove({ v: options.v ?? false, link: options.link ?? false, force: options.force ?? false }),
      ).map(() => undefined),
    inspectContainer: (id) =>
      call(() => docker.getContainer(id).inspect()).map((c) => c as unknown as ContainerDetails),
    listContainers: (filter: ContainerFilter) =>
      call(() =>
        docker.listContainers({
          all: true,
          filters: {
            ...(filter.labels !== undefined && labelFilter(filter.labels)),
            ...(filter.ancestor !== undefined && { ancestor: [filter.ancestor] }),
          },
        }),
      ).map((list) =>
        list.map(
          (c): ContainerSummary => ({
            Id: c.Id,
            Names: c.Names,
            Image: c.Image,
            ImageID: c.ImageID,
            Labels: c.Labels ?? {},
            State: c.State,
            Status: c.Status,
          }),
        ),
      ),
    top: (id) =>
      call(() => docker.getContainer(id).top()).map(
        (t): TopResult => ({ Titles: t.Titles ?? [], Processes: (t.Processes ?? []) as string[][] }),
      ),
    logs: (id, tail) =>
      call(() =>
        docker
          .getContainer(id)
          .logs({ stdout: true, stderr: true, follow: false, ...(tail !== undefined && { tail }) }),
      ).map((raw) => {
        const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
        return demuxLogs(buffer, looksMultiplexed(buffer));
      }),
    followLogs(id, options: FollowLogsOptions) {
      const container = slow.getContainer(id);
      return call(() => container.inspect()).andThen((details) =>
        watched("logs -f", async (abortSignal, touch) => {
          const stream = await container.logs({
            stdout: true,
            stderr: true,
            follow: true,
            ...(options.tail !== undefined && { tail: options.tail }),
            abortSignal,
          });
          const splitter = new LogLineSplitter(!details.Config.Tty, options.onLine);
          const readable = stream as unknown as Readable;
          // The caller's signal ends the stream on purpose: that is a success, not an error.
          const stop = () => readable.destroy();
          if (options.signal?.aborted) stop();
          options.signal?.addEventListener("abort", stop, { once: true });
          try {
            await drain(stream, abortSignal, touch, (chunk) => splitter.push(chunk));
          } catch (e) {
            if (!options.signal?.aborted) throw e;
          } finally {
            options.signal?.removeEventListener("abort", stop);
            splitter.end();
          }
        }),
      );
    },
  };
}
