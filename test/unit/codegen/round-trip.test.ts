/**
 * Round trips over the examples and fixtures: plan → YAML → plan is the identity; blueprint →
 * TS → plan → YAML equals the blueprint normalised (read, then written); the generated TS
 * compiles under the project's tsconfig and, imported as a module, evaluates to the same plan.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Project } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { fromBlueprint, toBlueprint, toTypeScript } from "../../../codegen/mod.ts";
import type { Plan } from "../../../mod.ts";
import { evaluatePlanSource, fixtureBlueprints, goldenPlans, repo } from "./helpers.ts";

const versions = ["cloudify_dsl_1_0", "cloudify_dsl_1_3", "cloudify_dsl_1_4"] as const;
const tmp = join(repo, "test/unit/codegen/.tmp");

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("plan → YAML → plan", async () => {
  for (const [name, plan] of await goldenPlans()) {
    for (const dslVersion of versions) {
      it(`${name} (${dslVersion})`, () => {
        const back = fromBlueprint(toBlueprint(plan, { dslVersion }));
        expect(back._unsafeUnwrap()).toEqual(plan);
      });
    }
  }
});

describe("blueprint → TS → plan → YAML", () => {
  for (const [name, text] of fixtureBlueprints()) {
    it(name, () => {
      const plan = fromBlueprint(text, { file: `${name}.yaml` })._unsafeUnwrap();
      const rebuilt = evaluatePlanSource(toTypeScript(plan)) as Plan;
      expect(rebuilt).toEqual(plan);
      expect(toBlueprint(rebuilt)).toBe(toBlueprint(plan));
    });
  }
});

describe("generated TypeScript as a module", async () => {
  const plans: [string, Plan][] = [
    ...(await goldenPlans()),
    ...fixtureBlueprints().map(([name, text]): [string, Plan] => [
      name,
      fromBlueprint(text, { file: name })._unsafeUnwrap(),
    ]),
  ];
  mkdirSync(tmp, { recursive: true });
  const files = plans.map(([name, plan]) => {
    const file = join(tmp, `${name}.ts`);
    writeFileSync(file, toTypeScript(plan, { importFrom: "../../../../mod.ts" }));
    return [file, plan] as const;
  });

  it("evaluates to the same plan", async () => {
    for (const [file, plan] of files) {
      const module = (await import(file)) as { default: Plan };
      expect(module.default).toEqual(plan);
    }
  });

  it("compiles under the project's tsconfig", () => {
    const project = new Project({ tsConfigFilePath: join(repo, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
    const sources = files.map(([file]) => project.addSourceFileAtPath(file));
    project.resolveSourceFileDependencies();
    const diagnostics = sources.flatMap((s) => s.getPreEmitDiagnostics());
    expect(project.formatDiagnosticsWithColorAndContext(diagnostics)).toBe("");
  }, 60_000);
});
