/** The machine a result came from. */
import os from "node:os";
import type Docker from "dockerode";
import { describeError } from "./errors.ts";
import { runTimed } from "./proc.ts";

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly node: string;
  readonly docker: string;
  readonly compose: string;
}

export async function machineInfo(docker: Docker): Promise<MachineInfo> {
  const engine = await docker.version().then(
    (v) => `${v.Version} (API ${v.ApiVersion})`,
    (e: unknown) => `unknown: ${String(e)}`,
  );
  const compose = await runTimed("docker-compose", ["version", "--short"]);
  return {
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    docker: engine,
    compose: compose.match(
      (o) => o.stdout.trim(),
      (e) => `unavailable: ${describeError(e)}`,
    ),
  };
}

export const describeMachine = (m: MachineInfo): string =>
  `${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB, ${m.kernel}; Node ${m.node}; Docker ${m.docker}; docker-compose ${m.compose}`;
