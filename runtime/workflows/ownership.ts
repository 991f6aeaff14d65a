/**
 * berth never touches what is not its own: before a command acts on a deployment, it lists the
 * deployment's containers on every daemon the plan uses and refuses (DeploymentOwnedElsewhere)
 * when another plan made any of them, as the `berth.plan` label says. `adopt` takes them over
 * instead: `up` recreates them under this plan, `down` removes them.
 *
 * The lists are kept for the run (`claimedContainers`): each node's containers are read from
 * them instead of from one more request per node. The run holds the deployment's lock, so
 * nothing else of berth's changes the deployment meanwhile.
 */
import { err, ok, okAsync, type Result, ResultAsync } from "neverthrow";
import type { DaemonClient } from "../../dsl/mod.ts";
import { canonicalJson } from "../config-hash.ts";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import type { Resolved } from "../docker/translate/mod.ts";
import { berthError, fromEngine } from "../errors.ts";
import { LABEL_DEPLOYMENT, LABEL_NODE, LABEL_PLAN } from "../labels.ts";
import type { BerthError } from "../types.ts";
import { teardownOptions } from "./node-inputs.ts";
import type { RunContext } from "./run-context.ts";
import { nodeTeardown } from "./teardown.ts";

export type OwnershipError = BerthError<"DeploymentOwnedElsewhere">;

/** The plan that made a container, or undefined for one an older berth made without saying. */
export const planOf = (c: ContainerSummary): string | undefined => c.Labels[LABEL_PLAN];

const isOurs = (run: RunContext, c: ContainerSummary): boolean => planOf(c) === run.planId;

/**
 * Whose daemons a command must reach: `install` (up, plan) the daemons the plan names now,
 * `read` (status, logs) the ones it reads (as up recorded them), `teardown` (down, which does
 * its best node by node) none. Any other daemon the deployment used is checked if it answers.
 */
export type ClaimMode = "install" | "read" | "teardown";

/**
 * Checks the deployment's containers on every daemon the plan's nodes use (as recorded by up, and
 * as the plan names them now). A daemon the command must reach and cannot is the command's
 * failure, reported before anything is done; any other is skipped.
 */
export function claimDeployment(run: RunContext, mode: ClaimMode): ResultAsync<void, BerthError> {
  const claimed = new Map<string, readonly ContainerSummary[]>();
  claims.set(run, claimed);
  const lists = daemonsOf(run, mode).map(({ daemon, node, required }) => {
    const listed = run.deps
      .clientFor(daemon)
      .mapErr((e): BerthError => ({ ...e, node }))
      .andThen((client) =>
        client
          .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment } })
          .mapErr((e): BerthError => fromEngine(e, "EngineError", "cannot list containers", { node }))
          .map((list) => {
            claimed.set(client.endpoint, list);
            return list;
          }),
      );
    return required ? listed : listed.orElse(() => okAsync<readonly ContainerSummary[], BerthError>([]));
  });
  return ResultAsync.combine(lists).andThen((perDaemon) => checkOwnership(run, perDaemon.flat()).map(() => undefined));
}

/** The deployment's containers on each engine (by endpoint) as the claim listed them, per run. */
const claims = new WeakMap<RunContext, Map<string, readonly ContainerSummary[]>>();

/**
 * The containers carrying a node's labels on `client`'s engine: from the list the run's claim
 * made of that engine, or listed now when the claim did not reach it.
 */
export function containersOfNode(
  run: RunContext,
  client: EngineClient,
  node: string,
): ResultAsync<readonly ContainerSummary[], BerthError> {
  const claimed = claims.get(run)?.get(client.endpoint);
  if (claimed !== undefined) return okAsync(claimed.filter((c) => c.Labels[LABEL_NODE] === node));
  return client
    .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment, [LABEL_NODE]: node } })
    .mapErr((e): BerthError => fromEngine(e, "EngineError", "cannot list containers", { node }));
}

/** Every container the claim listed on `endpoint`; undefined when it did not list that engine. */
export const claimedOn = (run: RunContext, endpoint: string): readonly ContainerSummary[] | undefined =>
  claims.get(run)?.get(endpoint);

/**
 * The containers, when this plan may act on them: all are its own, or `adopt` is set (a warning
 * names the plan they came from). Used before a run and again on every node's own list.
 */
export function checkOwnership<C extends ContainerSummary>(
  run: RunContext,
  containers: readonly C[],
): Result<readonly C[], OwnershipError> {
  const foreign = containers.filter((c) => !isOurs(run, c));
  const [first] = foreign;
  if (first === undefined) return ok(containers);
  const otherPlan = planOf(first);
  const names = foreign.filter((c) => planOf(c) === otherPlan).map(nameOf);
  if (run.options.adopt === true) {
    if (!adoptionsWarned.has(run)) {
      adoptionsWarned.add(run);
      run.emit.log("warn", `adopting ${names.join(", ")}, made by ${describePlan(otherPlan)}`);
    }
    return ok(containers);
  }
  return err(
    berthError(
      "DeploymentOwnedElsewhere",
      `deployment ${run.deployment} is not this plan's: ${names.join(", ")} ${names.length === 1 ? "was" : "were"} made by ${describePlan(otherPlan)}, and this is plan ${run.planId}; berth neither adopts nor removes another plan's containers. Choose another deployment id, or adopt them if they are this plan's (say, its file moved)`,
      {
        deployment: run.deployment,
        ourPlan: run.planId,
        ...(otherPlan !== undefined && { otherPlan }),
        containers: names,
      },
    ),
  );
}

const adoptionsWarned = new WeakSet<RunContext>();

export const describePlan = (plan: string | undefined): string =>
  plan === undefined ? "an older berth, which did not record its plan" : `plan ${plan}`;

const nameOf = (c: ContainerSummary): string => c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12);

interface Daemon {
  readonly daemon: Resolved<DaemonClient>;
  /** The first node found on it, to name in an error. */
  readonly node: string;
  readonly required: boolean;
}

/** Every daemon the plan's container nodes use or used, once each, those the command needs marked. */
function daemonsOf(run: RunContext, mode: ClaimMode): Daemon[] {
  const scope = { plan: run.plan, inputs: run.inputs, attributes: (n: string) => run.state.properties(n) };
  const daemons = new Map<string, Daemon>();
  const add = (node: string, daemon: Resolved<DaemonClient> | undefined, required: boolean) => {
    if (daemon === undefined) return;
    const key = canonicalJson(daemon);
    const known = daemons.get(key);
    if (known === undefined || (required && !known.required)) daemons.set(key, { daemon, node, required });
  };
  for (const node of Object.keys(run.plan.nodes)) {
    const fromPlan = teardownOptions(node, scope);
    const used = mode === "read" ? nodeTeardown(run, node) : fromPlan;
    if (mode !== "teardown" && used.isOk()) add(node, used.value?.daemon_client, true);
    if (fromPlan.isOk()) add(node, fromPlan.value?.daemon_client, false);
  }
  for (const node of Object.keys(run.state.state.nodes))
    add(node, run.state.node(node)?.teardown?.daemon_client, false);
  return [...daemons.values()];
}
