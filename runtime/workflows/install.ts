/**
 * install: create, configure, start per node, a node once its relationship targets are started,
 * independent nodes concurrently (bounded). A node whose container exists with the same config
 * hash (and is running, or ran to a clean exit) is left alone; a changed one is recreated.
 * On failure, what this run created is undone in reverse order unless keepOnFailure.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { LifecycleOperation } from "../../dsl/mod.ts";
import type { BuildTrace } from "../docker/build-trace.ts";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import { berthError, fromEngine, withLogTail } from "../errors.ts";
import { containerName } from "../identity.ts";
import { containerLabels, LABEL_DEPLOYMENT } from "../labels.ts";
import { expectedExitCode, probeSpecs } from "../probes/probe.ts";
import { waitUntilReady } from "../probes/wait.ts";
import type { NodeConfigRecord } from "../state/state-keeper.ts";
import { removeBuildDebris } from "../tasks/build-debris.ts";
import { configureTask } from "../tasks/configure.ts";
import { createTask } from "../tasks/create.ts";
import { deleteTask, removeImages } from "../tasks/delete.ts";
import { ownedImages } from "../tasks/owned-images.ts";
import { psPorts } from "../tasks/ports.ts";
import { sequence } from "../tasks/sequence.ts";
import { logTail, startTask } from "../tasks/start.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { BerthError, NodeAction, NodeReport, RuntimeProperties, StepTiming } from "../types.ts";
import { installPrerequisites, schedule } from "./graph.ts";
import { decideNode, exitCodeOf, gatherFacts, type NodeDecision } from "./node-decision.ts";
import { teardownOf } from "./node-inputs.ts";
import { DEFAULT_CONCURRENCY, type RunContext, taskContext } from "./run-context.ts";

/** Something this run made, so a failure can undo it. */
export type JournalEntry =
  | { readonly kind: "image"; readonly node: string; readonly id: string; readonly client: EngineClient }
  | { readonly kind: "container"; readonly node: string; readonly id: string; readonly client: EngineClient }
  /** What a build that failed made before it failed (its step containers and images). */
  | { readonly kind: "build"; readonly node: string; readonly made: BuildTrace; readonly client: EngineClient };

export interface InstallResult {
  readonly nodes: Readonly<Record<string, NodeReport>>;
}

/** What one node's install runs with besides the run: where it records, and how it waits. */
interface NodeRun {
  readonly journal: JournalEntry[];
  /** Nodes whose container this run started, with the exit code that counts as success. */
  readonly started: Map<string, number>;
  /** The start tasks' log lines still on their way (tasks/start.ts): up reports once they are out. */
  readonly descriptions: ResultAsync<void, never>[];
  /** Gives the node's concurrency slot back while it waits to be ready. */
  readonly release: () => void;
  /** Aborts when the user interrupts, or when another node has failed: waits stop at once. */
  readonly signal: AbortSignal;
}

export function install(run: RunContext): ResultAsync<InstallResult, BerthError> {
  const journal: JournalEntry[] = [];
  // Nodes whose container this run started: checked once more before up reports success.
  const started = new Map<string, number>();
  const descriptions: ResultAsync<void, never>[] = [];
  const { emit, options } = run;
  // A failed node fails the run: nodes still waiting to be ready need not wait out their timeouts.
  const failed = new AbortController();
  const signal = options.signal === undefined ? failed.signal : AbortSignal.any([options.signal, failed.signal]);
  emit.workflow("install", "started");
  const outcome = schedule(
    installPrerequisites(run.plan),
    (node, release) =>
      installNode(run, node, { journal, started, descriptions, release, signal }).mapErr((e) => {
        failed.abort();
        return e;
      }),
    {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      ...(options.signal && { signal: options.signal }),
    },
  );
  return ResultAsync.fromSafePromise(outcome).andThen((scheduled) =>
    ResultAsync.combine([
      scheduled.failures.length > 0 ? okAsync([]) : exitedSinceStart(run, journal, started),
      ResultAsync.combine(descriptions),
    ]).andThen(([late]) => {
      const result = { ...scheduled, failures: [...scheduled.failures, ...late] };
      const failure =
        result.failures[0]?.error ??
        (result.aborted && result.notStarted.length > 0
          ? berthError("Interrupted", `interrupted: ${result.notStarted.join(", ")} not installed`, {
              notDone: result.notStarted,
            })
          : undefined);
      if (failure === undefined) {
        emit.workflow("install", "succeeded");
        return okAsync({ nodes: Object.fromEntries(result.results) });
      }
      emit.workflow("install", "failed");
      if (options.keepOnFailure) {
        emit.log("warn", "keeping what this run created (keepOnFailure)");
        // The next up must redo a kept node, not call it unchanged.
        const marked = result.failures.reduce<ResultAsync<void, BerthError>>(
          (chain, f) => chain.andThen(() => run.state.mark(f.node, { failed: true })),
          okAsync(undefined),
        );
        return marked.andThen(() => errAsync(failure));
      }
      return rollback(run, journal).andThen(() => errAsync(failure));
    }),
  );
}

