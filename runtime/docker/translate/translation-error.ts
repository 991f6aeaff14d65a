/**
 * The one error of the translation layer: an option dictionary that cannot become an Engine
 * API request. Messages keep docker-py 1.6's wording where docker-py had one, so a user who
 * knows the plugin recognises them; `path` says which option (`container_start.port_bindings.8080`).
 */
export interface TranslationError {
  readonly kind: "InvalidOption";
  /** Dotted option path, e.g. `container_config.host_config.binds./data`. */
  readonly path: string;
  readonly message: string;
}

export const invalidOption = (path: string, message: string): TranslationError =>
  Object.freeze({ kind: "InvalidOption", path, message });

/** Appends one segment to an option path: keys with `.`, list indexes as `[i]`. */
export function childPath(path: string, segment: string | number): string {
  if (typeof segment === "number") return `${path}[${segment}]`;
  const plain = /^[\w/:-]+$/.test(segment) ? segment : JSON.stringify(segment);
  return path === "" ? plain : `${path}.${plain}`;
}
