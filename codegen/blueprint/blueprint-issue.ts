/** Problems found in a blueprint: a PlanIssue with where it is in the YAML text. */
import type { PlanIssue, PlanIssueCode } from "../../dsl/issues.ts";

/**
 * A PlanIssue located in the blueprint text (1-based line and column).
 *
 * ```ts
 * fromBlueprint(text, { file: "bp.yaml" }).mapErr((issues) =>
 *   issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`));
 * ```
 */
export type BlueprintIssue = PlanIssue & { readonly line: number; readonly column: number; readonly file?: string };

/** Source offsets → 1-based line and column; the line starts are found on first use only. */
export class LineIndex {
  #starts: number[] | undefined;

  constructor(readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    this.#starts ??= lineStarts(this.text);
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) starts.push(nl + 1);
  return starts;
}

/** Builds a located issue from a source offset. */
export function blueprintIssue(
  lines: LineIndex,
  offset: number,
  path: string,
  code: PlanIssueCode,
  message: string,
  file: string | undefined,
): BlueprintIssue {
  const { line, column } = lines.position(offset);
  return Object.freeze({ path, code, message, line, column, ...(file !== undefined && { file }) });
}

/** `file:line:column path: message`, one line per issue. */
export const formatBlueprintIssues = (issues: readonly BlueprintIssue[]): string =>
  issues.map((i) => `${i.file ?? "blueprint"}:${i.line}:${i.column} ${i.path}: ${i.message}`).join("\n");
