/** `berth logs <file> [node] [-f]`: the containers' output, prefixed by node when there are several. */
import { errAsync, type ResultAsync } from "neverthrow";
import { isContainerNode } from "../../dsl/mod.ts";
import type { CliContext } from "../context.ts";
import { loadRuntime } from "../engine.ts";
import { type CliError, runFailed } from "../errors.ts";
import { onInterrupt } from "../interrupt.ts";
import type { CommonFlags, Outcome } from "../outcome.ts";
import { prepare } from "../prepare.ts";
import { printable } from "../render/format.ts";
import { jsonLine } from "../render/json.ts";

export interface LogsFlags extends CommonFlags {
  readonly follow?: boolean;
  readonly tail?: number;
}

export function logs(
  ctx: CliContext,
  file: string,
  node: string | undefined,
  flags: LogsFlags,
): ResultAsync<Outcome, CliError> {
  return prepare(ctx, file, flags).andThen(({ plan, options }) => {
    const known = Object.entries(plan.nodes)
      .filter(([, n]) => isContainerNode(n))
      .map(([name]) => name);
    if (node !== undefined && !known.includes(node))
      return errAsync<Outcome, CliError>({ kind: "UnknownNode", node, known });
    const width = Math.max(0, ...known.map((n) => n.length));
    // The line is the container's own output, printed as it wrote it (as `docker logs` does).
    const onLine = (from: string, line: string) =>
      ctx.stdout.write(
        flags.json === true
          ? jsonLine({ type: "line", node: from, line })
          : node === undefined && known.length > 1
            ? `${printable(from).padEnd(width)} | ${line}\n`
            : `${line}\n`,
      );
    const interrupt = onInterrupt(ctx.stderr, true);
    const args = {
      ...options,
      signal: interrupt.signal,
      onLine,
      follow: flags.follow === true,
      ...(flags.tail !== undefined && { tail: flags.tail }),
    };
    return loadRuntime()
      .andThen((runtime) => runtime.logs(plan, node, args).mapErr(runFailed))
      .andTee(interrupt.dispose)
      .orTee(interrupt.dispose)
      .map((): Outcome => ({ command: "logs" }));
  });
}
