/**
 * `node()` and `host()`: immutable, type-state builders of plan nodes.
 *
 * One class does the work; the exported interfaces expose, per lifecycle state, only the calls
 * that are legal next (kysely's pattern). Every call returns a new frozen builder, so a builder
 * can be branched freely.
 */
import { type ContainerConfigInput, type ImageSource, type NodeModel, startSpecOf, toPlanNode } from "./node-model.ts";
import { toContainerConfig, toImageBuild, toImageImport } from "./normalize.ts";
import type {
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  DaemonClient,
  ImageBuild,
  ImageImport,
  ProcessesToWaitFor,
  Readiness,
} from "./options.ts";
import type { PlanNode, Relationship, RelationshipType } from "./plan-types.ts";
import { deepFreeze, type Intrinsic, type NodeRef, nodeNameOf, type Value } from "./values.ts";

export type NodeState = "declared" | "created" | "configured" | "started" | "stopped" | "deleted" | "host";

export type { ContainerConfigInput } from "./node-model.ts";

/** Calls legal in every state: relationships, and reading the node back. */
export interface NodeBase<S extends NodeState, Self> {
  readonly name: string;
  readonly state: S;
  /** Install this node after `target` is started (`cloudify.relationships.depends_on`). */
  dependsOn(target: NodeRef): Self;
  /** Like dependsOn (`cloudify.relationships.connected_to`). */
  connectedTo(target: NodeRef): Self;
  /** Place this node on a host node (`cloudify.relationships.contained_in`). */
  containedIn(target: NodeRef): Self;
  /** The node's plan data, frozen. */
  toPlanNode(): PlanNode;
}

/** A declared node: choose where its image comes from. */
export interface NodeDeclared extends NodeBase<"declared", NodeDeclared> {
  /** create: import a rootfs tarball from a URL or a local path (`image_import`). */
  import(src: string | Intrinsic | ImageImport): NodeCreated;
  /** create: build an image from a directory holding a Dockerfile (`image_build`). */
  build(path: string | Intrinsic | ImageBuild): NodeCreated;
  /** Use an image already on the engine (`container_config.image`; no create operation). */
  image(ref: string | Intrinsic): NodeCreated;
}

/** An image source is chosen: configure the container. */
export interface NodeCreated extends NodeBase<"created", NodeCreated> {
  /** configure: the container's command and `create_container` options (`container_config`). */
  config(config: string | readonly string[] | Intrinsic | ContainerConfigInput): NodeConfigured;
}

export interface StartExtras {
  /** Wait until these processes run in the container (the plugin's `processes_to_wait_for`). */
  readonly processes_to_wait_for?: ProcessesToWaitFor;
  /**
   * When the node counts as done: `up` starts its dependents only once this probe passes
   * (`tcp()`, `http()`, `logLine()`, `healthy()`, `exitCode()`).
   */
  readonly readiness?: Readiness;
}

/**
 * What delete takes: the plugin's `container_remove` options, and `container_stop`, delete's own
 * way to stop the container when it finds it still running (default: the one `.stop()` gave).
 */
export interface DeleteOptions extends ContainerRemove {
  readonly container_stop?: ContainerStop;
}

export interface NodeConfigured extends NodeBase<"configured", NodeConfigured> {
  /** start: start the container; host options here are applied when it is created. */
  start(options?: ContainerStart, extras?: StartExtras): NodeStarted;
  /** delete: options for removing the container (`container_remove`, and delete's `container_stop`). */
  delete(options?: DeleteOptions): NodeDeleted;
}

export interface NodeStarted extends NodeBase<"started", NodeStarted> {
  /** stop: options for stopping the container (`container_stop`), also delete's by default. */
  stop(options?: ContainerStop): NodeStopped;
  delete(options?: DeleteOptions): NodeDeleted;
}

export interface NodeStopped extends NodeBase<"stopped", NodeStopped> {
  delete(options?: DeleteOptions): NodeDeleted;
}

export type NodeDeleted = NodeBase<"deleted", NodeDeleted>;

/** A plain Cloudify node, such as the `cloudify.nodes.Compute` host of the docker nodes. */
export type HostNode = NodeBase<"host", HostNode>;

/** A node that a plan accepts: a container past configure, or a plain node. */
export type PlannableNode = NodeConfigured | NodeStarted | NodeStopped | NodeDeleted | HostNode;

export interface NodeOptions {
  /** Cloudify node type; default `cloudify.nodes.Root`. */
  readonly type?: string;
  /** Node template properties, readable with `property()`. */
  readonly properties?: Readonly<Record<string, Value>>;
  /** Which Docker daemon every operation of this node talks to; default: DOCKER_HOST or the local socket. */
  readonly daemon_client?: DaemonClient;
}

