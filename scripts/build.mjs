#!/usr/bin/env node
// Builds dist/: berth's TypeScript compiled once to JavaScript (esbuild, code-split, packages
// left external), so the `berth` command and a user's `import "berth"` need no TypeScript loader.
// With --declarations (`npm run build`, and npm pack's prepack step) it also writes dist/types/:
// the declaration files (tsc), their relative imports pointed at `.js` as a published package's
// are. Without it, the declarations made last time are kept. In a clone, bin/berth.js uses
// dist/ only while it is newer than every source file, and falls back to tsx otherwise.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { entryPoints, isBuildFresh } from "./dist-layout.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * zod's `locales` namespace (every translation of its messages) as an empty module: berth uses
 * the English messages zod's schemas register themselves (zod/v4/classic/schemas.js imports
 * locales/en.js directly), and never `z.locales`.
 */
const withoutZodLocales = {
  name: "without-zod-locales",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: args.path, namespace: "zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};
const withDeclarations = process.argv.includes("--declarations");
// --if-stale (npm pack's prepack step): nothing to do while the build is newer than its sources.
if (process.argv.includes("--if-stale") && isBuildFresh(root, { declarations: withDeclarations })) process.exit(0);
const staging = mkdtempSync(join(root, ".dist-"));
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Every package stays external but zod, whose ~90 modules (64 of them its translations of
    // error messages, which berth never loads) took a third of the command's module loading.
    external: Object.keys(packageJson.dependencies).filter((name) => name !== "zod"),
    plugins: [withoutZodLocales],
    outdir: staging,
    logLevel: "warning",
  });
  const types = join(staging, "types");
  if (withDeclarations) {
    declarations(types);
    writeFileSync(join(types, ".built"), `${new Date().toISOString()}\n`);
  }
  writeFileSync(join(staging, ".built"), `${new Date().toISOString()}\n`);
  // A JavaScript-only rebuild keeps the declarations made last time (their own .built says when).
  if (!withDeclarations && existsSync(join(root, "dist", "types"))) renameSync(join(root, "dist", "types"), types);
  rmSync(join(root, "dist"), { recursive: true, force: true });
  renameSync(staging, join(root, "dist"));
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}

/** tsc's declarations of the public modules, with `.ts` import specifiers turned into `.js`. */
function declarations(outDir) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outDir], {
    stdio: "inherit",
  });
  for (const file of walk(outDir)) {
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(/((?:from|import)\s*\(?\s*)(["'])(\.\.?\/[^"']+)\.ts\2/g, "$1$2$3.js$2");
    const left = /(["'])\.\.?\/[^"']+\.ts\1/.exec(rewritten);
    if (left !== null) throw new Error(`${file}: a .ts import specifier is left after rewriting: ${left[0]}`);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith(".d.ts")) yield path;
  }
}
