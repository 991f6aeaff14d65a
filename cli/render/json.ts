/**
 * `--json`: NDJSON on stdout. While a command runs, each RunEvent is one line as the runtime
 * emitted it (`type` workflow | operation | progress | log; `logs` adds `type: "line"`); the last
 * line is `{ "type": "result", ... }`. The schema is `cli/json-schema.ts`, documented in docs/cli.md.
 */
import { type BerthError, type ErrorPlace, placeOf } from "../../runtime/berth-error.ts";
import type { CliError, ExitCode } from "../errors.ts";
import type { CommandName, Outcome } from "../outcome.ts";

export interface JsonError {
  readonly kind: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

export const jsonLine = (value: unknown): string => `${JSON.stringify(value, replacer)}\n`;

// Errors as causes serialise to their message; everything else as is.
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

const payloads: { [C in Outcome["command"]]: (o: Extract<Outcome, { command: C }>) => Record<string, unknown> } = {
  up: (o) => ({ deployment: o.report.deployment, report: o.report }),
  down: (o) => ({ deployment: o.report.deployment, report: o.report }),
  status: (o) => ({ deployment: o.deployment, nodes: o.nodes }),
  plan: (o) => ({ deployment: o.deployment, changes: o.changes }),
  validate: (o) => ({
    file: o.file,
    plan: { name: o.plan.name, nodes: Object.keys(o.plan.nodes), inputs: Object.keys(o.plan.inputs) },
  }),
  yaml: (o) => ({ output: o.output ?? null, ...(o.output === undefined && { text: o.text }) }),
  import: (o) => ({ output: o.output ?? null, ...(o.output === undefined && { text: o.text }) }),
  logs: () => ({}),
};

export function okResult(outcome: Outcome, exitCode = 0): Record<string, unknown> {
  const payload = payloads[outcome.command] as (o: Outcome) => Record<string, unknown>;
  return { type: "result", command: outcome.command, ok: true, exitCode, ...payload(outcome) };
}

const errorPayloads: { [K in CliError["kind"]]: (e: Extract<CliError, { kind: K }>) => JsonError } = {
  Usage: (e) => ({ kind: e.kind, message: e.message }),
  NoSuchFile: (e) => ({ kind: e.kind, message: `no such file: ${e.file}`, file: e.file }),
  PlanLoad: (e) => ({ kind: e.kind, message: e.message, file: e.file }),
  InvalidPlan: (e) => ({
    kind: e.kind,
    message: `${e.file}: the plan has ${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`,
    file: e.file,
    issues: e.issues,
  }),
  InvalidInputs: (e) => ({ kind: e.kind, message: e.message }),
  UnknownNode: (e) => ({ kind: e.kind, message: `no node named "${e.node}"`, node: e.node, known: e.known }),
  WriteFailed: (e) => ({ kind: e.kind, message: e.message, file: e.file }),
  Run: ({ error }) => {
    const { cause, ...rest } = placeOf(error) as ErrorPlace & BerthError;
    return { ...rest, ...(cause !== undefined && { cause: String(cause) }) };
  },
};

export function errResult(command: CommandName, error: CliError, exitCode: ExitCode): Record<string, unknown> {
  const payload = errorPayloads[error.kind] as (e: CliError) => JsonError;
  return { type: "result", command, ok: false, exitCode, error: payload(error) };
}