/** A node model in the making: the builder fills it call by call. */
interface Draft {
  readonly name: string;
  readonly state: NodeState;
  readonly type: string;
  readonly properties: Readonly<Record<string, Value>>;
  readonly relationships: readonly Relationship[];
  readonly daemonClient: DaemonClient;
  readonly image?: ImageSource;
  readonly config?: ContainerConfigInput;
  readonly containerStart?: ContainerStart;
  readonly startExtras?: StartExtras;
  readonly containerStop?: ContainerStop;
  readonly deleteOptions?: DeleteOptions;
}

class NodeBuilder {
  readonly #draft: Draft;

  constructor(draft: Draft) {
    this.#draft = deepFreeze(draft);
    Object.freeze(this);
  }

  get name(): string {
    return this.#draft.name;
  }

  get state(): NodeState {
    return this.#draft.state;
  }

  #with(state: NodeState, changes: Partial<Draft>): NodeBuilder {
    return new NodeBuilder({ ...this.#draft, ...changes, state });
  }

  #relate(type: RelationshipType, target: NodeRef): NodeBuilder {
    const relationships = [...this.#draft.relationships, { type, target: nodeNameOf(target) }];
    return this.#with(this.#draft.state, { relationships });
  }

  dependsOn(target: NodeRef) {
    return this.#relate("cloudify.relationships.depends_on", target);
  }
  connectedTo(target: NodeRef) {
    return this.#relate("cloudify.relationships.connected_to", target);
  }
  containedIn(target: NodeRef) {
    return this.#relate("cloudify.relationships.contained_in", target);
  }

  import(src: string | Intrinsic | ImageImport) {
    return this.#with("created", { image: { kind: "import", image_import: toImageImport(src) } });
  }
  build(path: string | Intrinsic | ImageBuild) {
    return this.#with("created", { image: { kind: "build", image_build: toImageBuild(path) } });
  }
  image(ref: string | Intrinsic) {
    return this.#with("created", { image: { kind: "local", image: ref } });
  }
  config(config: string | readonly string[] | Intrinsic | ContainerConfigInput) {
    return this.#with("configured", { config: toContainerConfig(config) });
  }
  start(options: ContainerStart = {}, extras: StartExtras = {}) {
    return this.#with("started", { containerStart: options, startExtras: extras });
  }
  stop(options: ContainerStop = {}) {
    return this.#with("stopped", { containerStop: options });
  }
  delete(options: DeleteOptions = {}) {
    return this.#with("deleted", { deleteOptions: options });
  }

  toPlanNode(): PlanNode {
    return toPlanNode(this.#model());
  }

  #model(): NodeModel {
    const d = this.#draft;
    const common = { type: d.type, properties: d.properties, relationships: d.relationships };
    // The types let plan() take only configured nodes and hosts; a draft without an image or
    // a config can only be a host.
    if (d.image === undefined || d.config === undefined) return { kind: "plain", ...common };
    const stop = d.containerStop ?? {};
    const { container_stop, ...container_remove } = d.deleteOptions ?? {};
    return {
      kind: "container",
      ...common,
      daemon_client: d.daemonClient,
      image: d.image,
      config: d.config,
      ...(d.containerStart !== undefined && {
        start: startSpecOf({ ...d.startExtras, container_start: d.containerStart }),
      }),
      stop,
      delete: { container_stop: container_stop ?? stop, container_remove },
    };
  }
}

const declare = (name: string, state: NodeState, options: NodeOptions, defaultType: string) =>
  new NodeBuilder({
    name,
    state,
    type: options.type ?? defaultType,
    properties: options.properties ?? {},
    relationships: [],
    daemonClient: options.daemon_client ?? {},
  });

/**
 * Declares a container node. Its lifecycle calls follow Cloudify's order, and the types allow
 * only the legal next call.
 *
 * ```ts
 * const db = node("db_server", { type: "cloudify.nodes.DBMS" })
 *   .import("http://127.0.0.1:8000/rootfs.tar")
 *   .config("/bin/echo hello")
 *   .start()
 *   .stop({ timeout: 5 })
 *   .delete({ remove_image: false });
 * ```
 */
export function node(name: string, options: NodeOptions = {}): NodeDeclared {
  return declare(name, "declared", options, "cloudify.nodes.Root") as NodeBuilder & NodeDeclared;
}

/**
 * Declares a plain Cloudify node with no Docker operations; by default the
 * `cloudify.nodes.Compute` host that docker nodes are `containedIn` for the plugin's
 * `host_agent` executor.
 *
 * ```ts
 * const vm = host("docker_host", { properties: { ip: "127.0.0.1" } });
 * const db = node("db").image("busybox").config("sleep 60").start().containedIn(vm);
 * ```
 */
export function host(name: string, options: Omit<NodeOptions, "daemon_client"> = {}): HostNode {
  return declare(name, "host", options, "cloudify.nodes.Compute") as NodeBuilder & HostNode;
}