/**
 * Containers this run started whose command has exited non-zero since: a command that fails at
 * once may still be running when its start step looks, so up looks again, with one list per
 * engine, before it reports success.
 */
function exitedSinceStart(
  run: RunContext,
  journal: readonly JournalEntry[],
  startedNodes: ReadonlyMap<string, number>,
): ResultAsync<{ readonly node: string; readonly error: BerthError }[], never> {
  const started = journal.filter(
    (e): e is Extract<JournalEntry, { kind: "container" }> => e.kind === "container" && startedNodes.has(e.node),
  );
  const clients = [...new Map(started.map((e) => [e.client.endpoint, e.client])).values()];
  return ResultAsync.combine(
    clients.map((client) =>
      client
        .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment } })
        .orElse(() => okAsync<readonly ContainerSummary[], never>([]))
        .andThen((list) =>
          ResultAsync.combine(
            started
              .filter((e) => e.client === client)
              .flatMap((e) => {
                const c = list.find((summary) => summary.Id === e.id);
                const code = c === undefined ? undefined : exitCodeOf(c);
                return c !== undefined &&
                  c.State === "exited" &&
                  code !== undefined &&
                  code !== startedNodes.get(e.node)
                  ? [{ entry: e, code }]
                  : [];
              })
              .map(({ entry, code }) =>
                logTail({ client }, entry.id).map((tail) => ({
                  node: entry.node,
                  error: withLogTail(
                    berthError(
                      "ContainerExited",
                      `container ${entry.id.slice(0, 12)} exited with code ${code} while up started it`,
                      { node: entry.node, operation: "start", container: entry.id, exitCode: code },
                    ),
                    tail,
                  ),
                })),
              ),
          ),
        ),
    ),
  ).map((perClient) => perClient.flat());
}

/** Undoes this run's work: containers and images, newest first. Best effort: failures are logged. */
export function rollback(run: RunContext, journal: readonly JournalEntry[]): ResultAsync<void, never> {
  const { emit } = run;
  emit.workflow("rollback", "started");
  const entries = [...journal].reverse();
  const undo = (entry: JournalEntry): ResultAsync<void, never> => {
    if (entry.kind === "build") return removeBuildDebris(taskContext(run, entry.node, entry.client, {}), entry.made);
    const removed =
      entry.kind === "container"
        ? entry.client.removeContainer(entry.id, { force: true, v: true })
        : entry.client.removeImage(entry.id);
    return removed
      .map(() => emit.log("info", `rollback: removed ${entry.kind} ${entry.id}`, entry.node))
      .orElse((e) => {
        if (e.kind !== "NotFound")
          emit.log("warn", `rollback: cannot remove ${entry.kind} ${entry.id}: ${e.message}`, entry.node);
        return okAsync(undefined);
      });
  };
  const step = (entry: JournalEntry): ResultAsync<void, never> =>
    undo(entry).andThen(() =>
      run.state.forget(entry.node).orElse((e) => {
        emit.log("warn", e.message, entry.node);
        return okAsync(undefined);
      }),
    );
  return entries
    .reduce<ResultAsync<void, never>>((chain, entry) => chain.andThen(() => step(entry)), okAsync(undefined))
    .andThen(() => dropEmptyRecords(run))
    .map(() => emit.workflow("rollback", "succeeded"));
}

/**
 * After a rollback, records that point at nothing on the engine (a node whose create or
 * configure failed before it made anything) are forgotten, and a deployment left with no record
 * loses its state file, as after down: nothing on disk when nothing is on the engine.
 */
