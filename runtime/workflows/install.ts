/**
 * install: create, configure, start per node, a node once its relationship targets are started,
 * independent nodes concurrently (bounded). A node whose container exists with the same config
 * hash (and is running, or ran to a clean exit) is left alone; a changed one is recreated.
 * On failure, what this run created is undone in reverse order unless keepOnFailure.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { LifecycleOperation } from "../../dsl/mod.ts";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import { berthError, fromEngine } from "../errors.ts";
import { containerLabels, containerName, LABEL_CONFIG_HASH, LABEL_DEPLOYMENT, LABEL_NODE } from "../labels.ts";
import { configureTask } from "../tasks/configure.ts";
import { createTask } from "../tasks/create.ts";
import { deleteTask } from "../tasks/delete.ts";
import { psPorts } from "../tasks/ports.ts";
import { startTask } from "../tasks/start.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { BerthError, NodeAction, NodeReport, RuntimeProperties, StepTiming } from "../types.ts";
import { installPrerequisites, schedule } from "./graph.ts";
import { type NodeInputs, nodeConfigHash, nodeInputs } from "./node-inputs.ts";
import { DEFAULT_CONCURRENCY, type RunContext, taskContext } from "./run-context.ts";

/** Something this run made, so a failure can undo it. */
export type JournalEntry =
  | { readonly kind: "image"; readonly node: string; readonly id: string; readonly client: EngineClient }
  | { readonly kind: "container"; readonly node: string; readonly id: string; readonly client: EngineClient };

export interface InstallResult {
  readonly nodes: Readonly<Record<string, NodeReport>>;
}

export function install(run: RunContext): ResultAsync<InstallResult, BerthError> {
  const journal: JournalEntry[] = [];
  const { emit, options } = run;
  emit.workflow("install", "started");
  const outcome = schedule(installPrerequisites(run.plan), (node) => installNode(run, node, journal), {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ...(options.signal && { signal: options.signal }),
  });
  return ResultAsync.fromSafePromise(outcome).andThen((result) => {
    const failure =
      result.failures[0]?.error ??
      (result.aborted && result.notStarted.length > 0
        ? berthError("Interrupted", `interrupted: ${result.notStarted.join(", ")} not installed`)
        : undefined);
    if (failure === undefined) {
      emit.workflow("install", "succeeded");
      return okAsync({ nodes: Object.fromEntries(result.results) });
    }
    emit.workflow("install", "failed");
    if (options.keepOnFailure) {
      emit.log("warn", "keeping what this run created (keepOnFailure)");
      return errAsync(failure);
    }
    return rollback(run, journal).andThen(() => errAsync(failure));
  });
}

/** Undoes this run's work: containers and images, newest first. Best effort: failures are logged. */
export function rollback(run: RunContext, journal: readonly JournalEntry[]): ResultAsync<void, never> {
  const { emit } = run;
  emit.workflow("rollback", "started");
  const entries = [...journal].reverse();
  const step = (entry: JournalEntry): ResultAsync<void, never> => {
    const undo =
      entry.kind === "container"
        ? entry.client.removeContainer(entry.id, { force: true, v: true })
        : entry.client.removeImage(entry.id);
    return undo
      .map(() => emit.log("info", `rollback: removed ${entry.kind} ${entry.id}`, entry.node))
      .orElse((e) => {
        if (e.kind !== "NotFound")
          emit.log("warn", `rollback: cannot remove ${entry.kind} ${entry.id}: ${e.message}`, entry.node);
        return okAsync(undefined);
      })
      .andThen(() =>
        run.state.forget(entry.node).orElse((e) => {
          emit.log("warn", e.message, entry.node);
          return okAsync(undefined);
        }),
      );
  };
  return entries
    .reduce<ResultAsync<void, never>>((chain, entry) => chain.andThen(() => step(entry)), okAsync(undefined))
    .map(() => emit.workflow("rollback", "succeeded"));
}

const exitCodeOf = (c: ContainerSummary): number | undefined => {
  const m = /Exited \((-?\d+)\)/.exec(c.Status);
  return m === null ? undefined : Number(m[1]);
};

/** A container still does its job if it runs, or ran to completion with exit code 0. */
export const isHealthy = (c: ContainerSummary): boolean =>
  c.State === "running" || (c.State === "exited" && exitCodeOf(c) === 0);

