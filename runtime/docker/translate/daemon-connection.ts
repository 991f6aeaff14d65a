import { checkServerIdentity, type PeerCertificate } from "node:tls";
import type Dockerode from "dockerode";
import { err, ok, type Result } from "neverthrow";
import { checkVersionOption, type SupportedApiVersion } from "../../../dsl/api-version.ts";
import type { DaemonClient } from "../../../dsl/options.ts";
import { type ParsedHost, parseHost } from "./parse-host.ts";
import { pyTypeName } from "./py-format.ts";
import { ensureResolved, type Resolved } from "./resolved.ts";
import { invalidOption, type TranslationError } from "./translation-error.ts";

/**
 * Reads a text file (a PEM certificate or key); injected so translation stays pure. Returning a
 * Result is preferred; a plain string return (and a throw, for failure) is accepted too.
 */
export type ReadFile = (path: string) => Result<string, unknown> | string;

/** What `new Dockerode(options)` takes, plus docker-modem options its typings leave out. */
export type DaemonOptions = Dockerode.DockerOptions & {
  /** The `/path` after the port in a tcp address (docker-modem's `pathPrefix`). */
  pathPrefix?: string;
  /** Replaces the hostname check (`tls.assert_hostname`). */
  checkServerIdentity?: (hostname: string, cert: PeerCertificate) => Error | undefined;
};

export interface DaemonConnection {
  readonly options: DaemonOptions;
  /** For people: `unix:///var/run/docker.sock`, `https://h:2376`, `ssh://me@h:22`. */
  readonly endpoint: string;
  /**
   * `daemon_client.version` when it pins an API version ("1.41"; `options.version` then carries
   * docker-modem's "v1.41"). Absent when not given or "auto": the runtime asks the daemon. A pin
   * older than berth speaks is refused here, before any request.
   */
  readonly version?: SupportedApiVersion;
  /** Request timeout: `daemon_client.timeout` seconds, default 60 s. */
  readonly timeoutMs: number;
  /**
   * `false` when `tls.verify` is false: the server certificate is not checked, which needs an
   * `https.Agent({ rejectUnauthorized: false })` in `options.agent` (not set here, to stay pure).
   */
  readonly tlsVerify?: boolean;
  /** With TLS: the files the certificates came from, so a failed handshake can name them. */
  readonly tlsFiles?: TlsFiles;
  /**
   * For `ssh://`: how to log in and check the host. `options` then speak plain http to the
   * host; the runtime's ssh tunnel carries it to `docker system dial-stdio` on that host.
   */
  readonly ssh?: SshSettings;
}

export interface TlsFiles {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** Where the TLS settings came from: `daemon_client.tls` or `DOCKER_TLS_VERIFY` (DOCKER_CERT_PATH). */
  readonly from: string;
}

export interface SshSettings {
  readonly host: string;
  readonly port: number;
  /** The login; the local user's name when the address has none, as for ssh. */
  readonly username?: string;
  /** ssh-agent's socket (`SSH_AUTH_SOCK`); its keys are offered first. */
  readonly agentSocket?: string;
  /** Private keys offered after the agent's: `ssh.identity_file`, else whichever of ~/.ssh/id_{ed25519,ecdsa,rsa} exist. */
  readonly identities: readonly { readonly path: string; readonly key: string }[];
  /** known_hosts files to check the host key against; a newly accepted key is written to the first. */
  readonly knownHosts: readonly string[];
  /** Accept and record a host key when no file knows the host (ssh's `StrictHostKeyChecking accept-new`). */
  readonly acceptNewHostKey: boolean;
}

const DEFAULT_TIMEOUT_S = 60;
const TLS_NEEDS_HTTPS = 'If using TLS, the base_url argument must begin with "https://".';
const CLIENT_CERT_PATHS = "Path to a certificate and key files must be provided through the client_config param";

type Tls = NonNullable<Resolved<DaemonClient>["tls"]>;

/**
 * docker-py's `Client(**daemon_client)` as dockerode options. The address is
 * `daemon_client.base_url`, else `DOCKER_HOST`, else the unix socket `/var/run/docker.sock`,
 * through `parseHost`. TLS comes from `daemon_client.tls` (`true`, or `{ client_cert, ca_cert,
 * verify, assert_hostname }`); when the address came from `DOCKER_HOST` and `tls` is not given,
 * `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` apply as docker-py's `kwargs_from_env` (tcp → https,
 * `cert.pem`, `key.pem`, `ca.pem` from the cert path, default `~/.docker`, verify on).
 *
 * berth verifies the server whenever TLS is on unless `verify: false` is given; docker-py 1.6
 * skipped verification when `verify` was left out, even with a `ca_cert` (DEVIATIONS.md).
 *
 * ```ts
 * daemonConnection({ base_url: "tcp://10.0.0.5:2375" }, {}, readFile)
 * // ok({ options: { protocol: "http", host: "10.0.0.5", port: 2375 }, endpoint: "http://10.0.0.5:2375", timeoutMs: 60000 })
 * ```
 */
