/** The benchmark's one error shape: which step failed and why. */
export interface BenchError {
  readonly step: string;
  readonly message: string;
  readonly cause?: unknown;
}

export const benchError =
  (step: string) =>
  (cause: unknown): BenchError => ({
    step,
    message: cause instanceof Error ? cause.message : String(cause),
    cause,
  });

export const describeError = (e: BenchError): string => `${e.step}: ${e.message}`;
