#!/usr/bin/env node
// The `berth` executable. It runs the build in dist/ (plain JavaScript, made by
// `npm run build`, which npm ci and the test and demo scripts run) while that build is newer
// than every source file; otherwise it registers tsx's loader and runs the TypeScript source,
// so an edit is never run stale. Heavy modules (dockerode, ts-morph) load only in the
// commands that need them.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isBuildFresh } from "../scripts/dist-layout.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

const freshBuild = () => (isBuildFresh(root) ? join(root, "dist", "cli.js") : undefined);

if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no code at all.
  process.stdout.write(`${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}\n`);
} else {
  const built = process.env.BERTH_FROM_SOURCE === undefined ? freshBuild() : undefined;
  let cli;
  if (built !== undefined && existsSync(built)) {
    cli = await import(pathToFileURL(built).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    cli = await import("../cli.ts");
  }
  const code = await cli.main(args);
  // Exit once stdout has drained, so piped output is never cut short.
  process.stdout.write("", () => process.exit(code));
}
