/**
 * What `up` does to one node, and why. The facts are gathered read-only from the engine (the
 * node's containers, the id a local image names now); the decision is a pure function of them.
 * `up` executes the decision (install.ts); `berth plan` shows it (queries/preview.ts).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { changedPaths } from "../config-hash.ts";
import type { ContainerSummary, EngineClient, EngineError } from "../docker/engine-client.ts";
import { berthError, fromEngine } from "../errors.ts";
import { LABEL_CONFIG_HASH } from "../labels.ts";
import { expectedExitCode } from "../probes/probe.ts";
import type { NodeRecord } from "../state/deployment-state.ts";
import type { BerthError, EngineTrouble } from "../types.ts";
import { type NodeInputs, nodeConfig, nodeInputs } from "./node-inputs.ts";
import { checkOwnership, containersOfNode, describePlan, planOf } from "./ownership.ts";
import type { RunContext } from "./run-context.ts";

/** A container node as the engine has it now. */
export interface NodeFacts {
  readonly inputs: NodeInputs;
  /** This run's plan identity: a container another plan made (adopted) is recreated. */
  readonly planId: string;
  /** What the last run recorded of this node. */
  readonly record?: NodeRecord;
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
  /** The config hash the node's container carries (or will), and its digest per option path. */
  readonly hash: string;
  readonly digest: Readonly<Record<string, string>>;
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
        containersOfNode(run, client, node)
          .andThen((listed) => checkOwnership(run, listed))
          .map((existing): NodeFacts => {
            const record = run.state.node(node);
            return {
              inputs: ni,
              planId: run.planId,
              client,
              existing,
              ...(id !== undefined && { localImageId: id }),
              ...(record !== undefined && { record }),
            };
          }),
      ),
    );
}

/** The decision for a node, from its facts alone. */
export function decideNode(facts: NodeFacts): NodeDecision {
  const { hash, digest } = nodeConfig(facts.inputs, facts.localImageId);
  const expectedExit = expectedExitCode(facts.inputs.start?.readiness);
  return {
    ...facts,
    hash,
    digest,
    ...decide(facts.existing, hash, facts.record, digest, {
      planId: facts.planId,
      expectedExit,
      starts: facts.inputs.start !== undefined,
    }),
  };
}

/**
 * A container still does its job if it runs, or if it is a one-shot job that ran to completion
 * (exit 0, or the code its exit_code probe expects) while up started it. A service stopped since
 * (docker stop, an engine restart) is not doing its job, even when its command exited 0.
 */
export const isDoingItsJob = (c: ContainerSummary, record: NodeRecord | undefined, expectedExit = 0): boolean =>
  c.State === "running" || (c.State === "exited" && exitCodeOf(c) === expectedExit && record?.completed === true);

/** The exit code in a listed container's status ("Exited (3) 2 seconds ago"). */
export const exitCodeOf = (c: ContainerSummary): number | undefined => {
  const m = /Exited \((-?\d+)\)/.exec(c.Status);
  return m === null ? undefined : Number(m[1]);
};

/** What a node's current containers (and the last run's record of it) mean for this run. */
export function decide(
  existing: readonly ContainerSummary[],
  hash: string,
  record?: NodeRecord,
  digest?: Readonly<Record<string, string>>,
  /**
   * The plan this run is for (a container another plan made is recreated as adopted), the exit
   * code a job's exit_code probe expects, and whether the node has a start operation (default
   * yes): without one, configure's created container is all the node is meant to be.
   */
  expect: { readonly planId?: string; readonly expectedExit?: number; readonly starts?: boolean } = {},
): { readonly action: NodeAction; readonly reason: string; readonly keep?: ContainerSummary } {
  if (existing.length === 0) return { action: "create", reason: "no container yet" };
  if (record?.failed === true)
    return { action: "recreate", reason: "a failed run kept it (--keep-on-failure): up redoes it" };
  const [first] = existing;
  if (existing.length > 1)
    return { action: "recreate", reason: `${existing.length} containers carry this node's label` };
  const { planId, expectedExit = 0, starts = true } = expect;
  if (first !== undefined && planId !== undefined && planOf(first) !== planId)
    return { action: "recreate", reason: `adopted: made by ${describePlan(planOf(first))}, recreated as this plan's` };
  if (first === undefined || first.Labels[LABEL_CONFIG_HASH] !== hash) {
    const changed =
      record?.configDigest !== undefined && digest !== undefined ? changedPaths(record.configDigest, digest) : [];
    return { action: "recreate", reason: changed.length > 0 ? `changed: ${changed.join(", ")}` : "config changed" };
  }
  if (!starts)
    return {
      action: "unchanged",
      reason: `container ${first.Id.slice(0, 12)} exists with the same config (the node has no start operation)`,
      keep: first,
    };
  if (isDoingItsJob(first, record, expectedExit))
    return {
      action: "unchanged",
      reason: `container ${first.Id.slice(0, 12)} is ${first.State === "running" ? "running" : "a job that ran to completion"} with the same config`,
      keep: first,
    };
  return {
    action: "recreate",
    reason: `container ${first.Id.slice(0, 12)} should be running but is ${first.Status.toLowerCase()}`,
  };
}

// One inspect per image reference and engine per run, however many nodes name it: the id goes
// into each node's hash and into its `image` runtime property. Keyed by the run, so a new run
// looks again.
const imageIdsByRun = new WeakMap<RunContext, Map<string, ResultAsync<string, EngineError>>>();

/** The id `.image(ref)` names now, or ImageNotFound. */
function localImageId(
  run: RunContext,
  client: EngineClient,
  ni: NodeInputs,
): ResultAsync<string | undefined, BerthError<"ImageNotFound" | "EngineError" | EngineTrouble>> {
  if (ni.image.kind !== "local") return okAsync(undefined);
  const ref = ni.image.image;
  const node = ni.name;
  const cache = imageIdsByRun.get(run) ?? new Map<string, ResultAsync<string, EngineError>>();
  imageIdsByRun.set(run, cache);
  const key = `${client.endpoint}\0${ref}`;
  let id = cache.get(key);
  if (id === undefined) {
    id = client.inspectImage(ref).map((i) => i.Id);
    cache.set(key, id);
  }
  return id.mapErr((e) =>
    e.kind === "NotFound"
      ? berthError(
          "ImageNotFound",
          `image "${ref}" is not on the engine at ${client.endpoint}; build or load it first, or use .import()/.build()`,
          { node, image: ref, endpoint: client.endpoint, cause: e.message },
        )
      : fromEngine(e, "EngineError", `cannot inspect image ${ref}`, { node, operation: "configure" }),
  );
}
