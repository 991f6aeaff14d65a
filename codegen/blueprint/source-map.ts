/**
 * Where each plan path came from in the YAML text, kept while a blueprint is converted, so
 * issues found later (by `validate`) point at a line and column.
 */
import type { YamlNode } from "./yaml-tree.ts";

interface Where {
  readonly key?: number;
  readonly value: number;
  /** The value is one line of text (a scalar or a flow collection): point at it, not its key. */
  readonly inline: boolean;
}

export class SourceMap {
  readonly #where = new Map<string, Where>();

  record(path: string, key: YamlNode | undefined, value: YamlNode | undefined): void {
    const keyStart = key?.start;
    const valueStart = value?.start ?? keyStart ?? 0;
    const inline = value === undefined || value.kind === "scalar" || value.flow;
    this.#where.set(path, { ...(keyStart !== undefined && { key: keyStart }), value: valueStart, inline });
  }

  /**
   * The offset for an issue at `path`. `atKey` points at the key (unknown keys); an issue
   * under a path that was never seen (a missing key) points at its closest recorded parent's key.
   */
  offsetOf(path: string, atKey: boolean): number {
    const exact = this.#where.get(path);
    if (exact !== undefined) return atKey || !exact.inline ? (exact.key ?? exact.value) : exact.value;
    let best: { length: number; where: Where } | undefined;
    for (const [recorded, where] of this.#where) {
      const isPrefix = path.startsWith(recorded) && (path[recorded.length] === "." || path[recorded.length] === "[");
      if (isPrefix && recorded.length > (best?.length ?? -1)) best = { length: recorded.length, where };
    }
    return best === undefined ? 0 : (best.where.key ?? best.where.value);
  }
}
