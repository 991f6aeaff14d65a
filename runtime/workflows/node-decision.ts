/**
 * What `up` does to one node, and why. The facts are gathered read-only from the engine (the
 * node's containers, the id a local image names now); the decision is a pure function of them.
 * `up` executes the decision (install.ts); `berth plan` shows it (queries/preview.ts).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import { berthError, fromEngine } from "../errors.ts";
import { LABEL_CONFIG_HASH, LABEL_DEPLOYMENT, LABEL_NODE } from "../labels.ts";
import type { BerthError } from "../types.ts";
import { type NodeInputs, nodeConfigHash, nodeInputs } from "./node-inputs.ts";
import type { RunContext } from "./run-context.ts";

/** A container node as the engine has it now. */
export interface NodeFacts {
  readonly inputs: NodeInputs;
  readonly client: EngineClient;
  /** The containers carrying this node's labels. */
  readonly existing: readonly ContainerSummary[];
  /** For a local image (`.image(ref)`): the id the ref names on the node's engine now. */
  readonly localImageId?: string;
}

export type NodeAction = "create" | "recreate" | "unchanged";

export interface NodeDecision extends NodeFacts {
  readonly action: NodeAction;
  readonly reason: string;
  /** The config hash the node's container carries (or will). */
  readonly hash: string;
  /** The container that stays, when unchanged. */
  readonly keep?: ContainerSummary;
}

/** Reads what the engine has for a container node; `undefined` for a node without operations. */
export function gatherFacts(run: RunContext, node: string): ResultAsync<NodeFacts | undefined, BerthError> {
  const inputs = nodeInputs(
    node,
    { plan: run.plan, inputs: run.inputs, attributes: (n) => run.state.properties(n) },
    run.options.runtimeProperties?.[node]?.docker_env_var ?? run.state.properties(node)?.docker_env_var,
  );
  if (inputs.isErr()) return errAsync(inputs.error);
  const ni = inputs.value;
  if (ni === undefined) return okAsync(undefined);
  return run.deps
    .clientFor(ni.daemonClient)
    .mapErr((e) => ({ ...e, node }))
    .andThen((client) =>
      localImageId(run, client, ni).andThen((id) =>
        client
          .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment, [LABEL_NODE]: node } })
          .mapErr((e) => fromEngine(e, "EngineError", "cannot list containers", { node }))
          .map(
            (existing): NodeFacts => ({ inputs: ni, client, existing, ...(id !== undefined && { localImageId: id }) }),
          ),
      ),
    );
}

/** The decision for a node, from its facts alone. */
export function decideNode(facts: NodeFacts): NodeDecision {
  const hash = nodeConfigHash(facts.inputs, facts.localImageId);
  return { ...facts, hash, ...decide(facts.existing, hash) };
}

/** A container still does its job if it runs, or ran to completion with exit code 0. */
export const isHealthy = (c: ContainerSummary): boolean =>
  c.State === "running" || (c.State === "exited" && exitCodeOf(c) === 0);

const exitCodeOf = (c: ContainerSummary): number | undefined => {
  const m = /Exited \((-?\d+)\)/.exec(c.Status);
  return m === null ? undefined : Number(m[1]);
};

/** What a node's current containers mean for this run. */
export function decide(
  existing: readonly ContainerSummary[],
  hash: string,
): { readonly action: NodeAction; readonly reason: string; readonly keep?: ContainerSummary } {
  if (existing.length === 0) return { action: "create", reason: "no container yet" };
  const [first] = existing;
  if (existing.length === 1 && first !== undefined && first.Labels[LABEL_CONFIG_HASH] === hash) {
    if (isHealthy(first))
      return {
        action: "unchanged",
        reason: `container ${first.Id.slice(0, 12)} is ${first.State} with the same config`,
        keep: first,
      };
    return { action: "recreate", reason: `container ${first.Id.slice(0, 12)} is ${first.Status.toLowerCase()}` };
  }
  if (existing.length > 1)
    return { action: "recreate", reason: `${existing.length} containers carry this node's label` };
  return { action: "recreate", reason: "config changed" };
}

// One inspect per image reference and engine per run, however many nodes name it: the id goes
// into each node's hash and into its `image` runtime property. Keyed by the run, so a new run
// looks again.
const imageIdsByRun = new WeakMap<RunContext, Map<string, ResultAsync<string, BerthError>>>();

/** The id `.image(ref)` names now, or ImageNotFound. */
function localImageId(
  run: RunContext,
  client: EngineClient,
  ni: NodeInputs,
): ResultAsync<string | undefined, BerthError> {
  if (ni.image.kind !== "local") return okAsync(undefined);
  const ref = ni.image.image;
  const node = ni.name;
  const cache = imageIdsByRun.get(run) ?? new Map<string, ResultAsync<string, BerthError>>();
  imageIdsByRun.set(run, cache);
  const key = `${client.endpoint}\0${ref}`;
  let id = cache.get(key);
  if (id === undefined) {
    id = client
      .inspectImage(ref)
      .map((i) => i.Id)
      .mapErr((e) =>
        e.kind === "NotFound"
          ? berthError(
              "ImageNotFound",
              `image "${ref}" is not on the engine at ${client.endpoint}; build or load it first, or use .import()/.build()`,
              { endpoint: client.endpoint, cause: e.message },
            )
          : fromEngine(e, "EngineError", `cannot inspect image ${ref}`),
      );
    cache.set(key, id);
  }
  return id.mapErr((e) => ({ ...e, node, operation: "configure" as const }));
}
