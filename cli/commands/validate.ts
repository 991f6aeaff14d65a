/** `berth validate <file>`: load and check a plan (and any -i inputs) without touching Docker. */
import type { Result, ResultAsync } from "neverthrow";
import type { PlanIssue, ValidPlan } from "../../dsl/mod.ts";
import { checkWithInputs } from "../../runtime/inputs-check.ts";
import { resolveInputs } from "../../runtime/resolve.ts";
import type { RunOptions } from "../../runtime/types.ts";
import type { CliContext } from "../context.ts";
import type { CliError } from "../errors.ts";
import type { CommonFlags, Outcome } from "../outcome.ts";
import { prepare } from "../prepare.ts";

export const validatePlan = (ctx: CliContext, file: string, flags: CommonFlags): ResultAsync<Outcome, CliError> =>
  prepare(ctx, file, flags).andThen(({ plan, file: shown, options }) =>
    withInputs(plan, shown, options.inputs).map((): Outcome => ({ command: "validate", file: shown, plan })),
  );

/** The plan again with the -i values in place, as up checks it before it creates anything. */
function withInputs(plan: ValidPlan, file: string, given: RunOptions["inputs"]): Result<void, CliError> {
  return resolveInputs(plan, given, { missing: "leave-out" })
    .andThen((inputs) => checkWithInputs(plan, inputs))
    .mapErr(
      (e): CliError => ({
        kind: "InvalidPlan",
        file,
        issues: (e.kind === "InvalidPlan"
          ? e.issues
          : [{ path: "inputs", code: "missing_value", message: e.message } satisfies PlanIssue]
        ).map((i) => ({ ...i, file })),
      }),
    );
}
