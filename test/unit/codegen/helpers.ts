/** Shared by the codegen tests: fixture paths, golden files, the Cloudify spec, evaluating generated TS. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ts } from "ts-morph";
import { expect } from "vitest";
import { cloudifySpec } from "../../../codegen/mod.ts";
import * as berth from "../../../mod.ts";

export const repo = resolve(import.meta.dirname, "../../..");
export const goldenDir = join(repo, "test/fixtures/golden");
export const blueprintDir = join(repo, "test/fixtures/blueprints");
export const invalidDir = join(blueprintDir, "invalid");
export const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The example plans: test/fixtures/golden/*.ts, by name. */
export async function goldenPlans(): Promise<[string, berth.Plan][]> {
  const files = readdirSync(goldenDir).filter((f) => f.endsWith(".ts"));
  return Promise.all(
    files.sort().map(async (f): Promise<[string, berth.Plan]> => {
      const module = (await import(join(goldenDir, f))) as { default: berth.Plan };
      return [basename(f, ".ts"), module.default];
    }),
  );
}

/** The fixture blueprints that must be accepted, by name. */
export const fixtureBlueprints = (): [string, string][] =>
  readdirSync(blueprintDir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => [basename(f, ".yaml"), readFileSync(join(blueprintDir, f), "utf8")]);

/** Compares with a golden file, or rewrites it under UPDATE_GOLDEN=1. A missing one fails. */
export function expectGolden(actual: string, file: string): void {
  if (UPDATE) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing; UPDATE_GOLDEN=1 writes it (then read it)`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** The real 3.1 types.yaml and plugin 1.1 plugin.yaml, beside the repository (../shared). */
export const spec = cloudifySpec(
  readFileSync(join(repo, "test/fixtures/cloudify-spec/cloudify/3.1/types.yaml"), "utf8"),
  readFileSync(join(repo, "test/fixtures/cloudify-spec/docker-plugin/1.1/plugin.yaml"), "utf8"),
);

/**
 * Runs generated plan.ts source in memory: transpiled by TypeScript, its `import ... from
 * "berth"` served by this repository's mod.ts. Returns the default export.
 */
export function evaluatePlanSource(source: string): unknown {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string) => {
    if (id !== "berth") throw new Error(`generated code imports ${id}`);
    return berth;
  };
  new Function("require", "module", "exports", js)(require, module, module.exports);
  return module.exports.default;
}
