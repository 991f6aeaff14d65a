/** `preview`: what `up` would do to each node and why, with no side effects. */
import { okAsync, ResultAsync } from "neverthrow";
import type { BerthError, NodeChange } from "../types.ts";
import { decide } from "../workflows/install.ts";
import { nodeConfigHash } from "../workflows/node-inputs.ts";
import type { RunContext } from "../workflows/run-context.ts";
import { nodeContainers } from "./node-containers.ts";

export function preview(run: RunContext): ResultAsync<NodeChange[], BerthError> {
  return ResultAsync.combine(
    Object.keys(run.plan.nodes).map((node) =>
      nodeContainers(run, node).andThen(({ inputs, client, containers }): ResultAsync<NodeChange, BerthError> => {
        if (inputs === undefined || client === undefined)
          return okAsync({ node, action: "skip", reason: "no operations (not a container node)" });
        const imageId =
          inputs.localImage === undefined
            ? okAsync<string | undefined, never>(undefined)
            : client
                .inspectImage(inputs.localImage)
                .map((i): string | undefined => i.Id)
                .orElse(() => okAsync<string | undefined, never>(undefined));
        return imageId.map((id): NodeChange => {
          if (inputs.localImage !== undefined && id === undefined) {
            return {
              node,
              action: "create",
              reason: `image "${inputs.localImage}" is not on the engine: up would fail`,
            };
          }
          const decision = decide(containers, nodeConfigHash(inputs, id));
          return { node, action: decision.action, reason: decision.reason };
        });
      }),
    ),
  ).map((list) => [...list]);
}
