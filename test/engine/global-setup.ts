/**
 * Engine tests need a Docker engine, the local test images, and for the remote-daemon tests
 * sshd, openssl, ip and nsenter. `npm test` already ran these
 * scripts; running them again here costs two quick checks and lets `vitest --project engine`
 * work on its own.
 */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  for (const script of ["scripts/docker-engine.sh", "scripts/test-images.sh", "scripts/test-hosts.sh"]) {
    execFileSync("bash", [script], { stdio: "inherit" });
  }
}
