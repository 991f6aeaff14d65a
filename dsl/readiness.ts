/**
 * Readiness probes: when a started node counts as done, so `up` may start the nodes that depend
 * on it. Each function returns the start operation's `readiness` input as plain data, the shape
 * the blueprint carries (`{ tcp: 5432, timeout: 30 }`). The probes run from the host berth runs
 * on; see runtime/probes/.
 */
import type { HttpProbe, Readiness } from "./options.ts";
import { deepFreeze, type Intrinsic } from "./values.ts";

/** How long to wait for the probe in all, and between attempts, in seconds. */
export interface ReadinessTiming {
  /** Seconds to wait in all; default 60. */
  readonly timeout?: number | Intrinsic;
  /** Seconds between attempts; default 1. */
  readonly interval?: number | Intrinsic;
}

/** Text a probe looks for: a string found anywhere in it, or a regular expression. */
export type TextPattern = string | RegExp | { readonly regex: string; readonly flags?: string } | Intrinsic;

/** What `http()` checks besides the port, and its timing. */
export interface HttpOptions extends ReadinessTiming {
  /** The request path; default `/`. */
  readonly path?: string | Intrinsic;
  /** The status the answer must have; default 200. */
  readonly status?: number | Intrinsic;
  /** Text the answer's body must contain (a string), or match (a regular expression). */
  readonly body?: TextPattern;
}

/** Drops undefined fields, so optional arguments leave no keys behind. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const timingOf = ({ timeout, interval }: ReadinessTiming): ReadinessTiming => defined({ timeout, interval });

const textMatchOf = (pattern: TextPattern): NonNullable<Readiness["log"]> =>
  pattern instanceof RegExp
    ? pattern.flags === ""
      ? { regex: pattern.source }
      : { regex: pattern.source, flags: pattern.flags }
    : pattern;

const readiness = (probe: Readiness, timing: ReadinessTiming): Readiness =>
  deepFreeze({ ...probe, ...timingOf(timing) } as Readiness);

/**
 * Ready when a TCP port of the container accepts a connection.
 *
 * ```ts
 * node("db").image("postgres:16").config("postgres").start({}, { readiness: tcp(5432, { timeout: 30 }) })
 * ```
 */
export function tcp(port: number | Intrinsic, timing: ReadinessTiming = {}): Readiness {
  return readiness({ tcp: port }, timing);
}

/**
 * Ready when an HTTP GET of the container's port answers `status` (default 200), with a body that
 * contains or matches `body` if given.
 *
 * ```ts
 * .start({}, { readiness: http(8080, { path: "/health", body: /"status":\s*"up"/ }) })
 * ```
 */
export function http(port: number | Intrinsic, options: HttpOptions = {}): Readiness {
  const { timeout, interval, body, ...request } = options;
  const probe: HttpProbe = defined({ port, ...request, ...(body !== undefined && { body: textMatchOf(body) }) });
  return readiness({ http: probe }, { timeout, interval });
}

/**
 * Ready when a line of the container's log (stdout or stderr) contains `pattern`, or matches it
 * when it is a regular expression.
 *
 * ```ts
 * .start({}, { readiness: logLine("ready to accept connections") })
 * ```
 */
export function logLine(pattern: TextPattern, timing: ReadinessTiming = {}): Readiness {
  return readiness({ log: textMatchOf(pattern) }, timing);
}

/**
 * Ready when the engine's healthcheck reports `healthy`: the image's HEALTHCHECK, or one declared
 * in `container_config.healthcheck`. Unhealthy fails at once.
 *
 * ```ts
 * .config({ command: "server", healthcheck: { test: "wget -q -O- localhost:8080/health", interval: "1s" } })
 * .start({}, { readiness: healthy({ timeout: 120 }) })
 * ```
 */
export function healthy(timing: ReadinessTiming = {}): Readiness {
  return readiness({ healthy: true }, timing);
}

/**
 * A one-shot job (a migration): ready when the container has exited with `code` (default 0).
 * Any other exit code fails the run.
 *
 * ```ts
 * const migrate = node("migrate").image("app").config("migrate up").start({}, { readiness: exitCode(0) });
 * const web = node("web").image("app").config("serve").start().dependsOn(migrate);
 * ```
 */
export function exitCode(code: number | Intrinsic = 0, timing: ReadinessTiming = {}): Readiness {
  return readiness({ exit_code: code }, timing);
}
