/**
 * uninstall: stop then delete per node, in reverse dependency order. The engine is the source of
 * truth: a node's containers are found by label, so containers a killed `up` created but never
 * recorded are removed too, and images berth imported or built go when remove_image is set
 * (tasks/owned-images.ts: labelled, and not merely built from one of berth's). What a killed
 * build left (the node's `unfinishedBuild` in state) is removed too. It does its best: a failing
 * node does not stop the others; the first error is returned.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { ContainerSummary, EngineClient, EngineError } from "../docker/engine-client.ts";
import { berthError, fromEngine } from "../errors.ts";
import { LABEL_DEPLOYMENT, LABEL_NODE } from "../labels.ts";
import { removeBuildDebris } from "../tasks/build-debris.ts";
import { deleteTask, removeImages } from "../tasks/delete.ts";
import { ownedImages } from "../tasks/owned-images.ts";
import { sequence } from "../tasks/sequence.ts";
import { stopTask } from "../tasks/stop.ts";
import type { BerthError, NodeReport, StepTiming } from "../types.ts";
import { schedule, uninstallPrerequisites } from "./graph.ts";
import { checkOwnership, claimedOn, containersOfNode } from "./ownership.ts";
import { DEFAULT_CONCURRENCY, type RunContext, taskContext } from "./run-context.ts";
import { NO_RECORD, nodeTeardown } from "./teardown.ts";

export interface UninstallResult {
  readonly nodes: Readonly<Record<string, NodeReport>>;
}

export function uninstall(run: RunContext): ResultAsync<UninstallResult, BerthError> {
  const { emit, options } = run;
  const clients = new Map<string, EngineClient>();
  emit.workflow("uninstall", "started");
  const outcome = schedule(uninstallPrerequisites(run.plan), (node) => uninstallNode(run, node, clients), {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    continueOnFailure: true,
    ...(options.signal && { signal: options.signal }),
  });
  return ResultAsync.fromSafePromise(outcome)
    .andThen((result) => removeOrphans(run, [...clients.values()]).map(() => result))
    .andThen((result) => forgetNodesNotInPlan(run).map(() => result))
    .andThen((result) => {
      const failure = result.failures[0]?.error;
      if (failure !== undefined) {
        emit.workflow("uninstall", "failed");
        return errAsync(failure);
      }
      if (result.aborted) {
        emit.workflow("uninstall", "failed");
        return errAsync(fromInterrupt(result.notStarted));
      }
      emit.workflow("uninstall", "succeeded");
      const uninstalled = { nodes: Object.fromEntries(result.results) };
      // Every node is gone: the deployment has no state left to keep.
      return Object.keys(run.state.state.nodes).length === 0
        ? run.deps.store.remove(run.deployment).map(() => uninstalled)
        : okAsync(uninstalled);
    });
}

const fromInterrupt = (notStarted: readonly string[]): BerthError<"Interrupted"> =>
  berthError("Interrupted", `interrupted: ${notStarted.join(", ") || "nothing"} left in place`, {
    notDone: notStarted,
  });

function uninstallNode(
  run: RunContext,
  node: string,
  clients: Map<string, EngineClient>,
): ResultAsync<NodeReport, BerthError> {
  const { emit, state, deps } = run;
  const steps: StepTiming[] = [];
  const teardown = nodeTeardown(run, node);
  if (teardown.isErr()) return errAsync({ ...teardown.error, message: `${teardown.error.message}; ${NO_RECORD}` });
  const t = teardown.value;
  if (t === undefined) {
    for (const op of ["stop", "delete"] as const) emit.skipped(node, op, "no operation (not a container node)");
    return okAsync({ action: "absent", runtimeProperties: {}, steps });
  }
  const properties = state.properties(node) ?? {};
  return deps
    .clientFor(t.daemon_client)
    .mapErr((e) => ({ ...e, node }))
    .andThen((client) => {
      clients.set(client.endpoint, client);
      const ctx = taskContext(run, node, client, properties);
      // validate() refuses remove_image on a local image; berth removes only images it made.
      const removeImage = t.delete.container_remove.remove_image === true && !t.local_image;
      // What a killed build of the node left goes whatever remove_image says: it is not the node's image.
      const debris = state.node(node)?.unfinishedBuild;
      return containersOfNode(run, client, node)
        .andThen((listed) => checkOwnership(run, listed))
        .andThen((containers) =>
          (removeImage
            ? ownedImages(ctx, [properties.image, ...containers.map((c) => c.ImageID)]).mapErr(
                (e): BerthError => fromEngine(e, "EngineError", "cannot list what berth created", { node }),
              )
            : okAsync<readonly string[], BerthError>([])
          ).map((images) => [containers, images] as const),
        )
        .andThen(([containers, imageIds]) => {
          if (containers.length === 0 && imageIds.length === 0 && debris === undefined) {
            for (const op of ["stop", "delete"] as const) emit.skipped(node, op, "nothing to remove");
            return state.forget(node).map((): NodeReport => ({ action: "absent", runtimeProperties: {}, steps }));
          }
          const timed = <T>(operation: "stop" | "delete", task: () => ResultAsync<T, BerthError>) => {
            const started = deps.clock.now();
            return emit.operation(node, operation, task).map((v) => {
              steps.push({ operation, durationMs: deps.clock.now() - started });
              return v;
            });
          };
          const running = containers.filter((c) => c.State === "running" || c.State === "restarting");
          const stop =
            running.length === 0
              ? okAsync<unknown, BerthError>(emit.skipped(node, "stop", "not running"))
              : timed("stop", () => sequence(running, (c) => stopTask(ctx, t.stop.container_stop, c.Id)));
          return stop
            .andThen(() =>
              timed("delete", () =>
                sequence(containers, (c) =>
                  deleteTask(ctx, {
                    container: c.Id,
                    containerStop: t.delete.container_stop,
                    containerRemove: { ...t.delete.container_remove, remove_image: false },
                  }),
                )
                  .andThen(() => (debris === undefined ? okAsync(undefined) : removeBuildDebris(ctx, debris)))
                  .andThen(() => removeImages(ctx, imageIds)),
              ),
            )
            .andThen(() => state.forget(node))
            .map((): NodeReport => ({ action: "removed", runtimeProperties: properties, steps }));
        });
    });
}

/**
 * Records of nodes the plan no longer has: their containers went with removeOrphans (which goes
 * by the engine's labels, so a container it could not remove is found again by the next down),
 * and their records would keep the state file of a deployment that is gone.
 */
