/** Turns a command's Result into output and an exit code. */
import type { ResultAsync } from "neverthrow";
import { type CliContext, wantsColour } from "./context.ts";
import { type CliError, ExitCode, exitCodeOf } from "./errors.ts";
import type { CommandName, Outcome } from "./outcome.ts";
import { errorReport } from "./render/error-report.ts";
import { errResult, jsonLine, okResult } from "./render/json.ts";
import { outcomeView } from "./render/outcome-view.ts";
import { styleFor } from "./render/style.ts";

export interface OutputFlags {
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export async function finish(
  ctx: CliContext,
  command: CommandName,
  flags: OutputFlags,
  result: ResultAsync<Outcome, CliError>,
  successCode: (outcome: Outcome) => ExitCode = () => ExitCode.ok,
): Promise<ExitCode> {
  return (await result).match(
    (outcome) => {
      const code = successCode(outcome);
      if (flags.json === true) ctx.stdout.write(jsonLine(okResult(outcome, code)));
      else {
        const printed = outcomeView(outcome, styleFor(wantsColour(ctx, ctx.stdout)), ctx.now());
        // --quiet keeps what the command is for (yaml text, status table) and drops the chatter.
        if (printed.stdout !== undefined && (flags.quiet !== true || !["up", "down", "validate"].includes(command)))
          ctx.stdout.write(printed.stdout);
        if (printed.stderr !== undefined && flags.quiet !== true) ctx.stderr.write(printed.stderr);
      }
      return code;
    },
    (error) => {
      const code = exitCodeOf(error);
      if (flags.json === true) ctx.stdout.write(jsonLine(errResult(command, error, code)));
      ctx.stderr.write(errorReport(error, styleFor(wantsColour(ctx, ctx.stderr)), flags.verbose === true));
      return code;
    },
  );
}

/** `berth plan --exit-code`: 3 when up would create or recreate a node, 0 when it would change nothing. */
export const pendingChanges = (outcome: Outcome): ExitCode =>
  outcome.command === "plan" && outcome.changes.some((c) => c.action === "create" || c.action === "recreate")
    ? ExitCode.changes
    : ExitCode.ok;
