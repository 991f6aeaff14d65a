/**
 * The one owner of a node's shape. A `NodeModel` says what a node is (its daemon, where its
 * image comes from, how its container is configured, started, stopped and deleted); a
 * `PlanNode` is the same node laid out as a Cloudify node template (five operations, each with
 * the plugin task's inputs). `toPlanNode` and `fromPlanNode` are the only conversions between
 * them; the builder, the blueprint reader, both writers and the runtime go through them, and a
 * property test pins that they are inverse.
 */
import { issue, joinPath, type PlanIssue } from "./issues.ts";
import { filledInputsOf, type LifecycleOperation, lifecycleOperations } from "./operations.ts";
import type {
  ContainerConfig,
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  DaemonClient,
  ImageBuild,
  ImageImport,
  ProcessesToWaitFor,
  Readiness,
} from "./options.ts";
import type { PlanNode, Relationship } from "./plan-types.ts";
import { deepFreeze, type Intrinsic, type Value } from "./values.ts";

/** `container_config` without `image`: the image comes from the node's image source. */
export type ContainerConfigInput = Omit<ContainerConfig, "image">;

/**
 * Where a container's image comes from: exactly one source, by construction.
 * `import` and `build` run the create operation; `local` is the plugin's `container_config.image`
 * (an image already on the engine, `using_local_image`), with no create operation.
 */
export type ImageSource =
  | { readonly kind: "import"; readonly image_import: ImageImport }
  | { readonly kind: "build"; readonly image_build: ImageBuild }
  | { readonly kind: "local"; readonly image: string | Intrinsic };

export type ImageSourceKind = ImageSource["kind"];

/**
 * The start operation: host options for the container, the plugin's optional process wait, and
 * berth's readiness probe (when the node counts as done).
 */
export interface StartSpec {
  readonly container_start: ContainerStart;
  readonly processes_to_wait_for?: ProcessesToWaitFor;
  readonly readiness?: Readiness;
}

/** The delete operation: how to stop the container if it still runs, and how to remove it. */
export interface DeleteSpec {
  readonly container_stop: ContainerStop;
  readonly container_remove: ContainerRemove;
}

interface NodeCommon {
  readonly type: string;
  readonly properties: Readonly<Record<string, Value>>;
  readonly relationships: readonly Relationship[];
}

/** A Docker container node. */
export interface ContainerNodeModel extends NodeCommon {
  readonly kind: "container";
  /** One daemon per node: every operation talks to it. */
  readonly daemon_client: DaemonClient;
  readonly image: ImageSource;
  readonly config: ContainerConfigInput;
  /** Absent: the container is created but never started (a configure-only node). */
  readonly start?: StartSpec;
  readonly stop: ContainerStop;
  readonly delete: DeleteSpec;
}

/** A node with no docker operations, such as the `cloudify.nodes.Compute` host. */
export interface PlainNodeModel extends NodeCommon {
  readonly kind: "plain";
}

export type NodeModel = ContainerNodeModel | PlainNodeModel;

/** The node as a Cloudify node template: the shape of `Plan.nodes`. */
export function toPlanNode(model: NodeModel): PlanNode {
  const base = { type: model.type, properties: model.properties, relationships: model.relationships };
  if (model.kind === "plain") return deepFreeze(base);
  const daemon_client = model.daemon_client;
  const create = createInputsOf[model.image.kind](model.image as never);
  const container_config: ContainerConfig =
    model.image.kind === "local" ? { ...model.config, image: model.image.image } : model.config;
  return deepFreeze({
    ...base,
    ...(create !== undefined && { create: { daemon_client, ...create } }),
    configure: { daemon_client, container_config },
    ...(model.start !== undefined && { start: { daemon_client, ...startSpecOf(model.start) } }),
    stop: { daemon_client, container_stop: model.stop },
    delete: { daemon_client, ...model.delete },
  });
}

/** The start spec's fields that are given, from a start spec or the start operation's inputs. */
export function startSpecOf(start: StartSpec): StartSpec {
  return {
    container_start: start.container_start,
    ...(start.processes_to_wait_for !== undefined && { processes_to_wait_for: start.processes_to_wait_for }),
    ...(start.readiness !== undefined && { readiness: start.readiness }),
  };
}

/** The create inputs of each image source; a local image has no create operation. */
const createInputsOf: {
  readonly [K in ImageSourceKind]: (
    source: Extract<ImageSource, { kind: K }>,
  ) => { image_import: ImageImport } | { image_build: ImageBuild } | undefined;
} = {
  import: (s) => ({ image_import: s.image_import }),
  build: (s) => ({ image_build: s.image_build }),
  local: () => undefined,
};

/**
 * The model of a plan node that `validate` accepted (or that `toPlanNode` made). A container node
 * of a valid plan has exactly one image source; anything else is a defect of the caller.
 */
export function fromPlanNode(node: PlanNode): NodeModel {
  const common: NodeCommon = { type: node.type, properties: node.properties, relationships: node.relationships };
  if (node.configure === undefined) return deepFreeze({ kind: "plain", ...common });
  const [image, ...others] = imageSourcesOf(node);
  if (image === undefined || others.length > 0) {
    throw new TypeError(`defect: fromPlanNode needs a validated node (${imageSourceIssue(node, [])?.message})`);
  }
  const { image: _image, ...config } = node.configure.container_config;
  return deepFreeze({
    kind: "container",
    ...common,
    daemon_client: node.configure.daemon_client,
    image,
    config,
    ...(node.start !== undefined && { start: startSpecOf(node.start) }),
    stop: node.stop?.container_stop ?? {},
    delete: {
      container_stop: node.delete?.container_stop ?? node.stop?.container_stop ?? {},
      container_remove: node.delete?.container_remove ?? {},
    },
  });
}

