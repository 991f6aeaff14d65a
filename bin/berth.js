#!/usr/bin/env node
// The `berth` executable: registers tsx's ESM loader so berth's own .ts source and .ts plan
// files load, then runs the CLI. Heavy modules (dockerode, ts-morph) load only in the commands
// that need them.
import { readFileSync } from "node:fs";
import process from "node:process";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no TypeScript: skip the loader, which is most of start-up.
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../cli.ts");
  const { exitAfterFlush } = await import("../cli/self-run.ts");
  exitAfterFlush(await main(args));
}
