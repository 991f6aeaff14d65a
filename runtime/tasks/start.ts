/**
 * start (`docker.docker_plugin.tasks.run`): start the container (no body: its host config went
 * in at create), wait until it is ready (the plugin's processes_to_wait_for, then berth's
 * readiness probe), then record `ports` and `network_settings` and log the container id, network
 * interfaces, forwarded ports and the `top` table.
 *
 * The task is done once the container is inspected: its runtime properties are all a dependent
 * needs. The `top` request (~40 ms on an idle engine, 150-250 ms while it starts other
 * containers) and the log line it completes go on meanwhile, as `described`, which `up` awaits
 * before it reports, so the line still comes, but neither a dependent nor a concurrency slot
 * waits for it. With nobody listening to the run's events (a library call without `onEvent`,
 * `berth up --quiet`) there is no line to complete and `top` is not asked at all: the engine
 * runs `ps` for it, and ten of those beside ten starts made `up` of 10 containers 7-10 %
 * slower (docs/performance.md).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerDetails, EngineError, TopResult } from "../docker/engine-client.ts";
import { berthError, fromEngine, withLogTail } from "../errors.ts";
import { expectedExitCode, probeSpecs, type StartWaits } from "../probes/probe.ts";
import { waitUntilReady } from "../probes/wait.ts";
import type { BerthError, EngineTrouble, RuntimeProperties } from "../types.ts";
import { formatPort, networkInterfaces, psPorts } from "./ports.ts";
import type { TaskContext } from "./task-context.ts";

export const LOG_TAIL_LINES = 20;

/** What start waits for: the plugin's processes_to_wait_for and berth's readiness, resolved. */
export type StartArgs = StartWaits;

export interface StartOutcome {
  readonly properties: RuntimeProperties;
  /** Settles once the plugin's INFO line (container, interfaces, ports, top) is logged; never fails. */
  readonly described: ResultAsync<void, never>;
  /** The command already exited as expected (0, or its exit_code probe's code): a one-shot job that did its work. */
  readonly ranToCompletion: boolean;
  /** How long start waited for the node to be ready; undefined when it had nothing to wait for. */
  readonly waitedMs?: number;
}

/** Everything start can fail with. */
export type StartError = BerthError<
  "ContainerStartFailed" | "ProcessesNotStarted" | "ContainerExited" | "NotReady" | "Interrupted" | EngineTrouble
>;

export function startTask(ctx: TaskContext, args: StartArgs = {}): ResultAsync<StartOutcome, StartError> {
  const at = { node: ctx.node, operation: "start" as const };
  const container = ctx.properties.container;
  if (container === undefined) return errAsync(berthError("ContainerStartFailed", "No container specified", at));
  const specs = probeSpecs(args);
  const expectedExit = expectedExitCode(args.readiness);
  let waitedMs: number | undefined;

  ctx.emit.log("info", `Starting container ${container}`, ctx.node);
  return ctx.client
    .startContainer(container)
    .mapErr((e) => fromEngine(e, "ContainerStartFailed", `Error while starting container ${container}`, at))
    .orElse((e) => withContainerLog(ctx, container, e))
    .andThen(() => {
      ctx.emit.log("info", `Started container ${container}`, ctx.node);
      return waitUntilReady(ctx, container, specs)
        .map((ms) => {
          waitedMs = specs.length > 0 ? ms : undefined;
          return ms;
        })
        .orElse((e) => withContainerLog(ctx, container, e));
    })
    .andThen(() => {
      // Asked at once, beside the inspect; only the log line waits for it.
      ctx.emit.log("debug", `getting TOP info of container ${container}`, ctx.node);
      const top = ctx.emit.listening ? ctx.client.top(container) : undefined;
      return ctx.client
        .inspectContainer(container)
        .mapErr((e) => fromEngine(e, "ContainerStartFailed", `cannot inspect container ${container}`, at))
        .andThen((details) => {
          const described = top === undefined ? okAsync<void, never>(undefined) : describe(ctx, details, top);
          const { Running, ExitCode, Error: engineError } = details.State;
          if (!Running && ExitCode !== expectedExit) {
            const failure = berthError(
              "ContainerExited",
              `container ${details.Id.slice(0, 12)} exited with code ${ExitCode} while up started it${engineError ? ` (${engineError})` : ""}`,
              { ...at, container: details.Id, exitCode: ExitCode },
            );
            return described.andThen(() => withContainerLog(ctx, container, failure));
          }
          return okAsync<StartOutcome, StartError>({
            properties: { ports: psPorts(details.NetworkSettings.Ports), network_settings: details.NetworkSettings },
            described,
            ranToCompletion: !Running,
            ...(waitedMs !== undefined && { waitedMs }),
          });
        });
    });
}

/** A failure of the container itself shows its last log lines; one of the engine's does not. */
function withContainerLog(ctx: TaskContext, container: string, e: StartError): ResultAsync<never, StartError> {
  return e.kind === "ContainerStartFailed" ||
    e.kind === "ProcessesNotStarted" ||
    e.kind === "ContainerExited" ||
    e.kind === "NotReady"
    ? logTail(ctx, container).andThen((t) => errAsync(withLogTail(e, t)))
    : errAsync(e);
}

/** The plugin's INFO message after start, once `top` has answered. */
function describe(
  ctx: TaskContext,
  details: ContainerDetails,
  top: ResultAsync<TopResult, EngineError>,
): ResultAsync<void, never> {
  return (
    top
      .map((t) => [t.Titles.join(" "), ...t.Processes.map((row) => row.join(" "))].join("\n"))
      // top fails for a container that has exited: that is worth saying, not failing over.
      .orElse(() =>
        okAsync(`(not available: the container is ${details.State.Status}, exit code ${details.State.ExitCode})`),
      )
      .map((table) => {
        const interfaces = networkInterfaces(details.NetworkSettings);
        const ports = psPorts(details.NetworkSettings.Ports);
        ctx.emit.log(
          "info",
          [
            `Container: ${details.Id}`,
            `Network interfaces: ${interfaces.map((n) => `${n.network} ${n.ip}`).join(", ") || "(none)"}`,
            `Forwarded ports: ${ports.map(formatPort).join(", ") || "(none)"}`,
            `Top: ${table}`,
          ].join("\n"),
          ctx.node,
        );
        return undefined;
      })
  );
}

/** The last lines of a container's log for an error message; empty when they cannot be read. */
export function logTail(ctx: Pick<TaskContext, "client">, container: string): ResultAsync<string, never> {
  return ctx.client.logs(container, LOG_TAIL_LINES).orElse(() => okAsync(""));
}
