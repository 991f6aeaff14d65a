/** Problems found in a blueprint: a PlanIssue with where it is in the YAML text. */
import type { LineCounter } from "yaml";
import type { PlanIssue, PlanIssueCode } from "../dsl/issues.ts";

/**
 * A PlanIssue located in the blueprint text (1-based line and column).
 *
 * ```ts
 * fromBlueprint(text, { file: "bp.yaml" }).mapErr((issues) =>
 *   issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`));
 * ```
 */
export type BlueprintIssue = PlanIssue & { readonly line: number; readonly column: number; readonly file?: string };

/** Builds a located issue from a source offset. */
export function blueprintIssue(
  lines: LineCounter,
  offset: number,
  path: string,
  code: PlanIssueCode,
  message: string,
  file: string | undefined,
): BlueprintIssue {
  const { line, col } = lines.linePos(offset);
  return Object.freeze({ path, code, message, line, column: col, ...(file !== undefined && { file }) });
}

/** `file:line:column path: message`, one line per issue. */
export const formatBlueprintIssues = (issues: readonly BlueprintIssue[]): string =>
  issues.map((i) => `${i.file ?? "blueprint"}:${i.line}:${i.column} ${i.path}: ${i.message}`).join("\n");
