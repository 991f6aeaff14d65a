/** `status`: each node's container as the engine sees it now. */
import { okAsync, ResultAsync } from "neverthrow";
import { fromEngine } from "../errors.ts";
import { formatPort, networkInterfaces, psPorts } from "../tasks/ports.ts";
import type { BerthError, NodeStatus } from "../types.ts";
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
        if (latest === undefined) return okAsync({ node, state: "absent", ports: [], ips: [], daemon });
        return client
          .inspectContainer(latest.Id)
          .mapErr((e) => fromEngine(e, "EngineError", `cannot inspect container ${latest.Id}`, { node }))
          .map((d): NodeStatus => {
            const state = STATES.has(d.State.Status as NodeStatus["state"])
              ? (d.State.Status as NodeStatus["state"])
              : "exited";
            const since = d.State.Running || d.State.Status === "exited" ? d.State.StartedAt : d.Created;
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
            };
          });
      }),
    ),
  ).map((list) => [...list]);
}
