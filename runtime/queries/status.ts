/** `status`: each node's container as the engine sees it now, and whether it is ready. */
import { okAsync, ResultAsync } from "neverthrow";
import type { ContainerDetails } from "../docker/engine-client.ts";
import { fromEngine } from "../errors.ts";
import { hostNetwork } from "../probes/host-network.ts";
import { expectedExitCode, probeSpecs } from "../probes/probe.ts";
import { readinessNow } from "../probes/wait.ts";
import type { NodeRecord, Teardown } from "../state/deployment-state.ts";
import { formatPort, networkInterfaces, psPorts } from "../tasks/ports.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { BerthError, NodeReadiness, NodeStatus } from "../types.ts";
import type { RunContext } from "../workflows/run-context.ts";
import { nodeContainers } from "./node-containers.ts";

const STATES = new Set<NodeStatus["state"]>(["running", "exited", "created"]);

export function status(run: RunContext): ResultAsync<NodeStatus[], BerthError> {
  return ResultAsync.combine(
    Object.keys(run.plan.nodes).map((node) =>
      nodeContainers(run, node).andThen(({ teardown, client, containers }): ResultAsync<NodeStatus, BerthError> => {
        if (teardown === undefined || client === undefined)
          return okAsync({ node, state: "not-a-container", ports: [], ips: [] });
        // The engine lists newest first: after an interrupted recreate there may be two.
        const [latest] = containers;
        const daemon = client.endpoint;
        if (latest === undefined)
          return okAsync({
            node,
            state: "absent",
            ports: [],
            ips: [],
            daemon,
            readiness: { state: "not-ready", detail: "no container" },
          });
        return client
          .inspectContainer(latest.Id)
          .mapErr((e) => fromEngine(e, "EngineError", `cannot inspect container ${latest.Id}`, { node }))
          .andThen((d) =>
            ResultAsync.fromSafePromise(
              readinessOf({ client, network: run.deps.network ?? hostNetwork }, d, teardown, run.state.node(node)),
            ).map((readiness): NodeStatus => {
              const state = STATES.has(d.State.Status as NodeStatus["state"])
                ? (d.State.Status as NodeStatus["state"])
                : "exited";
              // The moment it entered its state: started, exited, or (created) made.
              const since = d.State.Running
                ? d.State.StartedAt
                : d.State.Status === "exited"
                  ? d.State.FinishedAt
                  : d.Created;
              return {
                node,
                state,
                container: d.Id,
                // The reference a person gave (`.image("busybox:latest")`) reads better than its id.
                image: d.Config.Image ?? d.Image,
                ports: psPorts(d.NetworkSettings.Ports).map(formatPort),
                ips: networkInterfaces(d.NetworkSettings).map((n) => n.ip),
                since,
                daemon,
                readiness,
              };
            }),
          );
      }),
    ),
  ).map((list) => [...list]);
}

/**
 * Ready when the node's probes pass now (one attempt each); without a probe a container that
 * does its job is `unknown`, one that does not is `not-ready`.
 */
function readinessOf(
  ctx: Pick<TaskContext, "client" | "network">,
  details: ContainerDetails,
  teardown: Teardown,
  record: NodeRecord | undefined,
): Promise<NodeReadiness> {
  const waits = teardown.waits ?? {};
  const specs = probeSpecs({
    ...(waits.processes_to_wait_for !== undefined && { processesToWaitFor: waits.processes_to_wait_for }),
    ...(waits.readiness !== undefined && { readiness: waits.readiness }),
  });
  const { Running, Status, ExitCode } = details.State;
  if (Status === "created") return Promise.resolve({ state: "not-ready", detail: "created, never started" });
  if (!Running && specs.length === 0) {
    const completed = ExitCode === expectedExitCode(waits.readiness) && record?.completed === true;
    return Promise.resolve(
      completed
        ? { state: "unknown", detail: "a one-shot job that ran to completion; no readiness probe" }
        : { state: "not-ready", detail: `exited with code ${ExitCode}` },
    );
  }
  return readinessNow(ctx, details, specs);
}
