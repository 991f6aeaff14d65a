/**
 * The narrow view of a Docker engine that berth's tasks need (testcontainers-node's pattern):
 * tasks and workflows program against this, unit tests against a fake, and only
 * `dockerode-client.ts` knows dockerode. Every call returns a ResultAsync; nothing throws.
 */
import type { ResultAsync } from "neverthrow";
import type { SupportedApiVersion } from "../../dsl/api-version.ts";

/**
 * What went wrong talking to an engine, and the facts each kind carries besides the common
 * ones (`message`, `endpoint`, `statusCode?`, `cause?`). A new kind is added here and nowhere
 * else in this file.
 */
export interface EngineErrorFields {
  /** Connection refused, socket missing, host unknown: nothing answered. */
  readonly DaemonUnreachable: object;
  /** The connection broke during a request (`socket hang up`, `ECONNRESET`, `aborted`): the engine died or restarted. */
  readonly EngineGone: object;
  /** The engine (or the ssh server in front of it) sent nothing for the connection's timeout. */
  readonly Timeout: object;
  /** The ssh server refused every key offered. `user` is the login; `tried` names what was offered. */
  readonly AuthFailed: { readonly user: string; readonly tried: readonly string[] };
  /** The ssh server's host key differs from the one `knownHosts` (file:line) records for `host`. */
  readonly HostKeyMismatch: { readonly host: string; readonly fingerprint: string; readonly knownHosts: string };
  /** No known_hosts file (of `knownHosts`) records a key for `host`. */
  readonly HostKeyUnknown: {
    readonly host: string;
    readonly fingerprint: string;
    readonly knownHosts: readonly string[];
  };
  /** The TLS handshake failed on `check`; `file` is the certificate or key involved, where one is. */
  readonly TlsFailed: { readonly check: TlsCheck; readonly file?: string };
  /** The engine speaks an Engine API older than berth needs. */
  readonly ApiVersionTooOld: { readonly apiVersion: string; readonly minimum: string };
  /** 404: no such image / container. */
  readonly NotFound: object;
  /** 409 when removing an image a container uses. */
  readonly ImageInUse: object;
  /** Any other 409 (name in use, container running, ...). */
  readonly Conflict: object;
  /** "port is already allocated" / "address already in use". */
  readonly PortConflict: object;
  /** 400: the engine rejected the request (bad option, missing executable, ...). */
  readonly BadRequest: object;
  /** An import/build stream reported an error in-band. */
  readonly StreamError: object;
  /** 500 and anything else. */
  readonly ServerError: object;
}

export type EngineErrorKind = keyof EngineErrorFields;

/** Which TLS check failed. */
export type TlsCheck =
  | "unknown-ca" // the server's certificate is not signed by the CA berth trusts
  | "hostname" // the server's certificate does not name the address berth connected to
  | "expired" // the server's certificate is expired or not yet valid
  | "client-certificate" // the server wants a client certificate and got none, or refused the one sent
  | "handshake"; // any other TLS failure (protocol, cipher, a key that does not match its certificate)

/** One failure at the engine edge, tagged by `kind`, with exactly that kind's facts. */
export type EngineError<K extends EngineErrorKind = EngineErrorKind> = K extends EngineErrorKind
  ? {
      readonly kind: K;
      /** The engine's own message (e.g. `exec: "wrong": executable file not found in $PATH`). */
      readonly message: string;
      readonly statusCode?: number;
      /** The daemon endpoint the request went to, e.g. `unix:///var/run/docker.sock`. */
      readonly endpoint: string;
      readonly cause?: unknown;
    } & EngineErrorFields[K]
  : never;

/** One JSON object from an import or build stream (`{status}`, `{stream}`, `{aux}`, `{error}`). */
export type ProgressMessage = Readonly<Record<string, unknown>>;

export type ImportSource =
  | { readonly kind: "url"; readonly fromSrc: string; readonly repo?: string; readonly tag?: string }
  | { readonly kind: "file"; readonly path: string; readonly repo?: string; readonly tag?: string };

export type BuildSource =
  | { readonly contextDir: string; readonly options: Readonly<Record<string, unknown>> }
  | { readonly remote: string; readonly options: Readonly<Record<string, unknown>> };

export interface PortBindingInfo {
  readonly HostIp?: string;
  readonly HostPort?: string;
}

