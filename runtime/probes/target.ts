/**
 * Where the host reaches a container's port: a published port (on the daemon's host, which is
 * 127.0.0.1 for a local daemon), the host's own network (`network_mode: host`), or the
 * container's address on its network (reachable from the host only when the daemon is local).
 * Pure: the inspected container and the daemon's endpoint decide.
 */
import { err, ok, type Result } from "neverthrow";
import type { ContainerDetails } from "../docker/engine-client.ts";

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
  /** How the host reaches it, for messages: `the published port 127.0.0.1:32768`. */
  readonly via: string;
  /** Through Docker's port publishing, whose proxy may accept a connection nobody serves. */
  readonly published: boolean;
}

/** The daemon's host as seen from here, or undefined for a local daemon (unix socket, named pipe). */
export function remoteDaemonHost(endpoint: string): string | undefined {
  const m = /^(?:tcp|https?|ssh):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(endpoint);
  const host = m?.[1];
  if (host === undefined) return undefined;
  const bare = host.replace(/^\[|\]$/g, "");
  return ["localhost", "127.0.0.1", "::1"].includes(bare) ? undefined : bare;
}

const ANY = new Set(["", "0.0.0.0", "::"]);
const LOOPBACK = /^(127\.|::1$)/;

/**
 * The address to probe `port` (TCP) of a container at, or why there is none.
 *
 * ```ts
 * probeTarget(details, 5432, "unix:///var/run/docker.sock")
 * // ok({ host: "127.0.0.1", port: 32768, via: "the published port 127.0.0.1:32768", published: true })
 * ```
 */
export function probeTarget(details: ContainerDetails, port: number, endpoint: string): Result<ProbeTarget, string> {
  const remote = remoteDaemonHost(endpoint);
  const settings = details.NetworkSettings;
  const bindings = settings.Ports?.[`${port}/tcp`] ?? [];
  const binding = (bindings ?? []).find((b) => b.HostPort !== undefined && b.HostPort !== "");
  if (binding !== undefined) {
    const hostIp = binding.HostIp ?? "";
    if (remote !== undefined && LOOPBACK.test(hostIp)) {
      return err(
        `port ${port}/tcp is published on ${hostIp} of the daemon's machine ${remote}, which this host cannot reach; publish it on an address this host can reach to probe it`,
      );
    }
    const host = ANY.has(hostIp) ? (remote ?? "127.0.0.1") : hostIp;
    const hostPort = Number(binding.HostPort);
    return ok({ host, port: hostPort, via: `the published port ${host}:${hostPort}`, published: true });
  }
  const networks = Object.entries(settings.Networks ?? {});
  if (networks.some(([name]) => name === "host")) {
    const host = remote ?? "127.0.0.1";
    return ok({ host, port, via: `the host's network (network_mode host) at ${host}:${port}`, published: false });
  }
  const address = networks.find(([, n]) => (n.IPAddress ?? "") !== "");
  if (address !== undefined && remote === undefined) {
    const [network, n] = address;
    const host = n.IPAddress as string;
    return ok({ host, port, via: `the container's address ${host}:${port} on ${network}`, published: false });
  }
  const why =
    address !== undefined
      ? `its address ${address[1].IPAddress} on ${address[0]} is on the daemon's machine ${remote}, which this host cannot reach`
      : "it has no address on a network (network_mode none?)";
  return err(
    `port ${port}/tcp is not published (port_bindings) and the container cannot be reached directly: ${why}; publish the port to probe it`,
  );
}
