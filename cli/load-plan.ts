/**
 * Loads a plan from a file: `.ts`/`.mts`/`.js`/`.mjs` by importing it (the default export must
 * be a Plan) and validating it, `.yaml`/`.yml` as a Cloudify blueprint (fromBlueprint validates). Problems name the
 * file, and line:column where the source tells.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { extname, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { errAsync, okAsync, type Result, ResultAsync } from "neverthrow";
import { type Plan, type PlanIssue, type ValidPlan, validate } from "../dsl/mod.ts";
import type { CliContext } from "./context.ts";
import { loadBlueprintReader } from "./engine.ts";
import type { CliError, LocatedIssue } from "./errors.ts";
import { planFileProblem } from "./plan-file.ts";
import { locatePath } from "./source-location.ts";

export interface LoadedPlan {
  readonly plan: ValidPlan;
  /** The file as the person named it (relative to the working directory). */
  readonly file: string;
  /** The file's real path (symlinks resolved): the plan's identity, and the seed of its default deployment id. */
  readonly realPath: string;
}

const moduleExtensions = [".ts", ".mts", ".js", ".mjs"];
const yamlExtensions = [".yaml", ".yml"];

/** Loads and validates the plan named on the command line, or the self-running plan. */
export function loadPlan(ctx: CliContext, file: string): ResultAsync<LoadedPlan, CliError> {
  const absolute = resolve(ctx.cwd, file);
  const shown = displayName(ctx, absolute);
  const self = ctx.self;
  if (self !== undefined && resolve(self.file) === absolute) {
    return okAsync(self.plan).andThen((p) => checked(p, shown, absolute));
  }
  const problem = planFileProblem(absolute, shown);
  if (problem !== undefined) return errAsync(problem);
  const ext = extname(absolute).toLowerCase();
  if (moduleExtensions.includes(ext)) return importPlan(absolute, shown).andThen((p) => checked(p, shown, absolute));
  if (yamlExtensions.includes(ext))
    return parseBlueprint(absolute, shown).map((plan) => ({ plan, file: shown, realPath: realPathOf(absolute) }));
  return errAsync({
    kind: "PlanLoad",
    file: shown,
    message: `cannot load a plan from a ${ext || "extension-less"} file: use a .ts/.mts/.js plan module or a .yaml/.yml blueprint`,
  });
}

const displayName = (ctx: CliContext, absolute: string): string => {
  const rel = relative(ctx.cwd, absolute);
  return rel === "" ? "." : rel.startsWith("..") ? absolute : rel;
};

const isPlanLike = (value: unknown): value is Plan =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Plan).name === "string" &&
  typeof (value as Plan).nodes === "object";

// A .ts file outside a `"type": "module"` package is CommonJS to Node; tsx then compiles its
// imports to require(), which Node refuses for a module already loading as ESM. tsImport loads it
// on its own, and the CommonJS wrapper puts the default export one level down.
const requireCycle = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { code?: unknown }).code === "ERR_REQUIRE_CYCLE_MODULE";

// Without a TypeScript loader (the command runs from dist/), Node refuses the .ts file itself or
// the berth source it imports; esbuild then bundles the plan against the running build.
const noTypeScriptLoader = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { code?: unknown }).code === "ERR_UNKNOWN_FILE_EXTENSION";

/**
 * Whether importing a TypeScript file here is bound to fail: berth runs as JavaScript (its
 * build, not its source under a loader), under Node without type stripping (not Deno or Bun,
 * which run TypeScript), and no loader was given on the command line or in NODE_OPTIONS. The
 * plan is then bundled at once, without first paying for the import that fails (~10 ms).
 */
function typeScriptCannotLoad(absolute: string): boolean {
  const runtime = globalThis as { Deno?: unknown; Bun?: unknown };
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  return (
    /\.[mc]?ts$/i.test(absolute) &&
    !import.meta.url.endsWith(".ts") &&
    runtime.Deno === undefined &&
    runtime.Bun === undefined &&
    !(process.features as { typescript?: unknown }).typescript &&
    !/(^|\s)(--import|--loader|--experimental-loader|--require|-r)(\s|=|$)/.test(flags)
  );
}

async function importModule(absolute: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolute).href;
  if (typeScriptCannotLoad(absolute)) return (await import("./bundled-plan.ts")).importBundled(absolute);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    if (noTypeScriptLoader(cause)) return (await import("./bundled-plan.ts")).importBundled(absolute);
    if (!requireCycle(cause)) throw cause;
    const { tsImport } = await import("tsx/esm/api");
    const module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    const inner = module.default as Record<string, unknown> | undefined;
    return inner !== undefined && "default" in inner ? inner : module;
  }
}

function importPlan(absolute: string, shown: string): ResultAsync<Plan, CliError> {
  return ResultAsync.fromPromise(
    importModule(absolute),
    (cause): CliError => ({
      kind: "PlanLoad",
      file: shown,
      message: `importing the plan module failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    }),
  ).andThen((module) => {
    performance.mark("berth:plan-imported");
    const candidate = module.default;
    if (isPlanLike(candidate)) return okAsync(candidate);
    const got = candidate === undefined ? "it has no default export" : `its default export is ${describe(candidate)}`;
    return errAsync<Plan, CliError>({
      kind: "PlanLoad",
      file: shown,
      message: `${got}; a plan module must \`export default plan("name", [...nodes])\``,
    });
  });
}

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "an array"
      : typeof value === "object"
        ? "an object that is not a Plan"
        : `a ${typeof value}`;

/** A blueprint comes back from fromBlueprint validated, its issues located in the YAML. */
function parseBlueprint(absolute: string, shown: string): ResultAsync<ValidPlan, CliError> {
  return loadBlueprintReader().andThen(({ fromBlueprint }) =>
    fromBlueprint(readFileSync(absolute, "utf8"), { file: shown }).mapErr(
      (issues): CliError => ({ kind: "InvalidPlan", file: shown, issues: issues.map((i) => ({ ...i, file: shown })) }),
    ),
  );
}

/** The path with symlinks resolved, so a plan reached through a link is the same plan. */
const realPathOf = (absolute: string): string => {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
};

function checked(candidate: Plan, shown: string, absolute: string): Result<LoadedPlan, CliError> {
  return validate(candidate)
    .map((plan) => {
      performance.mark("berth:plan-validated");
      return { plan, file: shown, realPath: realPathOf(absolute) };
    })
    .mapErr((issues): CliError => ({ kind: "InvalidPlan", file: shown, issues: locate(issues, shown, absolute) }));
}

function locate(issues: readonly PlanIssue[], shown: string, absolute: string): LocatedIssue[] {
  const language = yamlExtensions.includes(extname(absolute).toLowerCase()) ? "yaml" : "ts";
  const text = existsSync(absolute) ? readFileSync(absolute, "utf8") : undefined;
  return issues.map((i) => ({ ...i, file: shown, ...(text !== undefined && locatePath(text, i.path, language)) }));
}
