/** A tool under test: untimed preparation, then a timed `up` and a timed `down`. */
import type { ResultAsync } from "neverthrow";
import type { BenchError } from "../errors.ts";

export const toolIds = ["floor", "berth-lib", "berth-cli", "compose", "docker-cli"] as const;
export type ToolId = (typeof toolIds)[number];

/** One deployment of N containers, named uniquely for this run, tool, size and repeat. */
export interface InstanceSpec {
  readonly runId: string;
  readonly name: string;
  readonly n: number;
  /** A fresh directory this instance may write files to (plans, compose files, state). */
  readonly workDir: string;
}

export interface Prepared {
  /** All N containers created and started. */
  up(): ResultAsync<void, BenchError>;
  /** All N containers stopped and removed. */
  down(): ResultAsync<void, BenchError>;
}

export interface LifecycleTool {
  readonly id: ToolId;
  /** How the table names it. */
  readonly label: string;
  prepare(spec: InstanceSpec): ResultAsync<Prepared, BenchError>;
}

export const containerName = (spec: InstanceSpec, i: number): string => `${spec.name}-c${i}`;
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
