#!/usr/bin/env node
// Builds dist/: berth's TypeScript compiled once to JavaScript (esbuild, code-split, packages
// left external), so the `berth` command starts without a TypeScript loader. bin/berth.js uses
// dist/ only while it is newer than every source file, and falls back to tsx otherwise.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { entryPoints } from "./dist-layout.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
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
    packages: "external",
    outdir: staging,
    logLevel: "warning",
  });
  writeFileSync(join(staging, ".built"), `${new Date().toISOString()}\n`);
  rmSync(join(root, "dist"), { recursive: true, force: true });
  renameSync(staging, join(root, "dist"));
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
