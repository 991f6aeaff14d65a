/**
 * Golden files: each example plan's YAML, and each fixture blueprint's TypeScript, as exact
 * text. `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/codegen` rewrites them.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBlueprint, toBlueprint, toTypeScript } from "../../../codegen/mod.ts";
import { expectGolden, fixtureBlueprints, goldenDir, goldenPlans } from "./helpers.ts";

describe("plan → YAML golden files", async () => {
  for (const [name, plan] of await goldenPlans()) {
    it(name, () => {
      expectGolden(toBlueprint(plan), join(goldenDir, `${name}.yaml`));
    });
  }
});

describe("blueprint → TypeScript golden files", () => {
  for (const [name, text] of fixtureBlueprints()) {
    it(name, () => {
      const plan = fromBlueprint(text, { file: `${name}.yaml` })._unsafeUnwrap();
      expectGolden(toTypeScript(plan), join(goldenDir, `${name}.ts.golden`));
    });
  }
});

describe("determinism", () => {
  it("emits the same text twice", async () => {
    for (const [, plan] of await goldenPlans()) {
      expect(toBlueprint(plan)).toBe(toBlueprint(plan));
      expect(toTypeScript(plan)).toBe(toTypeScript(plan));
    }
  });
});