function dropEmptyRecords(run: RunContext): ResultAsync<void, never> {
  const empty = Object.entries(run.state.state.nodes)
    .filter(
      ([, record]) => record.runtimeProperties.container === undefined && record.runtimeProperties.image === undefined,
    )
    .map(([node]) => node);
  const warn = (e: { readonly message: string }) => {
    run.emit.log("warn", e.message);
    return okAsync(undefined);
  };
  return run.state
    .forget(...empty)
    .orElse(warn)
    .andThen(() =>
      Object.keys(run.state.state.nodes).length === 0
        ? run.deps.store.remove(run.deployment).orElse(warn)
        : okAsync(undefined),
    );
}

function installNode(run: RunContext, node: string, nodeRun: NodeRun): ResultAsync<NodeReport, BerthError> {
  return gatherFacts(run, node).andThen((facts) => {
    if (facts === undefined) {
      for (const op of ["create", "configure", "start"] as const)
        run.emit.skipped(node, op, "no operation (not a container node)");
      return okAsync<NodeReport, BerthError>({ action: "unchanged", runtimeProperties: {}, steps: [] });
    }
    const decision = decideNode(facts);
    if (decision.action === "unchanged" && decision.keep !== undefined)
      return keepNode(run, decision, decision.keep, nodeRun);
    return rebuildNode(run, decision, nodeRun);
  });
}

/** Creates the node's container afresh, removing the containers it replaces first. */
function rebuildNode(run: RunContext, decision: NodeDecision, nodeRun: NodeRun): ResultAsync<NodeReport, BerthError> {
  const { emit, state, deps } = run;
  const { journal, started, descriptions } = nodeRun;
  const { inputs: ni, client, existing, hash } = decision;
  const node = ni.name;
  const steps: StepTiming[] = [];
  let waitedMs: number | undefined;
  const action: NodeAction = decision.action === "recreate" ? "recreated" : "created";
  if (decision.action === "recreate") emit.log("info", `recreating: ${decision.reason}`, node);
  const ctxFor = (properties: RuntimeProperties): TaskContext =>
    taskContext(run, node, client, properties, { signal: nodeRun.signal, releaseSlot: nodeRun.release });
  const previous = state.node(node);
  // What the node had before goes first: its containers, what a killed build of it left, and
  // with remove_image the images berth made for it (so a recreate leaves no image behind).
  const removeOld = sequence(existing, (c) =>
    deleteTask(ctxFor({}), {
      container: c.Id,
      containerStop: ni.delete.containerStop,
      containerRemove: { force: true },
    }),
  )
    .andThen(() =>
      previous?.unfinishedBuild === undefined
        ? okAsync(undefined)
        : removeBuildDebris(ctxFor({}), previous.unfinishedBuild),
    )
    .andThen(() =>
      ni.delete.containerRemove.remove_image === true
        ? ownedImages(ctxFor({}), [previous?.runtimeProperties.image, ...existing.map((c) => c.ImageID)])
            .mapErr((e) => fromEngine(e, "EngineError", "cannot list the images berth made", { node }))
            .andThen((images) => removeImages(ctxFor({}), images))
        : okAsync(undefined),
    );
  const op = <T extends RuntimeProperties>(
    operation: LifecycleOperation,
    task: () => ResultAsync<T, BerthError>,
    config?: NodeConfigRecord,
  ): ResultAsync<T, BerthError> => {
    const started = deps.clock.now();
    return emit.operation(node, operation, task).andThen((props) => {
      steps.push({ operation, durationMs: deps.clock.now() - started });
      return state.update(node, props, config).map(() => props);
    });
  };
  const initial: RuntimeProperties =
    ni.dockerEnvVar === undefined ? {} : { docker_env_var: ni.dockerEnvVar as RuntimeProperties["docker_env_var"] };
  const image = ni.image;
  return removeOld
    .andThen(() => state.replace(node, { runtimeProperties: initial, teardown: teardownOf(ni) }))
    .andThen(() => {
      if (image.kind === "local") {
        emit.skipped(node, "create", "image given by container_config.image");
        return okAsync<RuntimeProperties, BerthError>({});
      }
      return op("create", () =>
        createTask(ctxFor(initial), image, (made) => state.mark(node, { unfinishedBuild: made }))
          .map((props) => {
            if (props.image !== undefined) journal.push({ kind: "image", node, id: props.image, client });
            return props;
          })
          .orElse((error) => {
            const made = state.node(node)?.unfinishedBuild;
            if (made !== undefined) journal.push({ kind: "build", node, made, client });
            return errAsync(error);
          }),
      );
    })
    .andThen(() =>
      op(
        "configure",
        () =>
          configureTask(ctxFor(state.properties(node) ?? {}), {
            containerConfig: ni.containerConfig,
            ...(image.kind === "local" &&
              decision.localImageId !== undefined && { localImage: { ref: image.image, id: decision.localImageId } }),
            ...(ni.start && { containerStart: ni.start.containerStart }),
            labels: containerLabels(run.deployment, run.planId, node, hash),
            name: ni.effectiveConfig.name ?? containerName(run.deployment, node),
          }).map((props) => {
            if (props.container !== undefined) journal.push({ kind: "container", node, id: props.container, client });
            return props;
          }),
        { hash, digest: decision.digest, teardown: teardownOf(ni) },
      ),
    )
    .andThen(() => {
      if (ni.start === undefined) {
        emit.skipped(node, "start", "no start operation");
        return okAsync<RuntimeProperties, BerthError>({});
      }
      const start = ni.start;
      let ranToCompletion = false;
      return op("start", () =>
        startTask(ctxFor(state.properties(node) ?? {}), {
          ...(start.processesToWaitFor && { processesToWaitFor: start.processesToWaitFor }),
          ...(start.readiness && { readiness: start.readiness }),
        }).map((outcome) => {
          started.set(node, expectedExitCode(start.readiness));
          descriptions.push(outcome.described);
          ranToCompletion = outcome.ranToCompletion;
          waitedMs = outcome.waitedMs;
          return outcome.properties;
        }),
      ).andThen((props) => (ranToCompletion ? state.mark(node, { completed: true }).map(() => props) : okAsync(props)));
    })
    .map(
      (): NodeReport => ({
        action,
        runtimeProperties: state.properties(node) ?? {},
        steps,
        ...(waitedMs !== undefined && { waitedMs }),
      }),
    );
}

