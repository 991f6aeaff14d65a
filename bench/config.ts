/** What every tool runs, so the measurements compare like with like. */
import { fileURLToPath } from "node:url";

export const IMAGE = "berth-test/busybox:latest";

/**
 * Exits promptly on SIGTERM. busybox `sleep` as PID 1 ignores SIGTERM, and a trap around a
 * foreground `sleep 1` waits for it; `wait` on a background sleep is interrupted at once.
 */
export const COMMAND: readonly string[] = ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

/** Seconds each tool gives a container to stop before killing it (docker's and compose's default). */
export const STOP_TIMEOUT = 10;

/** Every container the benchmark makes carries this label; the value names one run. */
export const RUN_LABEL = "berth-bench.run";

export const SOCKET_PATH = "/var/run/docker.sock";

/** The checkout root (bench/..). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BERTH_BIN = fileURLToPath(new URL("../bin/berth.js", import.meta.url));
export const BERTH_MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));

/** Container names and project names: unique per run, per tool, per size, per repeat. */
export const instanceName = (runId: string, tool: string, n: number, repeat: number): string =>
  `bb-${runId}-${tool}-${n}-${repeat < 0 ? "w" : repeat}`;
