/** A node's containers, found by label on its daemon: the engine's answer to "what is there". */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ContainerSummary, EngineClient } from "../docker/engine-client.ts";
import type { Teardown } from "../state/deployment-state.ts";
import type { BerthError } from "../types.ts";
import { checkOwnership, containersOfNode } from "../workflows/ownership.ts";
import type { RunContext } from "../workflows/run-context.ts";
import { NO_RECORD, nodeTeardown } from "../workflows/teardown.ts";

export interface NodeContainers {
  readonly node: string;
  /** Where the node runs (as up recorded it); undefined for a node without operations. */
  readonly teardown?: Teardown;
  readonly client?: EngineClient;
  readonly containers: readonly ContainerSummary[];
}

export function nodeContainers(run: RunContext, node: string): ResultAsync<NodeContainers, BerthError> {
  const teardown = nodeTeardown(run, node);
  if (teardown.isErr()) return errAsync({ ...teardown.error, message: `${teardown.error.message}; ${NO_RECORD}` });
  const t = teardown.value;
  if (t === undefined) return okAsync({ node, containers: [] });
  return run.deps.clientFor(t.daemon_client).andThen((client) =>
    containersOfNode(run, client, node)
      .andThen((listed) => checkOwnership(run, listed))
      .map((containers) => ({ node, teardown: t, client, containers })),
  );
}
