/** `berth status` and `berth plan`: read the live engine, change nothing. */
import type { ResultAsync } from "neverthrow";
import type { CliContext } from "../context.ts";
import { loadRuntime } from "../engine.ts";
import { type CliError, runFailed } from "../errors.ts";
import type { CommonFlags, Outcome } from "../outcome.ts";
import { prepare } from "../prepare.ts";

export function status(ctx: CliContext, file: string, flags: CommonFlags): ResultAsync<Outcome, CliError> {
  return prepare(ctx, file, flags).andThen(({ plan, options }) =>
    loadRuntime()
      .andThen((runtime) => runtime.status(plan, options).mapErr(runFailed))
      .map((nodes): Outcome => ({ command: "status", deployment: options.deployment, nodes })),
  );
}

export function preview(ctx: CliContext, file: string, flags: CommonFlags): ResultAsync<Outcome, CliError> {
  return prepare(ctx, file, flags).andThen(({ plan, options }) =>
    loadRuntime()
      .andThen((runtime) => runtime.preview(plan, options).mapErr(runFailed))
      .map((changes): Outcome => ({ command: "plan", deployment: options.deployment, changes })),
  );
}
