/** The first steps of every engine command: load and validate the plan, read `-i` inputs. */
import { dirname } from "node:path";
import { okAsync, ResultAsync } from "neverthrow";
import { defaultDeploymentId } from "../runtime/identity.ts";
import type { RunOptions } from "../runtime/types.ts";
import type { CliContext } from "./context.ts";
import type { CliError } from "./errors.ts";
import type { Inputs } from "./inputs.ts";
import { type LoadedPlan, loadPlan } from "./load-plan.ts";
import type { CommonFlags } from "./outcome.ts";

/** RunOptions from the flags, the deployment id always settled (`-d`, else the default). */
export type PreparedOptions = RunOptions & { readonly deployment: string };

export interface Prepared extends LoadedPlan {
  /** RunOptions from the flags; each command adds onEvent and signal. */
  readonly options: PreparedOptions;
}

export function prepare(ctx: CliContext, file: string, flags: CommonFlags): ResultAsync<Prepared, CliError> {
  return loadPlan(ctx, file).andThen((loaded) =>
    inputArgs(flags.input ?? [], ctx.cwd, Object.keys(loaded.plan.inputs)).map((inputs) => ({
      ...loaded,
      options: runOptionsOf(flags, inputs, loaded),
    })),
  );
}

/** `-i` arguments; their reader (and the `yaml` package it uses, ~40 ms to load) only when there are some. */
const inputArgs = (args: readonly string[], cwd: string, declared: readonly string[]): ResultAsync<Inputs, CliError> =>
  args.length === 0
    ? okAsync({})
    : ResultAsync.fromSafePromise<typeof import("./inputs.ts"), CliError>(import("./inputs.ts")).andThen((m) =>
        m.parseInputArgs(args, cwd).andThen((inputs) => m.checkInputNames(inputs, declared)),
      );

/**
 * The run's options from the flags. The plan's identity is its file's real path; the deployment
 * id is `-d`, else the plan's name and a hash of that path (see defaultDeploymentId).
 */
export const runOptionsOf = (
  flags: CommonFlags,
  inputs: RunOptions["inputs"],
  loaded: Pick<LoadedPlan, "plan" | "realPath">,
): PreparedOptions => ({
  deployment: flags.deployment ?? defaultDeploymentId(loaded.plan.name, loaded.realPath),
  planId: loaded.realPath,
  // Relative image_import.src / image_build.path are the plan file's, wherever berth runs from.
  baseDir: dirname(loaded.realPath),
  ...(flags.adopt === true && { adopt: true }),
  ...(flags.waitLock !== undefined && { waitForLockMs: flags.waitLock * 1000 }),
  ...(inputs !== undefined && Object.keys(inputs).length > 0 && { inputs }),
  ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
  ...(flags.keepOnFailure === true && { keepOnFailure: true }),
  ...(flags.stateDir !== undefined && { stateDir: flags.stateDir }),
  ...(flags.host !== undefined && { host: flags.host }),
});