/**
 * An unchanged node: nothing runs; its runtime properties are refreshed from the engine, and it
 * is done once it is ready (its waits run again: a running service that stopped answering fails
 * here, before its dependents start).
 */
function keepNode(
  run: RunContext,
  decision: NodeDecision,
  container: ContainerSummary,
  nodeRun: NodeRun,
): ResultAsync<NodeReport, BerthError> {
  const { inputs: ni, client, hash } = decision;
  const node = ni.name;
  for (const op of ["create", "configure", "start"] as const)
    run.emit.skipped(node, op, `unchanged: ${decision.reason}`);
  return client
    .inspectContainer(container.Id)
    .mapErr((e) => fromEngine(e, "EngineError", `cannot inspect container ${container.Id}`, { node }))
    .andThen((details) => {
      const previous = run.state.properties(node);
      const local = ni.image.kind === "local";
      const properties: RuntimeProperties = {
        ...previous,
        image: local ? (decision.localImageId ?? details.Image) : (previous?.image ?? details.Image),
        container: details.Id,
        using_local_image: local,
        ports: psPorts(details.NetworkSettings.Ports),
        network_settings: details.NetworkSettings,
        ...(ni.dockerEnvVar !== undefined && {
          docker_env_var: ni.dockerEnvVar as RuntimeProperties["docker_env_var"],
        }),
      };
      const specs = probeSpecs(ni.start ?? {});
      const ctx = taskContext(run, node, client, properties, { signal: nodeRun.signal, releaseSlot: nodeRun.release });
      return run.state
        .replace(node, {
          ...run.state.node(node),
          runtimeProperties: properties,
          configHash: hash,
          configDigest: decision.digest,
          teardown: teardownOf(ni),
        })
        .andThen(() =>
          waitUntilReady(ctx, details.Id, specs).orElse((e) =>
            logTail(ctx, details.Id).andThen((tail) =>
              errAsync<number, BerthError>(
                e.kind === "NotReady" || e.kind === "ContainerExited" || e.kind === "ProcessesNotStarted"
                  ? withLogTail(e, tail)
                  : e,
              ),
            ),
          ),
        )
        .map(
          (waitedMs): NodeReport => ({
            action: "unchanged",
            runtimeProperties: properties,
            steps: [],
            ...(specs.length > 0 && { waitedMs }),
          }),
        );
    });
}