/** Every image source a plan node names; a valid container node names exactly one. */
export function imageSourcesOf(node: PlanNode): ImageSource[] {
  const sources: ImageSource[] = [];
  if (node.create?.image_import !== undefined) sources.push({ kind: "import", image_import: node.create.image_import });
  if (node.create?.image_build !== undefined) sources.push({ kind: "build", image_build: node.create.image_build });
  const local = node.configure?.container_config?.image;
  if (local !== undefined) sources.push({ kind: "local", image: local });
  return sources;
}

/** Where each kind of source sits in a plan node, for messages. */
const sourcePath: Readonly<Record<ImageSourceKind, string>> = {
  import: "create.image_import.src",
  build: "create.image_build.path",
  local: "configure.container_config.image",
};

/**
 * The plugin's image-source rule, stated once: a container node has exactly one image source.
 * The messages are the plugin's own (tasks.create), with what berth accepts besides.
 */
export function imageSourceIssue(node: PlanNode, at: readonly (string | number)[]): PlanIssue | undefined {
  const sources = imageSourcesOf(node);
  const createWithoutSource =
    node.create !== undefined && node.create.image_import === undefined && node.create.image_build === undefined;
  if (createWithoutSource && sources.length > 0) {
    return issue(
      joinPath([...at, "create"]),
      "image_source",
      "Either path or url to image must be given: create needs image_import.src or image_build.path (or leave create out to use container_config.image)",
    );
  }
  if (sources.length === 0) {
    return issue(
      joinPath([...at, "create"]),
      "image_source",
      "Either path or url to image must be given: use image_import.src, image_build.path, or an image already on the engine (.image(ref))",
    );
  }
  if (sources.length > 1) {
    return issue(
      joinPath([...at, "create"]),
      "image_source",
      `There can only be one image source, got ${sources.map((s) => sourcePath[s.kind]).join(" and ")}`,
    );
  }
  return undefined;
}

/**
 * Problems that only the node's shape can see, beyond the schema and the image-source rule.
 * `remove_image` on a local image would be ignored by the plugin (it never removes an image it
 * did not make); berth reports it instead of ignoring it silently.
 */
export function shapeIssues(node: PlanNode, at: readonly (string | number)[]): PlanIssue[] {
  const out: PlanIssue[] = [];
  const removeImage = node.delete?.container_remove?.remove_image;
  if (removeImage !== undefined && removeImage !== false && node.configure?.container_config?.image !== undefined) {
    out.push(
      issue(
        joinPath([...at, "delete", "container_remove", "remove_image"]),
        "invalid_value",
        "remove_image has no effect on a node whose image is already on the engine (container_config.image / .image(ref)): the plugin removes only images it imported or built; leave it out, or use .import()/.build()",
      ),
    );
  }
  // The DSL has no .stop() before .start(): a stop option there could not be written back.
  const stop = node.stop?.container_stop;
  if (node.configure !== undefined && node.start === undefined && stop !== undefined && !sameValue(stop, {})) {
    out.push(
      issue(
        joinPath([...at, "stop", "container_stop"]),
        "unsupported",
        "a node without a start operation never runs, so berth has no use for its container_stop",
      ),
    );
  }
  return out;
}

/** A problem found while completing a blueprint node's operations; `path` is relative to the node. */
export interface CompletionProblem {
  readonly path: readonly string[];
  readonly message: string;
}

type LooseInputs = Record<string, unknown>;

/**
 * Completes the operations a blueprint node template gives into the plan node's shape, in
 * place: one daemon per node (the first one given, copied into every operation), the plugin's
 * `{}` defaults for filled inputs, and for a container node the stop and delete operations it
 * always has, delete's `container_stop` defaulting to stop's. Works on unvalidated data: the
 * result is validated as a whole afterwards.
 */
export function completeOperations(operations: Partial<Record<LifecycleOperation, LooseInputs>>): CompletionProblem[] {
  const present = lifecycleOperations.filter((op) => operations[op] !== undefined);
  if (present.length === 0) return [];
  const problems: CompletionProblem[] = [];
  const given = present.filter((op) => operations[op]?.daemon_client !== undefined);
  const [first] = given;
  const daemon = first === undefined ? {} : operations[first]?.daemon_client;
  for (const op of given.slice(1)) {
    if (!sameValue(operations[op]?.daemon_client, daemon)) {
      problems.push({
        path: [op, "daemon_client"],
        message: `berth talks to one daemon per node; this daemon_client differs from the one of ${first}`,
      });
    }
  }
  if (operations.configure !== undefined) {
    const stop = operations.stop?.container_stop;
    operations.stop ??= {};
    operations.delete ??= {};
    if (operations.delete.container_stop === undefined && stop !== undefined) operations.delete.container_stop = stop;
  }
  for (const op of lifecycleOperations) {
    const inputs = operations[op];
    if (inputs === undefined) continue;
    inputs.daemon_client ??= daemon;
    for (const name of filledInputsOf(op)) inputs[name] ??= {};
  }
  return problems;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
