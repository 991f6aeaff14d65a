/**
 * Where each plan path came from in the YAML text, kept while a blueprint is converted, so
 * issues found later (by `validate`) point at a line and column. The paths are joined into
 * their text form only when an issue asks: a valid blueprint (the common case) never needs them,
 * and joining every path of a 1,000-node blueprint took a tenth of reading it.
 */
import { joinPath } from "../../dsl/issues.ts";
import type { YamlNode } from "./yaml-tree.ts";

interface Where {
  readonly key?: number;
  readonly value: number;
  /** The value is one line of text (a scalar or a flow collection): point at it, not its key. */
  readonly inline: boolean;
}

type Path = string | readonly (string | number)[];

export class SourceMap {
  /** What was recorded, in order; a later record of the same path wins. */
  readonly #recorded: [Path, YamlNode | undefined, YamlNode | undefined][] = [];
  #joined: Map<string, Where> | undefined;

  /** `path` as a plan path's text (`nodes.db`) or its segments (kept as given, not copied). */
  record(path: Path, key: YamlNode | undefined, value: YamlNode | undefined): void {
    this.#recorded.push([path, key, value]);
    this.#joined = undefined;
  }

  get #where(): Map<string, Where> {
    if (this.#joined === undefined) {
      this.#joined = new Map();
      for (const [path, key, value] of this.#recorded) {
        const keyStart = key?.start;
        const valueStart = value?.start ?? keyStart ?? 0;
        const inline = value === undefined || value.kind === "scalar" || value.flow;
        this.#joined.set(typeof path === "string" ? path : joinPath(path), {
          ...(keyStart !== undefined && { key: keyStart }),
          value: valueStart,
          inline,
        });
      }
    }
    return this.#joined;
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
