/**
 * Generated readiness probes and healthchecks for the property tests: every probe kind, built
 * with the DSL's functions or written as data, with timing, intrinsics and text from the caller's
 * string arbitrary (hostile strings included).
 */
import fc from "fast-check";
import { exitCode, type Healthcheck, healthy, http, input, logLine, type Readiness, tcp } from "../../mod.ts";

const port = fc.integer({ min: 1, max: 65535 });
const seconds = fc.oneof(fc.integer({ min: 1, max: 600 }), fc.double({ min: 0.01, max: 600, noNaN: true }));
const timing = fc.record({ timeout: seconds, interval: seconds }, { requiredKeys: [] });

/** Escapes a string so it matches itself as a regular expression. */
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

export function readinessArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<Readiness> {
  const nonEmpty = text.filter((t) => t.length > 0);
  const pattern = fc.oneof(
    nonEmpty,
    nonEmpty.map((t) => ({ regex: escapeRegex(t) })),
    fc.tuple(nonEmpty, fc.constantFrom("i", "m", "s", "u", "im")).map(([t, flags]) => ({
      regex: `^${escapeRegex(t)}$`,
      flags,
    })),
  );
  return fc.oneof(
    fc.tuple(port, timing).map(([p, t]) => tcp(p, t)),
    fc.tuple(fc.constant(input("probe_port", { default: 8080 })), timing).map(([p, t]) => tcp(p, t)),
    fc
      .record(
        {
          port,
          path: nonEmpty.map((t) => `/${t}`),
          status: fc.integer({ min: 100, max: 599 }),
          body: pattern,
          timeout: seconds,
          interval: seconds,
        },
        { requiredKeys: ["port"] },
      )
      .map(({ port: p, ...options }) => http(p, options)),
    fc.tuple(pattern, timing).map(([p, t]) => logLine(p, t)),
    timing.map((t) => healthy(t)),
    fc.tuple(fc.integer({ min: 0, max: 255 }), timing).map(([code, t]) => exitCode(code, t)),
    // Written as data, as a blueprint gives it: a whole probe value may be an intrinsic.
    fc.constant<Readiness>({ http: input("probe_http", { default: { port: 80 } }), timeout: 5 }),
  );
}

const goDuration = fc.constantFrom("500ms", "1s", "1m30s", "2h", "1.5s", "250us");
const duration = fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), goDuration);

export function healthcheckArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<Healthcheck> {
  return fc.record(
    {
      test: fc.oneof(
        text.filter((t) => t.length > 0),
        fc
          .tuple(fc.constantFrom("CMD", "CMD-SHELL"), fc.array(text, { maxLength: 2 }))
          .map(([k, rest]) => [k, ...rest]),
        fc.constant(["NONE"] as string[]),
      ),
      interval: duration,
      timeout: duration,
      retries: fc.nat(10),
      start_period: duration,
    },
    { requiredKeys: ["test"] },
  );
}