export function daemonConnection(
  daemonClient: DaemonClient | Resolved<DaemonClient> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile,
): Result<DaemonConnection, TranslationError> {
  const resolved = ensureResolved(daemonClient ?? {}, "daemon_client");
  if (resolved.isErr()) return err(resolved.error);
  const dc = resolved.value as Resolved<DaemonClient>;

  const version: unknown = dc.version;
  let apiVersion: SupportedApiVersion | undefined;
  if (version !== undefined && version !== null) {
    if (typeof version !== "string") {
      return err(
        invalidOption(
          "daemon_client.version",
          `Version parameter must be a string or None. Found ${pyTypeName(version)}`,
        ),
      );
    }
    const checked = checkVersionOption(version);
    if (checked.isErr()) return err(invalidOption("daemon_client.version", checked.error));
    if (checked.value !== "auto") apiVersion = checked.value;
  }
  const timeoutS = dc.timeout ?? DEFAULT_TIMEOUT_S;

  const fromEnv = !dc.base_url && Boolean(env.DOCKER_HOST);
  const envTlsVerify = Boolean(env.DOCKER_TLS_VERIFY);
  let baseUrl = dc.base_url || env.DOCKER_HOST || undefined;
  let tls: Tls | undefined = dc.tls ?? undefined;
  let tlsPath = "daemon_client.tls";
  if (fromEnv && tls === undefined && envTlsVerify) {
    baseUrl = baseUrl?.replace("tcp://", "https://");
    const home = env.HOME ?? env.USERPROFILE ?? "~";
    const certPath = (env.DOCKER_CERT_PATH || `${home}/.docker`).replace(/\/$/, "");
    tls = { client_cert: [`${certPath}/cert.pem`, `${certPath}/key.pem`], ca_cert: `${certPath}/ca.pem`, verify: true };
    tlsPath = "DOCKER_TLS_VERIFY";
  }
  const basePath = fromEnv ? "DOCKER_HOST" : "daemon_client.base_url";
  if (tls && !(baseUrl ?? "").startsWith("https://")) return err(invalidOption(tlsPath, TLS_NEEDS_HTTPS));

  const parsed = parseHost(baseUrl, basePath);
  if (parsed.isErr()) return err(parsed.error);
  const host = parsed.value;

  const ssh = sshSettings(host, dc.ssh ?? undefined, env, readFile, fromEnv ? "DOCKER_HOST" : "daemon_client.base_url");
  if (ssh.isErr()) return err(ssh.error);

  const base = connectionOptions(host);
  const tlsOptions = tls ? tlsConnection(tls, tlsPath, readFile) : ok(undefined);
  if (tlsOptions.isErr()) return err(tlsOptions.error);
  const options: DaemonOptions = { ...base, ...tlsOptions.value?.options };
  if (apiVersion !== undefined) options.version = `v${apiVersion}`;
  return ok({
    options,
    endpoint: endpointOf(host),
    ...(apiVersion === undefined ? {} : { version: apiVersion }),
    timeoutMs: Math.round(timeoutS * 1000),
    ...(tlsOptions.value === undefined ? {} : { tlsVerify: tlsOptions.value.verify, tlsFiles: tlsOptions.value.files }),
    ...(ssh.value === undefined ? {} : { ssh: ssh.value }),
  });
}

type SshOptions = NonNullable<Resolved<DaemonClient>["ssh"]>;
const DEFAULT_IDENTITIES = ["id_ed25519", "id_ecdsa", "id_rsa"];

/**
 * `daemon_client.ssh` and the environment as an ssh client reads them: `SSH_AUTH_SOCK`, the key
 * named by `identity_file` (which must be readable) or else the usual `~/.ssh/id_*` that exist,
 * and `~/.ssh/known_hosts` plus `/etc/ssh/ssh_known_hosts` unless `known_hosts` names a file.
 */