/** What a node's current containers mean for this run. */
export function decide(
  existing: readonly ContainerSummary[],
  hash: string,
): { readonly action: "create" | "recreate" | "unchanged"; readonly reason: string; readonly keep?: ContainerSummary } {
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

function installNode(run: RunContext, node: string, journal: JournalEntry[]): ResultAsync<NodeReport, BerthError> {
  const { emit, state, deps } = run;
  const steps: StepTiming[] = [];
  const inputs = nodeInputs(
    node,
    { plan: run.plan, inputs: run.inputs, attributes: (n) => state.properties(n) },
    dockerEnvVarOf(run, node),
  );
  if (inputs.isErr()) return errAsync(inputs.error);
  const ni = inputs.value;
  if (ni === undefined) {
    for (const op of ["create", "configure", "start"] as const)
      emit.skipped(node, op, "no operation (not a container node)");
    return okAsync({ action: "unchanged", runtimeProperties: {}, steps });
  }
  return deps
    .clientFor(ni.daemonClient)
    .mapErr((e) => ({ ...e, node }))
    .andThen((client) =>
      localImageId(client, ni, node).andThen((imageId) => {
        const hash = nodeConfigHash(ni, imageId);
        return client
          .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment, [LABEL_NODE]: node } })
          .mapErr((e) => fromEngine(e, "EngineError", "cannot list containers", { node }))
          .andThen((existing) => {
            const decision = decide(existing, hash);
            if (decision.action === "unchanged" && decision.keep !== undefined) {
              return keepNode(run, client, ni, decision.keep, hash, decision.reason);
            }
            const action: NodeAction = decision.action === "recreate" ? "recreated" : "created";
            if (decision.action === "recreate") emit.log("info", `recreating: ${decision.reason}`, node);
            const ctxFor = (properties: RuntimeProperties): TaskContext => taskContext(run, node, client, properties);
            const removeOld = existing.reduce<ResultAsync<unknown, BerthError>>(
              (chain, c) =>
                chain.andThen(() =>
                  deleteTask(ctxFor({}), {
                    container: c.Id,
                    containerStop: ni.containerStop,
                    containerRemove: { force: true },
                  }),
                ),
              okAsync(undefined),
            );
            const op = <T extends RuntimeProperties>(
              operation: LifecycleOperation,
              task: () => ResultAsync<T, BerthError>,
              configHash?: string,
            ): ResultAsync<T, BerthError> => {
              const started = deps.clock.now();
              return emit.operation(node, operation, task).andThen((props) => {
                steps.push({ operation, durationMs: deps.clock.now() - started });
                return state.update(node, props, configHash).map(() => props);
              });
            };
            const initial: RuntimeProperties =
              ni.dockerEnvVar === undefined
                ? {}
                : { docker_env_var: ni.dockerEnvVar as RuntimeProperties["docker_env_var"] };
            return removeOld
              .andThen(() => state.replace(node, { runtimeProperties: initial }))
              .andThen(() => {
                if (ni.create === undefined) {
                  emit.skipped(node, "create", "image given by container_config.image");
                  return okAsync<RuntimeProperties, BerthError>({});
                }
                const create = ni.create;
                return op("create", () =>
                  createTask(ctxFor(initial), create).map((props) => {
                    if (props.image !== undefined) journal.push({ kind: "image", node, id: props.image, client });
                    return props;
                  }),
                );
              })
              .andThen(() =>
                op(
                  "configure",
                  () =>
                    configureTask(ctxFor(state.properties(node) ?? {}), {
                      containerConfig: ni.containerConfig,
                      ...(ni.start && { containerStart: ni.start.containerStart }),
                      labels: containerLabels(run.deployment, node, hash),
                      name: ni.effectiveConfig.name ?? containerName(run.deployment, node),
                    }).map((props) => {
                      if (props.container !== undefined)
                        journal.push({ kind: "container", node, id: props.container, client });
                      return props;
                    }),
                  hash,
                ),
              )
              .andThen(() => {
                if (ni.start === undefined) {
                  emit.skipped(node, "start", "no start operation");
                  return okAsync<RuntimeProperties, BerthError>({});
                }
                const start = ni.start;
                return op("start", () =>
                  startTask(ctxFor(state.properties(node) ?? {}), {
                    ...(start.processesToWaitFor && { processesToWaitFor: start.processesToWaitFor }),
                  }),
                );
              })
              .map((): NodeReport => ({ action, runtimeProperties: state.properties(node) ?? {}, steps }));
          });
      }),
    );
}

/** The id `.image(ref)` names now (part of the hash), or ImageNotFound. */
function localImageId(client: EngineClient, ni: NodeInputs, node: string): ResultAsync<string | undefined, BerthError> {
  if (ni.localImage === undefined) return okAsync(undefined);
  const ref = ni.localImage;
  return client
    .inspectImage(ref)
    .map((i): string | undefined => i.Id)
    .mapErr((e) =>
      e.kind === "NotFound"
        ? berthError(
            "ImageNotFound",
            `image "${ref}" is not on the engine at ${client.endpoint}; build or load it first, or use .import()/.build()`,
            { node, operation: "configure", endpoint: client.endpoint, cause: e.message },
          )
        : fromEngine(e, "EngineError", `cannot inspect image ${ref}`, { node, operation: "configure" }),
    );
}

/** An unchanged node: nothing runs; its runtime properties are refreshed from the engine. */
function keepNode(
  run: RunContext,
  client: EngineClient,
  ni: NodeInputs,
  container: ContainerSummary,
  hash: string,
  reason: string,
): ResultAsync<NodeReport, BerthError> {
  const node = ni.name;
  for (const op of ["create", "configure", "start"] as const) run.emit.skipped(node, op, `unchanged: ${reason}`);
  return client
    .inspectContainer(container.Id)
    .mapErr((e) => fromEngine(e, "EngineError", `cannot inspect container ${container.Id}`, { node }))
    .andThen((details) => {
      const previous = run.state.properties(node);
      const properties: RuntimeProperties = {
        ...previous,
        ...(ni.localImage === undefined && { image: previous?.image ?? details.Image }),
        container: details.Id,
        using_local_image: ni.localImage !== undefined,
        ports: psPorts(details.NetworkSettings.Ports),
        network_settings: details.NetworkSettings,
        ...(ni.dockerEnvVar !== undefined && {
          docker_env_var: ni.dockerEnvVar as RuntimeProperties["docker_env_var"],
        }),
      };
      return run.state
        .replace(node, { runtimeProperties: properties, configHash: hash })
        .map((): NodeReport => ({ action: "unchanged", runtimeProperties: properties, steps: [] }));
    });
}

function dockerEnvVarOf(run: RunContext, node: string): Readonly<Record<string, unknown>> | undefined {
  return run.options.runtimeProperties?.[node]?.docker_env_var ?? run.state.properties(node)?.docker_env_var;
}
