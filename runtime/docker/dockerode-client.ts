/**
 * The dockerode edge: the only file that imports dockerode. Every exception and every callback
 * error becomes a tagged EngineError here (neverthrow's `fromPromise`), so nothing above this
 * file catches anything.
 */
import { createReadStream, readdirSync } from "node:fs";
import type { Readable } from "node:stream";
import Docker from "dockerode";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import {
  checkApiVersion,
  compareApiVersions,
  MAX_API_VERSION,
  MIN_API_VERSION,
  type SupportedApiVersion,
} from "../../dsl/api-version.ts";
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
  TopResult,
} from "./engine-client.ts";
import { demuxLogs, LogLineSplitter, looksMultiplexed } from "./log-demux.ts";
import { progressReader, streamError } from "./progress-stream.ts";

const DAEMON_DOWN = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EACCES", "EAI_AGAIN"]);

/** Maps anything dockerode, docker-modem or node:net can throw to an EngineError. */
// biome-ignore lint/suspicious/noExplicitAny: the dockerode edge, where errors arrive untyped
export function toEngineError(e: any, endpoint: string): EngineError {
  const code: unknown = e?.code;
  const syscall: unknown = e?.syscall;
  const statusCode: number | undefined = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  const engineMessage: string =
    (typeof e?.json?.message === "string" && e.json.message) ||
    (typeof e?.json === "string" && e.json) ||
    (Buffer.isBuffer(e?.json) && e.json.toString().trim()) ||
    (typeof e?.message === "string" && e.message) ||
    String(e);
  const base = { endpoint, cause: e, message: engineMessage, ...(statusCode !== undefined && { statusCode }) };
  if (
    statusCode === undefined &&
    (DAEMON_DOWN.has(String(code)) || (code === "ENOENT" && (syscall === "connect" || syscall === undefined)))
  )
    return { ...base, kind: "DaemonUnreachable" };
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT" || (/timeout/i.test(String(e?.message ?? "")) && !statusCode))
    return { ...base, kind: "Timeout" };
  if (/port is already allocated|address already in use/i.test(engineMessage)) return { ...base, kind: "PortConflict" };
  if (statusCode === 404) return { ...base, kind: "NotFound" };
  if (statusCode === 409)
    return /is being used|unable to delete|unable to remove/i.test(engineMessage)
      ? { ...base, kind: "ImageInUse" }
      : { ...base, kind: "Conflict" };
  if (statusCode === 400) return { ...base, kind: "BadRequest" };
  return { ...base, kind: "ServerError" };
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

/**
 * Connects and negotiates the API version: the one the daemon_client pins (already checked, as
 * its type says), or the daemon's own capped at what berth is written for. A daemon older than
 * berth speaks is refused, pinned or not: its API cannot take berth's requests.
 */
export function connectDockerode(
  options: Docker.DockerOptions,
  endpoint: string,
  pinnedVersion?: SupportedApiVersion,
): ResultAsync<EngineClient, EngineError> {
  const probe = new Docker({ ...options, version: undefined });
  return ResultAsync.fromPromise(probe.version(), (e) => toEngineError(e, endpoint)).andThen((v) => {
    const server = checkApiVersion(String(v.ApiVersion));
    if (server.isErr()) {
      return errAsync<EngineClient, EngineError>({
        kind: "UnsupportedApi",
        endpoint,
        message: `the daemon speaks Engine API ${String(v.ApiVersion)} (Docker ${v.Version}); berth needs ${MIN_API_VERSION} or later`,
      });
    }
    const chosen =
      pinnedVersion ?? (compareApiVersions(server.value, MAX_API_VERSION) < 0 ? server.value : MAX_API_VERSION);
    const versioned = { ...options, version: `v${chosen}` };
    // Long or quiet requests (builds, stops that wait `t` seconds, followed logs) must not hit
    // the idle timeout meant for quick calls.
    const { timeout: _quickCallsOnly, ...untimed } = versioned;
    return okAsync(dockerodeClient(new Docker(versioned), new Docker(untimed), endpoint, chosen));
  });
}

function dockerodeClient(
  docker: Docker,
  slow: Docker,
  endpoint: string,
  apiVersion: SupportedApiVersion,
): EngineClient {
  const call = <T>(promise: () => Promise<T>): ResultAsync<T, EngineError> =>
    ResultAsync.fromPromise(Promise.resolve().then(promise), (e) => toEngineError(e, endpoint));
  // 304 "already started/stopped" is the state asked for, not a failure.
  const idempotent = (promise: () => Promise<unknown>): ResultAsync<void, EngineError> =>
    call(promise)
      .map(() => undefined)
      .orElse((e) => (e.statusCode === 304 ? okAsync(undefined) : errAsync(e)));

  const readProgress = (
    open: () => Promise<NodeJS.ReadableStream>,
    onProgress: (m: ProgressMessage) => void,
  ): ResultAsync<readonly ProgressMessage[], EngineError> =>
    call(open).andThen((stream) =>
      ResultAsync.fromPromise(
        new Promise<readonly ProgressMessage[]>((resolve, reject) => {
          const reader = progressReader(onProgress);
          stream.on("data", (chunk: Buffer) => reader.push(chunk));
          stream.on("error", reject);
          stream.on("end", () => resolve(reader.end()));
        }),
        (e) => toEngineError(e, endpoint),
      ).andThen((messages) => {
        const error = streamError(messages);
        return error === undefined
          ? okAsync(messages)
          : errAsync<readonly ProgressMessage[], EngineError>({ kind: "StreamError", message: error, endpoint });
      }),
    );

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
        () =>
          source.kind === "url"
            ? slow.createImage({ ...query, fromSrc: source.fromSrc })
            : slow.importImage(createReadStream(source.path), query),
        onProgress,
      );
    },

    buildImage(source: BuildSource, labels, onProgress) {
      const options = { ...source.options, labels: { ...(source.options.labels as object), ...labels } };
      if ("remote" in source) {
        return readProgress(
          () => slow.buildImage(undefined as unknown as string, { ...options, remote: source.remote }),
          onProgress,
        );
      }
      return call(async () => readdirSync(source.contextDir)).andThen((entries) =>
        // dockerode tars `src` relative to `context` and drops what .dockerignore excludes.
        readProgress(() => slow.buildImage({ context: source.contextDir, src: entries }, options), onProgress),
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
    startContainer: (id) => idempotent(() => docker.getContainer(id).start()),
    stopContainer: (id, timeoutSeconds) =>
      idempotent(() => slow.getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds })),
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
        call(() =>
          container.logs({
            stdout: true,
            stderr: true,
            follow: true,
            ...(options.tail !== undefined && { tail: options.tail }),
          }),
        ).andThen((stream) =>
          ResultAsync.fromPromise(
            new Promise<void>((resolve, reject) => {
              const readable = stream as unknown as Readable;
              const splitter = new LogLineSplitter(!details.Config.Tty, options.onLine);
              const stop = () => readable.destroy();
              if (options.signal?.aborted) stop();
              options.signal?.addEventListener("abort", stop, { once: true });
              readable.on("data", (chunk: Buffer) => splitter.push(chunk));
              readable.on("error", (e) => (options.signal?.aborted ? resolve() : reject(e)));
              readable.on("close", () => {
                splitter.end();
                options.signal?.removeEventListener("abort", stop);
                resolve();
              });
            }),
            (e) => toEngineError(e, endpoint),
          ),
        ),
      );
    },
  };
}