function sshSettings(
  host: ParsedHost,
  ssh: SshOptions | undefined,
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile,
  addressPath: string,
): Result<SshSettings | undefined, TranslationError> {
  if (host.protocol !== "ssh") {
    if (ssh === undefined) return ok(undefined);
    return err(
      invalidOption("daemon_client.ssh", `ssh options need an ssh:// address, and ${addressPath} is ${host.url}`),
    );
  }
  const home = env.HOME ?? env.USERPROFILE ?? "";
  const identities: { path: string; key: string }[] = [];
  if (ssh?.identity_file) {
    const key = safeRead(readFile, ssh.identity_file);
    if (key.isErr()) {
      return err(
        invalidOption(
          "daemon_client.ssh.identity_file",
          `cannot read the ssh key ${ssh.identity_file}: ${describe(key.error)}`,
        ),
      );
    }
    identities.push({ path: ssh.identity_file, key: key.value });
  } else {
    for (const name of DEFAULT_IDENTITIES) {
      const path = `${home}/.ssh/${name}`;
      safeRead(readFile, path).map((key) => identities.push({ path, key }));
    }
  }
  return ok({
    host: host.host,
    port: host.port,
    ...(host.username === undefined ? {} : { username: host.username }),
    ...(env.SSH_AUTH_SOCK ? { agentSocket: env.SSH_AUTH_SOCK } : {}),
    identities,
    knownHosts: ssh?.known_hosts ? [ssh.known_hosts] : [`${home}/.ssh/known_hosts`, "/etc/ssh/ssh_known_hosts"],
    acceptNewHostKey: ssh?.accept_new_host_key === true,
  });
}

function connectionOptions(host: ParsedHost): DaemonOptions {
  switch (host.protocol) {
    case "unix":
      return { socketPath: host.socketPath };
    case "ssh":
      // Plain http to the host: the ssh tunnel's agent carries it (see `ssh`).
      return { protocol: "http", host: host.host, port: host.port };
    default:
      return {
        protocol: host.protocol,
        host: host.host,
        port: host.port,
        ...(host.path === "" ? {} : { pathPrefix: host.path }),
      };
  }
}

function endpointOf(host: ParsedHost): string {
  switch (host.protocol) {
    case "unix":
      return `unix://${host.socketPath}`;
    default:
      return host.url;
  }
}

function tlsConnection(
  tls: Tls,
  path: string,
  readFile: ReadFile,
): Result<{ options: DaemonOptions; verify: boolean; files: TlsFiles }, TranslationError> {
  // tls: true is docker-py's plain SSLAdapter: https, the system CAs, no client certificate.
  if (tls === true) return ok({ options: { protocol: "https" }, verify: true, files: { from: path } });
  if (tls === false) return ok({ options: {}, verify: true, files: { from: path } });
  const options: DaemonOptions = { protocol: "https" };
  const files: { ca?: string; cert?: string; key?: string; from: string } = { from: path };
  const read = (file: string, at: string, message: string): Result<string, TranslationError> =>
    safeRead(readFile, file).mapErr((cause) => invalidOption(at, `${message} (${file}: ${describe(cause)})`));

  if (tls.client_cert !== undefined && tls.client_cert !== null) {
    const pair = Array.isArray(tls.client_cert)
      ? tls.client_cert
      : [(tls.client_cert as { cert: string }).cert, (tls.client_cert as { key: string }).key];
    const [certFile, keyFile] = pair;
    if (!certFile || !keyFile) return err(invalidOption(`${path}.client_cert`, CLIENT_CERT_PATHS));
    const cert = read(certFile, `${path}.client_cert`, CLIENT_CERT_PATHS);
    if (cert.isErr()) return err(cert.error);
    const key = read(keyFile, `${path}.client_cert`, CLIENT_CERT_PATHS);
    if (key.isErr()) return err(key.error);
    options.cert = cert.value;
    options.key = key.value;
    files.cert = certFile;
    files.key = keyFile;
  }
  const verify = tls.verify !== false && tls.verify !== "";
  // requests' verify may itself be a CA bundle path; ca_cert wins when both are given.
  const caFile = tls.ca_cert || (typeof tls.verify === "string" ? tls.verify : undefined);
  if (verify && caFile) {
    const ca = read(caFile, `${path}.ca_cert`, "Invalid CA certificate provided for `tls_ca_cert`.");
    if (ca.isErr()) return err(ca.error);
    options.ca = ca.value;
    files.ca = caFile;
  }
  // assert_hostname: false skips the name check; a string checks the certificate against it.
  const expected = tls.assert_hostname;
  if (verify && expected === false) options.checkServerIdentity = () => undefined;
  if (verify && typeof expected === "string" && expected !== "") {
    options.checkServerIdentity = (_hostname, cert) => checkServerIdentity(expected, cert);
  }
  return ok({ options, verify, files });
}

function safeRead(readFile: ReadFile, file: string): Result<string, unknown> {
  try {
    const content = readFile(file);
    return typeof content === "string" ? ok(content) : content;
  } catch (cause) {
    return err(cause);
  }
}

function describe(cause: unknown): string {
  if (typeof cause === "string") return cause;
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "object" && cause !== null && "message" in cause) return String(cause.message);
  return String(cause);
}
