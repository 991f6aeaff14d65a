/**
 * Self-running plan files: `export default runIfMain(import.meta, plan("demo", [db]))` makes
 * `tsx plan.ts [command] [options]` (and `deno run -A plan.ts ...`) behave like
 * `berth <command> plan.ts`, `up` being the default. Imported from another module it only
 * returns the plan. Kept free of heavy imports: the CLI loads only when the file is the entry.
 */
import { realpathSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { Plan } from "../dsl/mod.ts";

/** The part of `import.meta` this needs; Deno (and Node ≥ 24.2) set `main`. */
export interface ModuleMeta {
  readonly url: string;
  readonly main?: boolean;
}

const realpath = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/** True when the module of `meta` is the program's entry point. */
export function isMain(meta: ModuleMeta, argv1: string | undefined = process.argv[1]): boolean {
  if (typeof meta.main === "boolean") return meta.main;
  if (argv1 === undefined || !meta.url.startsWith("file:")) return false;
  const self = realpath(fileURLToPath(meta.url));
  return self !== undefined && self === realpath(argv1);
}

// Arguments that stand on their own, with no plan file to insert.
const standalone = new Set(["-h", "--help", "-V", "--version", "help", "import"]);

/**
 * The berth arguments for a self-running plan: the command first (default `up`), then the plan
 * file, then the rest. `plan.ts logs db -f` -> `logs plan.ts db -f`.
 */
export function selfArgs(args: readonly string[], file: string): string[] {
  const [first, ...rest] = args;
  if (first === undefined) return ["up", file];
  if (standalone.has(first)) return [...args];
  if (first.startsWith("-")) return ["up", file, ...args];
  return [first, file, ...rest];
}

/**
 * Runs the berth CLI on this plan when the calling module is the entry point; returns the plan
 * either way, so it can be the module's default export.
 *
 * ```ts
 * export default runIfMain(import.meta, plan("demo", [db]));
 * // tsx demo.ts            -> berth up demo.ts
 * // tsx demo.ts down -q    -> berth down demo.ts -q
 * ```
 */
export function runIfMain<P extends Plan>(meta: ModuleMeta, plan: P): P {
  if (!isMain(meta)) return plan;
  const file = fileURLToPath(meta.url);
  // After this module has finished evaluating, so the plan module is complete when it runs.
  queueMicrotask(() => {
    import("../cli.ts")
      .then(({ main }) => main(selfArgs(process.argv.slice(2), file), { file, plan }))
      .then(
        (code) => exitAfterFlush(code),
        (error: unknown) => {
          process.stderr.write(`berth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
          exitAfterFlush(1);
        },
      );
  });
  return plan;
}

/** Exits once stdout has drained, so piped output is never cut short. */
export function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.exit(code));
}