/** The part of `GET /containers/{id}/json` berth reads. */
export interface ContainerDetails {
  readonly Id: string;
  readonly Name: string;
  readonly Image: string;
  readonly Created: string;
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly ExitCode: number;
    readonly StartedAt: string;
    readonly FinishedAt: string;
    readonly Error?: string;
    readonly Restarting?: boolean;
    /** Present when the container has a healthcheck (its own or its image's). */
    readonly Health?: {
      readonly Status: string;
      readonly FailingStreak?: number;
      readonly Log?: readonly { readonly ExitCode: number; readonly Output: string }[] | null;
    };
  };
  readonly Config: {
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly Tty?: boolean;
    /** The image as the container was created from it: a reference like `busybox:latest`, or an id. */
    readonly Image?: string;
  };
  readonly NetworkSettings: {
    readonly Ports?: Readonly<Record<string, readonly PortBindingInfo[] | null>> | null;
    readonly Networks?: Readonly<Record<string, { readonly IPAddress?: string; readonly Gateway?: string }>> | null;
    readonly IPAddress?: string;
  } & Readonly<Record<string, unknown>>;
}

/** One row of `GET /containers/json?all=1`. */
export interface ContainerSummary {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Image: string;
  readonly ImageID: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly State: string;
  readonly Status: string;
}

export interface ImageDetails {
  readonly Id: string;
  readonly RepoTags: readonly string[];
  readonly Labels: Readonly<Record<string, string>>;
  /** The image it was built on, as the legacy builder records it (`""` for imports and BuildKit builds). */
  readonly Parent: string;
}

/** One step of `GET /images/{id}/history`, newest first. */
export interface ImageHistoryEntry {
  readonly Id: string;
  /** The instruction, e.g. `/bin/sh -c #(nop)  LABEL berth.image=web/app`; `""` for an import. */
  readonly CreatedBy: string;
  /** e.g. `Imported from -` for an import. */
  readonly Comment: string;
}

export interface TopResult {
  readonly Titles: readonly string[];
  readonly Processes: readonly (readonly string[])[];
}

export interface RemoveContainerOptions {
  readonly v?: boolean;
  readonly link?: boolean;
  readonly force?: boolean;
}

export interface ContainerFilter {
  readonly labels?: Readonly<Record<string, string>>;
  /** Containers whose image is this one (or descends from it). */
  readonly ancestor?: string;
}

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
}

export interface FollowLogsOptions {
  readonly tail?: number;
  readonly signal?: AbortSignal;
  readonly onLine: (line: string) => void;
}

export interface EngineClient {
  /** Where this client talks to, for messages (`unix:///var/run/docker.sock`, `tcp://h:2376`). */
  readonly endpoint: string;
  /** The Engine API version requests use (negotiated with the daemon, e.g. `1.41`). */
  readonly apiVersion: SupportedApiVersion;
  version(): ResultAsync<EngineVersion, EngineError>;
  /** `POST /images/create?fromSrc=`: from a URL, or a local tarball streamed as the body. */
  importImage(
    source: ImportSource,
    labels: Readonly<Record<string, string>>,
    onProgress: (message: ProgressMessage) => void,
  ): ResultAsync<readonly ProgressMessage[], EngineError>;
  /** `POST /build`: a directory tarred (honouring .dockerignore) or a remote context. */
  buildImage(
    source: BuildSource,
    labels: Readonly<Record<string, string>>,
    onProgress: (message: ProgressMessage) => void,
  ): ResultAsync<readonly ProgressMessage[], EngineError>;
  inspectImage(ref: string): ResultAsync<ImageDetails, EngineError>;
  listImages(labels: Readonly<Record<string, string>>): ResultAsync<readonly ImageDetails[], EngineError>;
  /** The steps that made an image, newest first. */
  imageHistory(ref: string): ResultAsync<readonly ImageHistoryEntry[], EngineError>;
  /** Images built directly on this one (whose `Parent` it is), which keep the engine from removing it. */
  childImages(id: string): ResultAsync<readonly ImageDetails[], EngineError>;
  removeImage(ref: string): ResultAsync<void, EngineError>;
  /** `POST /containers/create`; `body` is the Engine API JSON, `name` goes in the query. */
  createContainer(body: Readonly<Record<string, unknown>>): ResultAsync<{ readonly id: string }, EngineError>;
  /** Starts with no body: host config was given at create (Engine API >= 1.24). */
  startContainer(id: string): ResultAsync<void, EngineError>;
  /** Stopping a stopped container succeeds (the engine's 304 is not an error). */
  stopContainer(id: string, timeoutSeconds?: number): ResultAsync<void, EngineError>;
  removeContainer(id: string, options: RemoveContainerOptions): ResultAsync<void, EngineError>;
  inspectContainer(id: string): ResultAsync<ContainerDetails, EngineError>;
  /** Every container (running or not) carrying all these labels, or made from this image. */
  listContainers(filter: ContainerFilter): ResultAsync<readonly ContainerSummary[], EngineError>;
  top(id: string): ResultAsync<TopResult, EngineError>;
  /** The last `tail` lines (default all) of stdout and stderr, demultiplexed. */
  logs(id: string, tail?: number): ResultAsync<string, EngineError>;
  /** Streams log lines until the container stops or the signal aborts. */
  followLogs(id: string, options: FollowLogsOptions): ResultAsync<void, EngineError>;
}
