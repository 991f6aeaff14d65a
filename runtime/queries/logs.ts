/** `logs`: the log lines of one node's container, or of every container node, optionally followed. */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { issue } from "../../dsl/issues.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError } from "../types.ts";
import type { RunContext } from "../workflows/run-context.ts";
import { nodeContainers } from "./node-containers.ts";

export interface LogsOptions {
  readonly follow?: boolean;
  readonly tail?: number;
  readonly signal?: AbortSignal;
  readonly onLine: (node: string, line: string) => void;
}

export function logs(run: RunContext, node: string | undefined, options: LogsOptions): ResultAsync<void, BerthError> {
  if (node !== undefined && !Object.hasOwn(run.plan.nodes, node)) {
    const message = `"${node}" is not a node of plan ${run.plan.name}; it has ${Object.keys(run.plan.nodes).join(", ")}`;
    return errAsync(berthError("InvalidPlan", message, { issues: [issue("nodes", "unknown_node", message)] }));
  }
  const nodes = node === undefined ? Object.keys(run.plan.nodes) : [node];
  return ResultAsync.combine(
    nodes.map((name) =>
      nodeContainers(run, name).andThen(({ client, containers }) => {
        const latest = containers[0];
        if (client === undefined || latest === undefined) return okAsync(undefined);
        const onLine = (line: string) => options.onLine(name, line);
        if (options.follow) {
          return client
            .followLogs(latest.Id, {
              onLine,
              ...(options.tail !== undefined && { tail: options.tail }),
              ...(options.signal && { signal: options.signal }),
            })
            .mapErr((e) => fromEngine(e, "EngineError", `cannot follow the logs of ${latest.Id}`, { node: name }));
        }
        return client
          .logs(latest.Id, options.tail)
          .mapErr((e) => fromEngine(e, "EngineError", `cannot read the logs of ${latest.Id}`, { node: name }))
          .map((text) => {
            if (text !== "") for (const line of text.split("\n")) onLine(line);
            return undefined;
          });
      }),
    ),
  ).map(() => undefined);
}
