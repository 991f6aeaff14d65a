/**
 * Codegen: Plan → Cloudify blueprint YAML, blueprint YAML → Plan, Plan → TypeScript, and an
 * offline check of the rules Cloudify's DSL parser enforces.
 */

export {
  type BlueprintDslVersion,
  type BlueprintOptions,
  defaultImports,
  toBlueprint,
} from "./blueprint/blueprint-emitter.ts";
export { type BlueprintIssue, formatBlueprintIssues } from "./blueprint/blueprint-issue.ts";
export { type FromBlueprintOptions, fromBlueprint } from "./blueprint/blueprint-reader.ts";
export {
  type CloudifyErrorCode,
  type CloudifyIssue,
  type CloudifySpec,
  checkBlueprint,
  cloudifySpec,
} from "./cloudify/cloudify-check.ts";
export { type TypeScriptOptions, toTypeScript } from "./typescript/ts-emitter.ts";
