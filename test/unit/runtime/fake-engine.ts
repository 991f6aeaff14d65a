/**
 * An in-memory EngineClient: enough of Docker's behaviour (images, containers, labels, states)
 * to test tasks and workflows without an engine, plus a call log and failure injection.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { MAX_API_VERSION } from "../../../dsl/api-version.ts";
import type { ClientFor } from "../../../runtime/docker/client-pool.ts";
import type {
  ContainerDetails,
  ContainerSummary,
  EngineClient,
  EngineError,
  ImageDetails,
  ImageHistoryEntry,
} from "../../../runtime/docker/engine-client.ts";

interface FakeContainer {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: "created" | "running" | "exited";
  exitCode: number;
  body: Record<string, unknown>;
}

export interface FakeEngineOptions {
  /** Makes a call fail: return an error for (method, argument) or undefined to let it pass. */
  readonly fail?: (method: string, arg: string) => EngineError | undefined;
  /** Milliseconds each create/start takes (real timers), to observe concurrency. */
  readonly delayMs?: number;
  /**
   * What a build streams before its own end; one with `error` fails the build as the engine's
   * in-band error does. The images and containers it names are the test's to add.
   */
  readonly buildOutput?: readonly Record<string, unknown>[];
}

export class FakeEngine implements EngineClient {
  readonly endpoint = "fake://engine";
  readonly apiVersion = MAX_API_VERSION;
  readonly images = new Map<string, ImageDetails>();
  /** Each image's history, newest first (the steps that made it). */
  readonly histories = new Map<string, ImageHistoryEntry[]>();
  readonly containers = new Map<string, FakeContainer>();
  readonly calls: string[] = [];
  /** Every container's name by id, kept after removal, for order checks. */
  readonly names = new Map<string, string>();
  #next = 0;

  constructor(private readonly options: FakeEngineOptions = {}) {
    this.addImage("sha256:busybox", ["berth-test/busybox:latest"]);
  }

  addImage(
    id: string,
    tags: string[] = [],
    labels: Record<string, string> = {},
    made: { parent?: string; steps?: string[]; comment?: string } = {},
  ): void {
    const parent = made.parent ?? "";
    this.images.set(id, { Id: id, RepoTags: tags, Labels: labels, Parent: parent });
    const own = (made.steps ?? [""]).map((CreatedBy) => ({ Id: "<missing>", CreatedBy, Comment: made.comment ?? "" }));
    const older = this.histories.get(parent) ?? [];
    this.histories.set(id, [...own.map((h, i) => (i === 0 ? { ...h, Id: id } : h)), ...older]);
  }

