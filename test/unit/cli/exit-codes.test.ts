import { describe, expect, it } from "vitest";
import { type CliError, exitCodeOf } from "../../../cli/errors.ts";
import type { BerthError, BerthErrorKind } from "../../../runtime/types.ts";

// Exit codes depend on the kind alone; the fields of each kind do not matter here.
const run = (kind: BerthErrorKind): CliError => ({ kind: "Run", error: { kind, message: "m" } as BerthError });

describe("exit codes", () => {
  it("maps invalid input and usage to 2", () => {
    const usage: CliError[] = [
      { kind: "Usage", message: "m" },
      { kind: "NoSuchFile", file: "x.ts" },
      { kind: "PlanLoad", file: "x.ts", message: "m" },
      { kind: "InvalidPlan", file: "x.ts", issues: [] },
      { kind: "InvalidInputs", message: "m" },
      { kind: "UnknownNode", node: "x", known: [] },
      run("InvalidPlan"),
      run("MissingInput"),
      run("InvalidOption"),
    ];
    expect(usage.map(exitCodeOf)).toEqual(usage.map(() => 2));
  });

  it("maps a failed deployment to 1 and an interrupted one to 130", () => {
    expect(exitCodeOf(run("ContainerStartFailed"))).toBe(1);
    expect(exitCodeOf(run("DaemonUnreachable"))).toBe(1);
    expect(exitCodeOf(run("PortConflict"))).toBe(1);
    for (const kind of [
      "EngineGone",
      "DaemonAuthFailed",
      "HostKeyMismatch",
      "HostKeyUnknown",
      "TlsFailed",
      "ApiVersionTooOld",
    ] as const) {
      expect(exitCodeOf(run(kind))).toBe(1);
    }
    expect(exitCodeOf({ kind: "WriteFailed", file: "x", message: "m" })).toBe(1);
    expect(exitCodeOf(run("Interrupted"))).toBe(130);
  });
});
