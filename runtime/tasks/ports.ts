/** Port and network facts of an inspected container, in the shapes the plugin recorded and logged. */
import type { ContainerDetails } from "../docker/engine-client.ts";

/** One entry of `docker ps`'s port list: what the plugin's `ports` runtime property held. */
export interface PsPort {
  readonly IP?: string;
  readonly PrivatePort: number;
  readonly PublicPort?: number;
  readonly Type: string;
}

/**
 * `NetworkSettings.Ports` of inspect (`{"5432/tcp": [{HostIp, HostPort}]}`) as the `docker ps`
 * list. The plugin read the list from `containers()`, which omits exited containers (bug 3);
 * inspect works for every state. An exited container forwards nothing, so its list is empty.
 */
export function psPorts(ports: ContainerDetails["NetworkSettings"]["Ports"]): PsPort[] {
  const out: PsPort[] = [];
  for (const [spec, bindings] of Object.entries(ports ?? {})) {
    const [port = "0", type = "tcp"] = spec.split("/");
    const privatePort = Number(port);
    if (bindings === null || bindings.length === 0) {
      out.push({ PrivatePort: privatePort, Type: type });
      continue;
    }
    for (const b of bindings) {
      out.push({
        ...(b.HostIp !== undefined && { IP: b.HostIp }),
        PrivatePort: privatePort,
        ...(b.HostPort !== undefined && b.HostPort !== "" && { PublicPort: Number(b.HostPort) }),
        Type: type,
      });
    }
  }
  return out.sort(
    (a, b) => a.PrivatePort - b.PrivatePort || a.Type.localeCompare(b.Type) || (a.IP ?? "").localeCompare(b.IP ?? ""),
  );
}

/** `127.0.0.1:15432->5432/tcp`, as docker ps prints it. */
export const formatPort = (p: PsPort): string =>
  p.PublicPort === undefined
    ? `${p.PrivatePort}/${p.Type}`
    : `${p.IP ?? "0.0.0.0"}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`;

/** Network name and IP of each interface the container has. */
export function networkInterfaces(settings: ContainerDetails["NetworkSettings"]): { network: string; ip: string }[] {
  return Object.entries(settings.Networks ?? {})
    .map(([network, n]) => ({ network, ip: n.IPAddress ?? "" }))
    .filter((n) => n.ip !== "");
}
