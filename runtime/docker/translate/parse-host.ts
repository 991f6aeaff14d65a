import { err, ok, type Result } from "neverthrow";
import { invalidOption, type TranslationError } from "./translation-error.ts";

/** A daemon address, parsed. `url` is docker-py's form (`http+unix://…`, `http://h:p`). */
export type ParsedHost =
  | { readonly protocol: "unix"; readonly socketPath: string; readonly url: string }
  | {
      readonly protocol: "http" | "https";
      readonly host: string;
      readonly port: number;
      /** docker-py keeps a `/path` after the port (`somehost.net:80/service/swarm`); "" if none. */
      readonly path: string;
      readonly url: string;
    }
  | {
      readonly protocol: "ssh";
      readonly host: string;
      readonly port: number;
      readonly username?: string;
      readonly url: string;
    };

const DEFAULT_HTTP_HOST = "127.0.0.1";
const DEFAULT_UNIX_SOCKET = "var/run/docker.sock";

const unix = (rest: string): ParsedHost => ({
  protocol: "unix",
  // docker-py's adapter reads `unix://var/run/docker.sock` as /var/run/docker.sock (quirk 17).
  socketPath: rest.startsWith("/") ? rest : `/${rest}`,
  url: `http+unix://${rest}`,
});

/**
 * docker-py 1.6's `parse_host(addr)` (mapping §3), plus `ssh://[user@]host[:port]` (port 22 by
 * default) as docker-py 3.x+ accepts, and bracketed IPv6 literals (`tcp://[::1]:2375`, as
 * docker-py ≥ 1.10; 1.6 split on every `:` and failed). There is no default TCP port:
 * `tcp://host` is "Bind address needs a port".
 *
 * ```ts
 * parseHost("tcp://10.0.0.5:2375") // ok({ protocol: "http", host: "10.0.0.5", port: 2375, path: "", url: "http://10.0.0.5:2375" })
 * parseHost("unix:///run/docker.sock") // ok({ protocol: "unix", socketPath: "/run/docker.sock", url: "http+unix:///run/docker.sock" })
 * ```
 */
export function parseHost(
  addr: string | undefined | null,
  path = "daemon_client.base_url",
): Result<ParsedHost, TranslationError> {
  const fail = (message: string) => err(invalidOption(path, message));
  if (!addr || addr.trim() === "unix://") return ok(unix(DEFAULT_UNIX_SOCKET));
  let a = addr.trim();
  if (a.startsWith("http://")) a = `tcp://${a.slice("http://".length)}`;
  if (a.startsWith("http+unix://")) a = `unix://${a.slice("http+unix://".length)}`;

  let protocol: "http" | "https";
  if (a === "tcp://") return fail(`Invalid bind address format: ${a}`);
  if (a.startsWith("unix://")) return ok(unix(a.slice("unix://".length)));
  if (a.startsWith("ssh://")) return parseSsh(a.slice("ssh://".length), addr, fail);
  if (a.startsWith("tcp://")) {
    protocol = "http";
    a = a.slice("tcp://".length);
  } else if (a.startsWith("https://")) {
    protocol = "https";
    a = a.slice("https://".length);
  } else if (a.startsWith("fd://")) {
    return fail("fd protocol is not implemented");
  } else if (a.includes("://")) {
    return fail(`Invalid bind address protocol: ${a}`);
  } else {
    protocol = "http";
  }

  const hostPort = splitHostPort(a);
  if (hostPort === "no-port") return fail(`Bind address needs a port: ${a}`);
  if (hostPort === "bad-format") return fail(`Invalid bind address format: ${a}`);
  const host = hostPort.host === "" ? DEFAULT_HTTP_HOST : hostPort.host;
  let portText = hostPort.port;
  let urlPath = "";
  const slash = portText.indexOf("/");
  if (slash !== -1) {
    urlPath = portText.slice(slash);
    portText = portText.slice(0, slash);
  }
  const port = pyPort(portText);
  if (port === undefined) return fail(`Invalid port: ${a}`);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return ok({ protocol, host, port, path: urlPath, url: `${protocol}://${shownHost}:${port}${urlPath}` });
}

/** `host:port[/path]` or `[v6]:port[/path]`; the port part still holds the path. */
function splitHostPort(a: string): { host: string; port: string } | "no-port" | "bad-format" {
  if (a.startsWith("[")) {
    const close = a.indexOf("]");
    if (close === -1) return "bad-format";
    const rest = a.slice(close + 1);
    if (rest === "" || rest.startsWith("/")) return "no-port";
    if (!rest.startsWith(":")) return "bad-format";
    return { host: a.slice(1, close), port: rest.slice(1) };
  }
  if (!a.includes(":")) return "no-port";
  const parts = a.split(":");
  if (parts.length !== 2) return "bad-format";
  return { host: parts[0] as string, port: parts[1] as string };
}

// Python's int(): whitespace and a sign are accepted; berth also requires a real TCP port.
function pyPort(text: string): number | undefined {
  if (!/^\s*\+?\d+\s*$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function parseSsh(
  rest: string,
  addr: string,
  fail: (message: string) => Result<ParsedHost, TranslationError>,
): Result<ParsedHost, TranslationError> {
  const at = rest.lastIndexOf("@");
  const userInfo = at === -1 ? undefined : rest.slice(0, at);
  const hostPart = at === -1 ? rest : rest.slice(at + 1);
  if (userInfo !== undefined && (userInfo === "" || userInfo.includes(":"))) {
    return fail(
      `Invalid bind address format: ${addr} (ssh takes user@host[:port]; use an SSH key or agent, not a password)`,
    );
  }
  if (/[/?#]/.test(hostPart.replace(/\/$/, ""))) return fail(`Invalid bind address format: ${addr}`);
  const hp = splitHostPort(hostPart.replace(/\/$/, ""));
  let host: string;
  let port = 22;
  if (hp === "no-port") host = hostPart.replace(/\/$/, "").replace(/^\[(.*)\]$/, "$1");
  else if (hp === "bad-format") return fail(`Invalid bind address format: ${addr}`);
  else {
    const p = pyPort(hp.port);
    if (p === undefined) return fail(`Invalid port: ${addr}`);
    host = hp.host;
    port = p;
  }
  if (host === "") return fail(`Invalid bind address format: ${addr}`);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const user = userInfo === undefined ? "" : `${userInfo}@`;
  return ok({
    protocol: "ssh",
    host,
    port,
    ...(userInfo === undefined ? {} : { username: userInfo }),
    url: `ssh://${user}${shownHost}:${port}`,
  });
}
