/**
 * One attempt of each probe kind, against a container inspected just before: a table keyed by
 * kind, so a new kind does not compile until it says how it is tried. Network probes go from the
 * host (runtime/probes/target.ts says where to); the others ask the engine.
 */
import type { ContainerDetails, EngineClient } from "../docker/engine-client.ts";
import type { HostNetwork } from "./host-network.ts";
import { describeMatch, matcher, type Probe, type ProbeKind, type TextMatch } from "./probe.ts";
import { probeTarget } from "./target.ts";

export type Attempt =
  | { readonly outcome: "ready"; readonly result: string }
  /** Not yet; `missing` names the processes still missing, for the plugin's message. */
  | { readonly outcome: "waiting"; readonly result: string; readonly missing?: readonly string[] }
  /** It cannot pass; `exitCode` when the reason is that the container exited. */
  | { readonly outcome: "failed"; readonly result: string; readonly exitCode?: number };

export interface AttemptContext {
  readonly client: EngineClient;
  readonly network: HostNetwork;
  /** The container as inspected just before this attempt. */
  readonly details: ContainerDetails;
  /** How long this attempt's own I/O may take. */
  readonly timeoutMs: number;
}

type Attempter<K extends ProbeKind> = (ctx: AttemptContext, probe: Extract<Probe, { kind: K }>) => Promise<Attempt>;

const ready = (result: string): Attempt => ({ outcome: "ready", result });
const waiting = (result: string): Attempt => ({ outcome: "waiting", result });
const failed = (result: string): Attempt => ({ outcome: "failed", result });

/** "contain \"ok\"", "match /ok/i": what a body was expected to do. */
const expectation = (m: TextMatch): string => `${typeof m === "string" ? "contain" : "match"} ${describeMatch(m)}`;

const clip = (text: string, max = 120): string => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Processes whose names are not part of any running process's command (the last column of top). */
export const missingProcesses = (processes: readonly (readonly string[])[], names: readonly string[]): string[] =>
  names.filter((name) => !processes.some((row) => (row[row.length - 1] ?? "").includes(name)));

/** The last check of the engine's healthcheck, for messages. */
const lastCheck = (details: ContainerDetails): string => {
  const last = details.State.Health?.Log?.at(-1);
  if (last === undefined) return "";
  const output = clip(last.Output);
  return ` (last check: exit ${last.ExitCode}${output === "" ? "" : `, ${output}`})`;
};

export const attempts: { readonly [K in ProbeKind]: Attempter<K> } = {
  tcp: async ({ client, network, details, timeoutMs }, probe) => {
    const target = probeTarget(details, probe.port, client.endpoint);
    if (target.isErr()) return failed(target.error);
    const { host, port, via, published } = target.value;
    const outcome = await network.tcp(host, port, timeoutMs, published);
    return outcome.connected ? ready(`connected to ${via}`) : waiting(`${outcome.result} (${via})`);
  },

  http: async ({ client, network, details, timeoutMs }, probe) => {
    const target = probeTarget(details, probe.port, client.endpoint);
    if (target.isErr()) return failed(target.error);
    const { host, port, via } = target.value;
    const answer = await network.http(host, port, probe.path, timeoutMs);
    if (!answer.answered) return waiting(`${answer.result} (${via})`);
    if (answer.status !== probe.status) return waiting(`status ${answer.status} (${via})`);
    if (probe.body !== undefined && !matcher(probe.body)(answer.body))
      return waiting(`status ${answer.status}, but the body does not ${expectation(probe.body)} (${via})`);
    return ready(`status ${answer.status} (${via})`);
  },

  log: async ({ client, details }, probe) => {
    const log = await client.logs(details.Id);
    if (log.isErr()) return waiting(`cannot read the log: ${log.error.message}`);
    const lines = log.value.split("\n").filter((l) => l !== "");
    const found = lines.find(matcher(probe.match));
    return found === undefined
      ? waiting(`no line of the log (${lines.length} so far) does ${expectation(probe.match)}`)
      : ready(`log line: ${clip(found)}`);
  },

  healthy: async ({ details }) => {
    const health = details.State.Health;
    if (health === undefined)
      return failed(
        "the container has no healthcheck: declare one in container_config.healthcheck, or use an image with a HEALTHCHECK",
      );
    if (health.Status === "healthy") return ready("healthy");
    if (health.Status === "unhealthy")
      return failed(`unhealthy after ${health.FailingStreak ?? "several"} failing checks${lastCheck(details)}`);
    return waiting(`${health.Status}${lastCheck(details)}`);
  },

  exit_code: async ({ details }, probe) => {
    const { Running, ExitCode } = details.State;
    if (Running) return waiting("still running");
    if (ExitCode === probe.code) return ready(`exited with code ${ExitCode}`);
    return { outcome: "failed", result: `exited with code ${ExitCode}, not ${probe.code}`, exitCode: ExitCode };
  },

  processes: async ({ client, details }, probe) => {
    const top = await client.top(details.Id);
    if (top.isErr()) return { outcome: "waiting", result: `top failed: ${top.error.message}`, missing: probe.names };
    const missing = missingProcesses(top.value.Processes, probe.names);
    return missing.length === 0
      ? ready(`running: ${probe.names.join(", ")}`)
      : { outcome: "waiting", result: `not running yet: ${missing.join(", ")}`, missing };
  },
};

export const attemptProbe = (ctx: AttemptContext, probe: Probe): Promise<Attempt> =>
  (attempts[probe.kind] as Attempter<ProbeKind>)(ctx, probe as never);