function forgetNodesNotInPlan(run: RunContext): ResultAsync<void, never> {
  const gone = Object.keys(run.state.state.nodes).filter((node) => !Object.hasOwn(run.plan.nodes, node));
  return run.state.forget(...gone).orElse((e) => {
    run.emit.log("warn", e.message);
    return okAsync(undefined);
  });
}

/**
 * Containers labelled with the deployment whose node is no longer in the plan, as the run's
 * claim listed them (the plan's own nodes do not touch them), or listed now.
 */
function removeOrphans(run: RunContext, clients: readonly EngineClient[]): ResultAsync<void, never> {
  const inPlan = new Set(Object.keys(run.plan.nodes));
  const listed = (client: EngineClient): ResultAsync<readonly ContainerSummary[], EngineError> => {
    const claimed = claimedOn(run, client.endpoint);
    return claimed === undefined
      ? client.listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment } })
      : okAsync(claimed);
  };
  return sequence(clients, (client) =>
    listed(client)
      .andThen((list: readonly ContainerSummary[]) =>
        sequence(
          list.filter((c) => !inPlan.has(c.Labels[LABEL_NODE] ?? "")),
          (c) => {
            run.emit.log(
              "info",
              `removing container ${c.Id.slice(0, 12)} of node "${c.Labels[LABEL_NODE]}", which the plan no longer has`,
            );
            return client.removeContainer(c.Id, { force: true, v: true });
          },
        ),
      )
      .orElse((e) => {
        run.emit.log("warn", `cannot remove leftover containers at ${client.endpoint}: ${e.message}`);
        return okAsync(undefined);
      }),
  ).map(() => undefined);
}
