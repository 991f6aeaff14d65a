/**
 * Type tests: the Plan's TypeScript types are the zod schemas' types (one source), and
 * fromBlueprint hands back a validated plan. tsc (run by `npm test`) fails when they drift.
 */
import type { Result } from "neverthrow";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { BlueprintIssue, fromBlueprint } from "../../codegen/mod.ts";
import type { nodeSchema, planSchema } from "../../dsl/plan-schema.ts";
import type { Plan, PlanNode, ValidPlan, Value } from "../../mod.ts";

/** Removes `readonly` all the way down, so a frozen type and a schema's output compare. */
type Writable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Writable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;

// Node properties hold intrinsics too: the schema reads them as JSON (`unknown`), the DSL types them as Value.
type WithoutValues<T> = Omit<T, "properties">;

describe("the Plan's types come from its schemas", () => {
  it("PlanNode is the node schema's output", () => {
    expectTypeOf<Writable<WithoutValues<PlanNode>>>().toEqualTypeOf<
      Writable<WithoutValues<z.output<typeof nodeSchema>>>
    >();
    expectTypeOf<PlanNode["properties"]>().toEqualTypeOf<Readonly<Record<string, Value>>>();
  });

  it("Plan has the plan schema's keys", () => {
    expectTypeOf<keyof Plan>().toEqualTypeOf<keyof z.output<typeof planSchema>>();
  });

  it("fromBlueprint returns a validated plan", () => {
    expectTypeOf<ReturnType<typeof fromBlueprint>>().toEqualTypeOf<Result<ValidPlan, BlueprintIssue[]>>();
  });
});