  #id(prefix: string): string {
    this.#next += 1;
    return `${prefix}${String(this.#next).padStart(63, "0")}`;
  }

  #call<T>(method: string, arg: string, run: () => ResultAsync<T, EngineError>): ResultAsync<T, EngineError> {
    this.calls.push(`${method} ${arg}`);
    const failure = this.options.fail?.(method, arg);
    if (failure !== undefined) return errAsync(failure);
    const delay = this.options.delayMs ?? 0;
    if (delay === 0 || !["createContainer", "startContainer"].includes(method)) return run();
    return ResultAsync.fromSafePromise(new Promise((r) => setTimeout(r, delay))).andThen(run);
  }

  #findImage(ref: string): ImageDetails | undefined {
    return (
      this.images.get(ref) ??
      [...this.images.values()].find(
        (i) => i.RepoTags.includes(ref) || i.Id.startsWith(ref) || i.Id.startsWith(`sha256:${ref}`),
      )
    );
  }

  #notFound(what: string): EngineError {
    return { kind: "NotFound", message: `No such ${what}`, statusCode: 404, endpoint: this.endpoint };
  }

  version() {
    return okAsync({ version: "20.10.24", apiVersion: this.apiVersion });
  }
  importImage(
    _source: unknown,
    labels: Readonly<Record<string, string>>,
    onProgress: (m: Record<string, unknown>) => void,
  ) {
    return this.#call("importImage", "", () => {
      const id = this.#id("sha256:");
      this.addImage(id, [], { ...labels }, { comment: "Imported from -" });
      onProgress({ status: id });
      return okAsync([{ status: id }]);
    });
  }
  buildImage(
    _source: unknown,
    labels: Readonly<Record<string, string>>,
    onProgress: (m: Record<string, unknown>) => void,
  ) {
    return this.#call("buildImage", "", () => {
      for (const m of this.options.buildOutput ?? []) {
        onProgress(m);
        if (m.error !== undefined)
          return errAsync<Record<string, unknown>[], EngineError>({
            kind: "StreamError",
            message: String(m.error),
            endpoint: this.endpoint,
          });
      }
      const id = this.#id("sha256:");
      const steps = Object.entries(labels).map(([k, v]) => `/bin/sh -c #(nop)  LABEL ${k}=${v}`);
      this.addImage(id, [], { ...labels }, { parent: "sha256:busybox", steps });
      onProgress({ stream: "Step 1/1 : FROM scratch\n" });
      return okAsync([{ aux: { ID: id } }, { stream: `Successfully built ${id.slice(7, 19)}\n` }]);
    });
  }
  inspectImage(ref: string) {
    return this.#call("inspectImage", ref, () => {
      const image = this.#findImage(ref);
      return image === undefined ? errAsync(this.#notFound(`image: ${ref}`)) : okAsync(image);
    });
  }
  imageHistory(ref: string) {
    return this.#call("imageHistory", ref, () => {
      const image = this.#findImage(ref);
      return image === undefined
        ? errAsync(this.#notFound(`image: ${ref}`))
        : okAsync(this.histories.get(image.Id) ?? []);
    });
  }
  childImages(id: string) {
    return okAsync([...this.images.values()].filter((i) => i.Parent === id));
  }
  listImages(labels: Readonly<Record<string, string>>) {
    return okAsync(
      [...this.images.values()].filter((i) => Object.entries(labels).every(([k, v]) => i.Labels[k] === v)),
    );
  }
  removeImage(ref: string) {
    return this.#call("removeImage", ref, () => {
      const image = this.#findImage(ref);
      if (image === undefined) return errAsync(this.#notFound(`image: ${ref}`));
      const child = [...this.images.values()].find((i) => i.Parent === image.Id);
      if (child !== undefined) {
        return errAsync<void, EngineError>({
          kind: "ImageInUse",
          statusCode: 409,
          endpoint: this.endpoint,
          message: `conflict: unable to delete ${ref} (cannot be forced) - image has dependent child images`,
        });
      }
      const user = [...this.containers.values()].find((c) => c.image === image.Id);
      if (user !== undefined) {
        return errAsync<void, EngineError>({
          kind: "ImageInUse",
          statusCode: 409,
          endpoint: this.endpoint,
          message: `conflict: unable to delete ${ref} (must be forced) - image is being used by stopped container ${user.id}`,
        });
      }
      this.images.delete(image.Id);
      this.histories.delete(image.Id);
      return okAsync(undefined);
    });
  }
  createContainer(body: Readonly<Record<string, unknown>>) {
    const name = String(body.name ?? "");
    return this.#call("createContainer", name, () => {
      const image = this.#findImage(String(body.Image));
      if (image === undefined) return errAsync(this.#notFound(`image: ${String(body.Image)}`));
      if ([...this.containers.values()].some((c) => c.name === name)) {
        return errAsync<{ id: string }, EngineError>({
          kind: "Conflict",
          statusCode: 409,
          endpoint: this.endpoint,
          message: `name ${name} in use`,
        });
      }
      const id = this.#id("c");
      const labels = { ...(body.Labels as Record<string, string> | undefined) };
      this.names.set(id, name);
      this.containers.set(id, { id, name, image: image.Id, labels, state: "created", exitCode: 0, body: { ...body } });
      return okAsync({ id });
    });
  }
  #container(id: string): FakeContainer | undefined {
    return this.containers.get(id);
  }
  startContainer(id: string) {
    return this.#call("startContainer", id, () => {
      const c = this.#container(id);
      if (c === undefined) return errAsync(this.#notFound(`container: ${id}`));
      c.state = "running";
      return okAsync(undefined);
    });
  }
  stopContainer(id: string) {
    return this.#call("stopContainer", id, () => {
      const c = this.#container(id);
      if (c === undefined) return errAsync(this.#notFound(`container: ${id}`));
      if (c.state === "running") {
        c.state = "exited";
        c.exitCode = 137;
      }
      return okAsync(undefined);
    });
  }
  removeContainer(id: string, options: { force?: boolean }) {
    return this.#call("removeContainer", id, () => {
      const c = this.#container(id);
      if (c === undefined) return errAsync(this.#notFound(`container: ${id}`));
      if (c.state === "running" && !options.force) {
        return errAsync<void, EngineError>({
          kind: "Conflict",
          statusCode: 409,
          endpoint: this.endpoint,
          message: "container is running",
        });
      }
      this.containers.delete(id);
      return okAsync(undefined);
    });
  }
  inspectContainer(id: string) {
    return this.#call("inspectContainer", id, () => {
      const c = this.#container(id);
      if (c === undefined) return errAsync(this.#notFound(`container: ${id}`));
      const details: ContainerDetails = {
        Id: c.id,
        Name: `/${c.name}`,
        Image: c.image,
        Created: "2026-01-01T00:00:00Z",
        State: { Status: c.state, Running: c.state === "running", ExitCode: c.exitCode, StartedAt: "", FinishedAt: "" },
        Config: { Labels: c.labels },
        NetworkSettings: {
          Ports: c.state === "running" ? { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] } : {},
          Networks: { bridge: { IPAddress: "172.17.0.2" } },
        },
      };
      return okAsync(details);
    });
  }
  listContainers(filter: { labels?: Readonly<Record<string, string>>; ancestor?: string }) {
    return okAsync(
      [...this.containers.values()]
        .filter((c) => Object.entries(filter.labels ?? {}).every(([k, v]) => c.labels[k] === v))
        .filter((c) => filter.ancestor === undefined || c.image === filter.ancestor)
        .map(
          (c): ContainerSummary => ({
            Id: c.id,
            Names: [`/${c.name}`],
            Image: c.image,
            ImageID: c.image,
            Labels: c.labels,
            State: c.state,
            Status: c.state === "exited" ? `Exited (${c.exitCode}) 1 second ago` : "Up 1 second",
          }),
        ),
    );
  }
  top(id: string) {
    return this.#call("top", id, () => {
      const c = this.#container(id);
      if (c?.state !== "running") {
        return errAsync<{ Titles: string[]; Processes: string[][] }, EngineError>({
          kind: "Conflict",
          statusCode: 409,
          endpoint: this.endpoint,
          message: "container is not running",
        });
      }
      return okAsync({ Titles: ["PID", "CMD"], Processes: [["1", "sleep 60"]] });
    });
  }
  logs(id: string) {
    return okAsync(`log of ${id.slice(0, 4)}`);
  }
  followLogs() {
    return okAsync(undefined);
  }
}

export const fakeClientFor =
  (engine: EngineClient): ClientFor =>
  () =>
    okAsync(engine);
