/** A plain text table: a header row and left-aligned columns, widths from the content. */
import { visibleLength } from "./style.ts";

export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  bold = (s: string) => s,
): string {
  const widths = header.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - visibleLength(c))))
      .join("  ")
      .trimEnd();
  return [bold(line(header)), ...rows.map(line)].join("\n");
}
