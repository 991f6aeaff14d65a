// What dist/ holds and what it is built from; shared by scripts/build.mjs, bin/berth.js, the
// plan loader (cli/bundled-plan.ts) and the benchmark, so they agree on one table. The package
// ships this file: the command reads it at run time.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** dist module name -> source entry point (relative to the package root). */
export const entryPoints = {
  cli: "cli.ts",
  mod: "mod.ts",
  runtime: "runtime/mod.ts",
  codegen: "codegen/mod.ts",
};

/** Source files and folders whose changes make dist/ stale. */
export const sources = ["cli.ts", "mod.ts", "package.json", "dsl", "codegen", "runtime", "cli"];

/** Newest modification time under `path` (a file or a folder of sources). */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/**
 * Whether `root` holds berth's TypeScript source (a clone) rather than only its build (an
 * installed package, which ships dist/ without the source).
 */
export const hasSource = (root) => existsSync(join(root, "cli.ts"));

/**
 * Whether `root`/dist (and with `declarations`, dist/types too) was built after the last change
 * to any of its sources. An installed package has no source, so its build is always current.
 */
export function isBuildFresh(root, { declarations = false } = {}) {
  const stamps = [join(root, "dist", ".built"), ...(declarations ? [join(root, "dist", "types", ".built")] : [])];
  return stamps.every((file) => {
    const stamp = statSync(file, { throwIfNoEntry: false });
    if (stamp === undefined) return false;
    return !hasSource(root) || !sources.some((source) => newest(join(root, source)) > stamp.mtimeMs);
  });
}
