/**
 * What a started node waits for before it counts as done, as the runtime runs it: the plugin's
 * `processes_to_wait_for` and berth's `readiness` become probes of one kind each, with a timeout
 * and an interval. A probe is tried from the host berth runs on (runtime/probes/attempt.ts).
 */
import type { ProcessesToWaitFor, Readiness } from "../../dsl/mod.ts";
import type { Resolved } from "../docker/translate/mod.ts";

/** Text a probe looks for: found anywhere (a string) or matched (a regular expression). */
export type TextMatch = string | { readonly regex: string; readonly flags?: string };

export type Probe =
  | { readonly kind: "tcp"; readonly port: number }
  | {
      readonly kind: "http";
      readonly port: number;
      readonly path: string;
      readonly status: number;
      readonly body?: TextMatch;
    }
  | { readonly kind: "log"; readonly match: TextMatch }
  | { readonly kind: "healthy" }
  | { readonly kind: "exit_code"; readonly code: number }
  /** The plugin's processes_to_wait_for: every name is part of some process's command. */
  | { readonly kind: "processes"; readonly names: readonly string[] };

export type ProbeKind = Probe["kind"];

/** One wait: a probe, how long to try it in all, and how long between attempts. */
export interface ProbeSpec {
  readonly probe: Probe;
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/** berth's readiness defaults (the issue's YAML form): 60 s in all, an attempt every second. */
export const READINESS_TIMEOUT_SECS = 60;
export const READINESS_INTERVAL_SECS = 1;
/** The plugin's defaults: no waiting beyond one look, and a 5 s interval (its docstring says 1). */
export const PROCESSES_WAIT_SECS = 0;
export const PROCESSES_INTERVAL_SECS = 5;

export interface StartWaits {
  readonly processesToWaitFor?: Resolved<ProcessesToWaitFor>;
  readonly readiness?: Resolved<Readiness>;
}

/** The waits of a start, in the order they run: the plugin's processes first, then readiness. */
export function probeSpecs(waits: StartWaits): ProbeSpec[] {
  const specs: ProbeSpec[] = [];
  const processes = waits.processesToWaitFor;
  if (processes !== undefined) {
    specs.push({
      probe: { kind: "processes", names: processes.process_names },
      timeoutMs: (processes.wait_for_time_secs ?? PROCESSES_WAIT_SECS) * 1000,
      intervalMs: (processes.interval ?? PROCESSES_INTERVAL_SECS) * 1000,
    });
  }
  const readiness = waits.readiness;
  if (readiness !== undefined) {
    specs.push({
      probe: probeOf(readiness),
      timeoutMs: (readiness.timeout ?? READINESS_TIMEOUT_SECS) * 1000,
      intervalMs: (readiness.interval ?? READINESS_INTERVAL_SECS) * 1000,
    });
  }
  return specs;
}

/** The probe a resolved readiness names; validation guarantees exactly one probe key. */
export function probeOf(r: Resolved<Readiness>): Probe {
  if (r.tcp !== undefined) return { kind: "tcp", port: r.tcp };
  if (r.http !== undefined) {
    const { port, path = "/", status = 200, body } = r.http;
    return { kind: "http", port, path, status, ...(body !== undefined && { body }) };
  }
  if (r.log !== undefined) return { kind: "log", match: r.log };
  if (r.healthy !== undefined) return { kind: "healthy" };
  if (r.exit_code !== undefined) return { kind: "exit_code", code: r.exit_code };
  throw new TypeError("defect: probeOf needs a validated readiness with one probe");
}

/** The exit code that counts as success for a node's container: its exit_code probe's, else 0. */
export const expectedExitCode = (readiness: Resolved<Readiness> | undefined): number => readiness?.exit_code ?? 0;

export const describeMatch = (m: TextMatch): string =>
  typeof m === "string" ? JSON.stringify(m) : `/${m.regex}/${m.flags ?? ""}`;

/** How a probe reads in the live view, events and errors: `tcp 5432`, `http :8080/health → 200`. */
export const describeProbe: { readonly [K in ProbeKind]: (p: Extract<Probe, { kind: K }>) => string } = {
  tcp: (p) => `tcp ${p.port}`,
  http: (p) => `http :${p.port}${p.path} → ${p.status}${p.body === undefined ? "" : ` ${describeMatch(p.body)}`}`,
  log: (p) => `log ${describeMatch(p.match)}`,
  healthy: () => "healthy",
  exit_code: (p) => `exit code ${p.code}`,
  processes: (p) => `processes ${p.names.join(", ")}`,
};

export const probeText = (p: Probe): string => (describeProbe[p.kind] as (p: Probe) => string)(p);

/** A compiled matcher for a TextMatch. */
export function matcher(m: TextMatch): (text: string) => boolean {
  if (typeof m === "string") return (text) => text.includes(m);
  const re = new RegExp(m.regex, m.flags);
  return (text) => re.test(text);
}
