/** `berth yaml` (plan -> Cloudify blueprint) and `berth import` (blueprint -> plan.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { errAsync, ok, Result, type ResultAsync } from "neverthrow";
import type { BlueprintDslVersion } from "../../codegen/blueprint/blueprint-emitter.ts";
import type { CliContext } from "../context.ts";
import { loadBlueprintEmitter, loadBlueprintReader, loadTypeScriptEmitter } from "../engine.ts";
import type { CliError } from "../errors.ts";
import { loadPlan } from "../load-plan.ts";
import type { Outcome } from "../outcome.ts";
import { planFileProblem } from "../plan-file.ts";

export interface YamlFlags {
  readonly output?: string;
  readonly dslVersion?: BlueprintDslVersion;
}

export function yaml(ctx: CliContext, file: string, flags: YamlFlags): ResultAsync<Outcome, CliError> {
  return loadPlan(ctx, file).andThen(({ plan }) =>
    loadBlueprintEmitter()
      .map(({ toBlueprint }) =>
        toBlueprint(plan, { ...(flags.dslVersion !== undefined && { dslVersion: flags.dslVersion }) }),
      )
      .andThen((text) => written(ctx, "yaml", text, flags.output)),
  );
}

export interface ImportFlags {
  readonly output?: string;
  readonly importFrom?: string;
}

export function importBlueprint(ctx: CliContext, file: string, flags: ImportFlags): ResultAsync<Outcome, CliError> {
  const absolute = resolve(ctx.cwd, file);
  const problem = planFileProblem(absolute, file);
  if (problem !== undefined) return errAsync(problem);
  return loadBlueprintReader()
    .andThen(({ fromBlueprint }) =>
      fromBlueprint(readFileSync(absolute, "utf8"), { file }).mapErr(
        (issues): CliError => ({ kind: "InvalidPlan", file, issues }),
      ),
    )
    .andThen((plan) =>
      loadTypeScriptEmitter().map(({ toTypeScript }) =>
        toTypeScript(plan, { importFrom: flags.importFrom ?? "berth" }),
      ),
    )
    .andThen((source) => written(ctx, "import", source, flags.output));
}

const writeText = Result.fromThrowable(
  (path: string, text: string) => writeFileSync(path, text),
  (cause) => (cause instanceof Error ? cause.message : String(cause)),
);

function written(
  ctx: CliContext,
  command: "yaml" | "import",
  text: string,
  output: string | undefined,
): Result<Outcome, CliError> {
  const outcome = (written?: string): Outcome =>
    command === "yaml"
      ? { command, text, ...(written && { output: written }) }
      : { command, text, ...(written && { output: written }) };
  if (output === undefined) return ok(outcome());
  return writeText(resolve(ctx.cwd, output), text)
    .map(() => outcome(output))
    .mapErr((message): CliError => ({ kind: "WriteFailed", file: output, message }));
}
