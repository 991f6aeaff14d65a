/** `berth validate <file>`: load and check a plan (and any -i inputs) without touching Docker. */
import type { ResultAsync } from "neverthrow";
import type { CliContext } from "../context.ts";
import type { CliError } from "../errors.ts";
import type { CommonFlags, Outcome } from "../outcome.ts";
import { prepare } from "../prepare.ts";

export const validatePlan = (ctx: CliContext, file: string, flags: CommonFlags): ResultAsync<Outcome, CliError> =>
  prepare(ctx, file, flags).map(({ plan, file: shown }): Outcome => ({ command: "validate", file: shown, plan }));
