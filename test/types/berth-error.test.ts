/**
 * Type tests: BerthError is a discriminated union in which each kind carries exactly its own
 * fields, and the tasks name the narrower union they can fail with. tsc (run by `npm test`)
 * fails when a kind loses a field, gains another kind's, or a task's union widens.
 */
import type { ResultAsync } from "neverthrow";
import { describe, expectTypeOf, it } from "vitest";
import type { PlanIssue } from "../../dsl/mod.ts";
import { type BerthError, berthError, type EngineTrouble } from "../../runtime/berth-error.ts";
import type { waitUntilReady } from "../../runtime/probes/wait.ts";
import type { StartError } from "../../runtime/tasks/start.ts";
import type { stopTask } from "../../runtime/tasks/stop.ts";

type ErrorOf<F> = F extends (...args: never[]) => ResultAsync<unknown, infer E> ? E : never;

describe("BerthError", () => {
  it("gives each kind exactly its own fields", () => {
    expectTypeOf<BerthError<"DaemonUnreachable">["endpoint"]>().toEqualTypeOf<string>();
    expectTypeOf<BerthError<"InvalidPlan">["issues"]>().toEqualTypeOf<readonly PlanIssue[]>();
    expectTypeOf<BerthError<"ContainerExited">>().toHaveProperty("exitCode");
    expectTypeOf<BerthError<"ContainerExited">>().toHaveProperty("logTail");
    expectTypeOf<BerthError<"ContainerExited">["node"]>().toEqualTypeOf<string>();
    // Kinds that have nothing to do with a container have no log tail, and no node where none exists.
    expectTypeOf<BerthError<"InvalidPlan">>().not.toHaveProperty("logTail");
    expectTypeOf<BerthError<"StateError">>().not.toHaveProperty("node");
    expectTypeOf<BerthError<"BerthDefect">>().not.toHaveProperty("endpoint");
    // A connection failure says what failed: the login and what was offered, the key, the TLS check.
    expectTypeOf<BerthError<"DaemonAuthFailed">["tried"]>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<BerthError<"HostKeyMismatch">["fingerprint"]>().toEqualTypeOf<string>();
    expectTypeOf<BerthError<"TlsFailed">["check"]>().toEqualTypeOf<
      "unknown-ca" | "hostname" | "expired" | "client-certificate" | "handshake"
    >();
    expectTypeOf<BerthError<"EngineGone">>().not.toHaveProperty("check");
  });

  it("narrows by kind", () => {
    const e = {} as BerthError;
    if (e.kind === "MissingInput") expectTypeOf(e.inputs).toEqualTypeOf<readonly string[]>();
    if (e.kind === "ImageInUse") expectTypeOf(e.usedBy).toEqualTypeOf<readonly string[]>();
  });

  it("builds a kind only from that kind's fields", () => {
    // @ts-expect-error DaemonUnreachable needs the endpoint it tried
    berthError("DaemonUnreachable", "m", { cause: "x" });
    // @ts-expect-error InvalidPlan carries issues, not a log tail
    berthError("InvalidPlan", "m", { issues: [], logTail: "x" });
    expectTypeOf(berthError("StateError", "m", { file: "f" })).toEqualTypeOf<BerthError<"StateError">>();
  });

  it("lets a task fail only with the kinds it can produce", () => {
    expectTypeOf<ErrorOf<typeof stopTask>>().toEqualTypeOf<
      BerthError<
        | "ContainerStopFailed"
        | "PortConflict"
        | "DaemonUnreachable"
        | "Timeout"
        | "EngineGone"
        | "DaemonAuthFailed"
        | "HostKeyMismatch"
        | "HostKeyUnknown"
        | "TlsFailed"
        | "ApiVersionTooOld"
      >
    >();
    expectTypeOf<Extract<StartError, { kind: "ImageBuildFailed" }>>().toBeNever();
    expectTypeOf<ErrorOf<typeof waitUntilReady>>().toEqualTypeOf<
      BerthError<
        "NotReady" | "ProcessesNotStarted" | "ContainerExited" | "Interrupted" | "ContainerStartFailed" | EngineTrouble
      >
    >();
  });

  it("gives NotReady the probe, its last result, how long and how often, and the log tail", () => {
    expectTypeOf<BerthError<"NotReady">["probe"]>().toEqualTypeOf<string>();
    expectTypeOf<BerthError<"NotReady">["lastResult"]>().toEqualTypeOf<string>();
    expectTypeOf<BerthError<"NotReady">["waitedMs"]>().toEqualTypeOf<number>();
    expectTypeOf<BerthError<"NotReady">["attempts"]>().toEqualTypeOf<number>();
    expectTypeOf<BerthError<"NotReady">["container"]>().toEqualTypeOf<string>();
    expectTypeOf<BerthError<"NotReady">>().toHaveProperty("logTail");
    expectTypeOf<BerthError<"NotReady">>().not.toHaveProperty("exitCode");
  });
});
