#!/usr/bin/env node
// The `berth` executable. An installed berth ships only its build, dist/ (plain JavaScript), and
// runs it. In a clone it runs dist/ (made by `npm run build`, which the test, demo and bench
// scripts run) while that build is newer than every source file; otherwise it registers tsx's
// loader and runs the TypeScript source, so an edit is never run stale. Heavy modules
// (dockerode, ts-morph) load only in the commands that need them.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hasSource, isBuildFresh } from "../scripts/dist-layout.mjs";

// Marks for bench/breakdown.ts (where a command's time goes); nothing reads them otherwise.
performance.mark("berth:bin");
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

const runBuild = () => !hasSource(root) || (process.env.BERTH_FROM_SOURCE === undefined && isBuildFresh(root));

if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no code at all.
  process.stdout.write(`${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}\n`);
} else {
  let cli;
  if (runBuild()) {
    cli = await import(pathToFileURL(join(root, "dist", "cli.js")).href);
  } else {
    const { register } = await import("tsx/esm/api").catch(() => {
      // A clone linked into a project (`npm install /path/to/berth`) before its own `npm ci`.
      process.stderr.write(
        `berth: ${root} is a clone without its node packages: run \`npm ci && npm run build\` there\n`,
      );
      process.exit(1);
    });
    register();
    cli = await import("../cli.ts");
  }
  const code = await cli.main(args);
  // Exit once stdout has drained, so piped output is never cut short.
  process.stdout.write("", () => process.exit(code));
}
