/** `berth up` and `berth down`: install and uninstall the plan's deployment. */
import type { ResultAsync } from "neverthrow";
import type { CliContext } from "../context.ts";
import { loadRuntime, watched } from "../engine.ts";
import type { CliError } from "../errors.ts";
import type { CommonFlags, Outcome } from "../outcome.ts";
import { prepare } from "../prepare.ts";

export function deploy(
  ctx: CliContext,
  command: "up" | "down",
  file: string,
  flags: CommonFlags,
): ResultAsync<Outcome, CliError> {
  return prepare(ctx, file, flags).andThen(({ plan, options }) =>
    loadRuntime()
      .andThen((runtime) => watched(ctx, flags, plan, (watch) => runtime[command](plan, { ...options, ...watch })))
      .map((report): Outcome => (command === "up" ? { command: "up", report } : { command: "down", report })),
  );
}
