/**
 * Everything a command can fail with, tagged by `kind`, and the exit code each maps to:
 * 0 success, 1 the deployment failed, 2 invalid input or usage (including a deployment another plan
 * made), 3 pending changes (`plan --exit-code`), 75 another run holds the deployment, 130 interrupted.
 */
import type { PlanIssue } from "../dsl/mod.ts";
import type { BerthError, BerthErrorKind } from "../runtime/types.ts";

/** A plan problem with where it is: file, and line/column when the source tells. */
export interface LocatedIssue extends PlanIssue {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export type CliError =
  | { readonly kind: "Usage"; readonly message: string }
  | { readonly kind: "NoSuchFile"; readonly file: string }
  | { readonly kind: "PlanLoad"; readonly file: string; readonly message: string; readonly cause?: unknown }
  | { readonly kind: "InvalidPlan"; readonly file: string; readonly issues: readonly LocatedIssue[] }
  | { readonly kind: "InvalidInputs"; readonly message: string }
  | { readonly kind: "UnknownNode"; readonly node: string; readonly known: readonly string[] }
  | { readonly kind: "WriteFailed"; readonly file: string; readonly message: string }
  | { readonly kind: "Run"; readonly error: BerthError };

/**
 * `changes`: `berth plan --exit-code` when up would change something (2 is taken by usage).
 * `locked`: another run holds the deployment (75 is EX_TEMPFAIL of sysexits.h: try again later).
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2, changes: 3, locked: 75, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// Runtime errors that are the caller's input, not the deployment, exit 2.
const runExitCodes: Record<BerthErrorKind, ExitCode> = {
  InvalidPlan: ExitCode.usage,
  InvalidOption: ExitCode.usage,
  MissingInput: ExitCode.usage,
  DaemonUnreachable: ExitCode.failed,
  EngineGone: ExitCode.failed,
  DaemonAuthFailed: ExitCode.failed,
  HostKeyMismatch: ExitCode.failed,
  HostKeyUnknown: ExitCode.failed,
  TlsFailed: ExitCode.failed,
  ApiVersionTooOld: ExitCode.failed,
  ImageImportFailed: ExitCode.failed,
  ImageBuildFailed: ExitCode.failed,
  ImageNotFound: ExitCode.failed,
  ImageInUse: ExitCode.failed,
  ContainerCreateFailed: ExitCode.failed,
  ContainerStartFailed: ExitCode.failed,
  ContainerStopFailed: ExitCode.failed,
  ContainerRemoveFailed: ExitCode.failed,
  PortConflict: ExitCode.failed,
  ProcessesNotStarted: ExitCode.failed,
  ContainerExited: ExitCode.failed,
  NotReady: ExitCode.failed,
  Timeout: ExitCode.failed,
  StateError: ExitCode.failed,
  StateDamaged: ExitCode.failed,
  DeploymentOwnedElsewhere: ExitCode.usage,
  DeploymentLocked: ExitCode.locked,
  Interrupted: ExitCode.interrupted,
  EngineError: ExitCode.failed,
  BerthDefect: ExitCode.failed,
};

const cliExitCodes: Record<Exclude<CliError["kind"], "Run">, ExitCode> = {
  Usage: ExitCode.usage,
  NoSuchFile: ExitCode.usage,
  PlanLoad: ExitCode.usage,
  InvalidPlan: ExitCode.usage,
  InvalidInputs: ExitCode.usage,
  UnknownNode: ExitCode.usage,
  WriteFailed: ExitCode.failed,
};

export const exitCodeOf = (error: CliError): ExitCode =>
  error.kind === "Run" ? runExitCodes[error.error.kind] : cliExitCodes[error.kind];

export const usage = (message: string): CliError => ({ kind: "Usage", message });
export const runFailed = (error: BerthError): CliError => ({ kind: "Run", error });
