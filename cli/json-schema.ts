/**
 * The schema of `berth <command> --json` output, one JSON value per line (NDJSON): zero or more
 * event lines, then exactly one result line. Tests validate real output against it; docs/cli.md
 * documents it. Not loaded by the CLI itself.
 */
import { z } from "zod";
import { lifecycleOperations } from "../dsl/mod.ts";
import { commandNames } from "./outcome.ts";

const operation = z.enum(lifecycleOperations);

export const eventLineSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("workflow"),
    workflow: z.enum(["install", "uninstall", "rollback"]),
    phase: z.enum(["started", "succeeded", "failed"]),
    deployment: z.string(),
    at: z.number(),
  }),
  z.object({
    type: z.literal("operation"),
    node: z.string(),
    operation,
    phase: z.enum(["started", "succeeded", "failed", "skipped"]),
    at: z.number(),
    durationMs: z.number().optional(),
    detail: z.string().optional(),
  }),
  z.object({ type: z.literal("progress"), node: z.string(), operation, message: z.string(), at: z.number() }),
  z.object({
    type: z.literal("probe"),
    node: z.string(),
    probe: z.string(),
    phase: z.enum(["started", "attempt", "ready", "failed"]),
    attempt: z.number().int().min(0),
    elapsedMs: z.number(),
    result: z.string().optional(),
    at: z.number(),
  }),
  z.object({
    type: z.literal("log"),
    level: z.enum(["debug", "info", "warn", "error"]),
    node: z.string().optional(),
    message: z.string(),
    at: z.number(),
  }),
  // `berth logs --json`: one line of a container's output.
  z.object({ type: z.literal("line"), node: z.string(), line: z.string() }),
]);

const report = z.object({
  deployment: z.string(),
  nodes: z.record(
    z.string(),
    z.object({
      action: z.enum(["created", "recreated", "unchanged", "removed", "absent"]),
      runtimeProperties: z.record(z.string(), z.unknown()),
      steps: z.array(z.object({ operation, durationMs: z.number() })),
      waitedMs: z.number().optional(),
    }),
  ),
  outputs: z.record(z.string(), z.unknown()),
  durationMs: z.number(),
});

const nodeStatus = z.object({
  node: z.string(),
  state: z.enum(["running", "exited", "created", "absent", "not-a-container"]),
  container: z.string().optional(),
  image: z.string().optional(),
  ports: z.array(z.string()),
  ips: z.array(z.string()),
  since: z.string().optional(),
  daemon: z.string().optional(),
  readiness: z
    .object({
      state: z.enum(["ready", "not-ready", "unknown"]),
      probes: z.array(z.string()).optional(),
      detail: z.string().optional(),
    })
    .optional(),
});

const nodeChange = z.object({
  node: z.string(),
  action: z.enum(["create", "recreate", "unchanged", "skip"]),
  reason: z.string(),
});

const ok = { type: z.literal("result"), ok: z.literal(true), exitCode: z.literal(0) };
/** `berth plan --exit-code` exits 3 when up would change something. */
const planOk = { ...ok, exitCode: z.union([z.literal(0), z.literal(3)]) };

export const okResultSchema = z.discriminatedUnion("command", [
  z.object({ ...ok, command: z.enum(["up", "down"]), deployment: z.string(), report }),
  z.object({ ...ok, command: z.literal("status"), deployment: z.string(), nodes: z.array(nodeStatus) }),
  z.object({ ...planOk, command: z.literal("plan"), deployment: z.string(), changes: z.array(nodeChange) }),
  z.object({
    ...ok,
    command: z.literal("validate"),
    file: z.string(),
    plan: z.object({ name: z.string(), nodes: z.array(z.string()), inputs: z.array(z.string()) }),
  }),
  z.object({ ...ok, command: z.enum(["yaml", "import"]), output: z.string().nullable(), text: z.string().optional() }),
  z.object({ ...ok, command: z.literal("logs") }),
]);

const locatedIssue = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const errResultSchema = z.object({
  type: z.literal("result"),
  command: z.enum(commandNames),
  ok: z.literal(false),
  exitCode: z.union([z.literal(1), z.literal(2), z.literal(75), z.literal(130)]),
  error: z.looseObject({
    /** A BerthErrorKind, or the CLI's own: Usage, NoSuchFile, PlanLoad, InvalidPlan, InvalidInputs, UnknownNode, WriteFailed. */
    kind: z.string(),
    message: z.string(),
    node: z.string().optional(),
    operation: operation.optional(),
    file: z.string().optional(),
    issues: z.array(locatedIssue).optional(),
    logTail: z.string().optional(),
    known: z.array(z.string()).optional(),
  }),
});

export const resultLineSchema = z.union([okResultSchema, errResultSchema]);

/** Parses a whole `--json` output: events, then one result as the last line. */
export function parseJsonOutput(text: string) {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const last = lines.at(-1);
  if (last === undefined) throw new Error("no JSON output");
  const events = lines.slice(0, -1).map((l) => eventLineSchema.parse(JSON.parse(l)));
  return { events, result: resultLineSchema.parse(JSON.parse(last)) };
}
