/** `berth status`: one row per node with its readiness, container, image, ports, IPs, since when, and its daemon. */
import type { NodeReadiness, NodeStatus } from "../../runtime/types.ts";
import { printable, shortId, since } from "./format.ts";
import type { Style } from "./style.ts";
import { table } from "./table.ts";

const stateStyle = (state: NodeStatus["state"], style: Style): string =>
  ({ running: style.green, exited: style.red, created: style.yellow, absent: style.dim, "not-a-container": style.dim })[
    state
  ](state);

// An image the engine names only by digest reads better short, as `docker ps` shows it.
const shortImage = (image: string | undefined): string =>
  image === undefined ? "-" : /^sha256:[0-9a-f]{64}$/.test(image) ? image.slice(0, 19) : printable(image);

const readinessText = (r: NodeReadiness | undefined, style: Style): string =>
  r === undefined
    ? "-"
    : { ready: style.green("ready"), "not-ready": style.red("not ready"), unknown: style.dim("unknown") }[r.state];

export function statusTable(deployment: string, nodes: readonly NodeStatus[], now: number, style: Style): string {
  const rows = nodes.map((n) => [
    printable(n.node),
    stateStyle(n.state, style),
    readinessText(n.readiness, style),
    printable(shortId(n.container)),
    shortImage(n.image),
    n.ports.length > 0 ? printable(n.ports.join(",")) : "-",
    n.ips.length > 0 ? printable(n.ips.join(",")) : "-",
    since(n.since, now),
    n.daemon === undefined ? "-" : printable(n.daemon),
  ]);
  const header = ["NODE", "STATE", "READY", "CONTAINER", "IMAGE", "PORTS", "IPS", "SINCE", "DAEMON"];
  // Why a node is not ready, under the table: the reason does not fit a column.
  const reasons = nodes.flatMap((n) =>
    n.readiness?.state === "not-ready" && n.readiness.detail !== undefined
      ? [`  ${printable(n.node)}: ${printable([...(n.readiness.probes ?? []), n.readiness.detail].join(": "))}`]
      : [],
  );
  const notes = reasons.length > 0 ? `${style.dim(reasons.join("\n"))}\n` : "";
  return `${style.bold(`deployment ${printable(deployment)}`)}\n${table(header, rows, style.bold)}\n${notes}`;
}
