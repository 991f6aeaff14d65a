/** A node's containers, found by label on its daemon: the engine's answer to "what is there". */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import { fromEngine } from "../errors.ts";
import { LABEL_DEPLOYMENT, LABEL_NODE } from "../labels.ts";
import type { BerthError } from "../types.ts";
import { type NodeInputs, nodeInputs } from "../workflows/node-inputs.ts";
import type { RunContext } from "../workflows/run-context.ts";

export interface NodeContainers {
  readonly node: string;
  /** Undefined for a node without operations. */
  readonly inputs?: NodeInputs;
  readonly client?: EngineClient;
  readonly containers: readonly ContainerSummary[];
}

export function nodeContainers(run: RunContext, node: string): ResultAsync<NodeContainers, BerthError> {
  const inputs = nodeInputs(
    node,
    { plan: run.plan, inputs: run.inputs, attributes: (n) => run.state.properties(n) },
    run.options.runtimeProperties?.[node]?.docker_env_var ?? run.state.properties(node)?.docker_env_var,
  );
  if (inputs.isErr()) return errAsync(inputs.error);
  const ni = inputs.value;
  if (ni === undefined) return okAsync({ node, containers: [] });
  return run.deps.clientFor(ni.daemonClient).andThen((client) =>
    client
      .listContainers({ labels: { [LABEL_DEPLOYMENT]: run.deployment, [LABEL_NODE]: node } })
      .mapErr((e) => fromEngine(e, "EngineError", "cannot list containers", { node }))
      .map((containers) => ({ node, inputs: ni, client, containers })),
  );
}
