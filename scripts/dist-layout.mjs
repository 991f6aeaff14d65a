// What dist/ holds and what it is built from; shared by scripts/build.mjs, bin/berth.js and the
// plan loader (cli/bundled-plan.ts), so the three agree on one table.

/** dist module name -> source entry point (relative to the package root). */
export const entryPoints = {
  cli: "cli.ts",
  mod: "mod.ts",
  runtime: "runtime/mod.ts",
  codegen: "codegen/mod.ts",
};

/** Source files and folders whose changes make dist/ stale. */
export const sources = ["cli.ts", "mod.ts", "package.json", "dsl", "codegen", "runtime", "cli"];
