/** A problem found in a plan: where it is, what is wrong, in words a person can act on. */
export interface PlanIssue {
  /** Dotted path into the plan, e.g. `nodes.db_server.configure.container_config.command`. */
  readonly path: string;
  readonly code: PlanIssueCode;
  readonly message: string;
}

export type PlanIssueCode =
  | "invalid_name"
  | "duplicate_node"
  | "unknown_node"
  | "cycle"
  | "missing_command"
  | "image_source"
  | "unknown_key"
  | "invalid_value"
  | "missing_value"
  | "undeclared_input"
  | "conflicting_input"
  | "multiple_hosts"
  // Found when reading a blueprint (codegen/): YAML syntax, a Cloudify feature berth cannot
  // run, a node or relationship type Cloudify 3.1 does not define.
  | "syntax"
  | "unsupported"
  | "unknown_type";

export const issue = (path: string, code: PlanIssueCode, message: string): PlanIssue =>
  Object.freeze({ path, code, message });

/** Joins path segments, quoting segments that are not plain identifiers. */
export function joinPath(segments: readonly (string | number)[]): string {
  return segments
    .map((s, i) => {
      if (typeof s === "number") return `[${s}]`;
      const plain = /^\w[\w-]*$/.test(s) ? s : JSON.stringify(s);
      return i === 0 ? plain : `.${plain}`;
    })
    .join("");
}

/** One line per issue, for people: `path: message`. */
export const formatIssues = (issues: readonly PlanIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join("\n");
