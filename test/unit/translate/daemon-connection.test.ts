import { err, ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import type { DaemonClient } from "../../../dsl/options.ts";
import { daemonConnection, type ReadFile } from "../../../runtime/docker/translate/mod.ts";

const files: Record<string, string> = {
  "/certs/cert.pem": "CERT",
  "/certs/key.pem": "KEY",
  "/certs/ca.pem": "CA",
  "/home/me/.docker/cert.pem": "HOME-CERT",
  "/home/me/.docker/key.pem": "HOME-KEY",
  "/home/me/.docker/ca.pem": "HOME-CA",
  "/home/me/.ssh/id_ed25519": "HOME-ED25519",
  "/keys/deploy": "DEPLOY",
};
const readFile: ReadFile = (path) => (path in files ? ok(files[path] as string) : err(new Error("ENOENT")));
const connect = (dc: DaemonClient | undefined, env: Record<string, string> = {}) => daemonConnection(dc, env, readFile);

describe("daemonConnection", () => {
  it("defaults to the unix socket, 60 s, no version", () => {
    expect(connect(undefined)._unsafeUnwrap()).toEqual({
      options: { socketPath: "/var/run/docker.sock" },
      endpoint: "unix:///var/run/docker.sock",
      timeoutMs: 60_000,
    });
  });

  it("uses DOCKER_HOST when base_url is not given, and base_url when it is", () => {
    expect(connect({}, { DOCKER_HOST: "tcp://10.0.0.5:2375" })._unsafeUnwrap()).toEqual({
      options: { protocol: "http", host: "10.0.0.5", port: 2375 },
      endpoint: "http://10.0.0.5:2375",
      timeoutMs: 60_000,
    });
    expect(
      connect(
        { base_url: "unix:///run/user.sock", timeout: 5, version: "1.41" },
        { DOCKER_HOST: "tcp://x:1" },
      )._unsafeUnwrap(),
    ).toEqual({
      options: { socketPath: "/run/user.sock", version: "v1.41" },
      endpoint: "unix:///run/user.sock",
      version: "1.41",
      timeoutMs: 5000,
    });
  });

  it("keeps a path after the port as docker-modem's pathPrefix", () => {
    expect(connect({ base_url: "somehost.net:80/service/swarm" })._unsafeUnwrap().options).toEqual({
      protocol: "http",
      host: "somehost.net",
      port: 80,
      pathPrefix: "/service/swarm",
    });
  });

  it("connects over ssh: plain http to the host, carried by the ssh tunnel, with ssh's defaults", () => {
    const env = { HOME: "/home/me", SSH_AUTH_SOCK: "/tmp/agent.sock" };
    expect(connect({ base_url: "ssh://deploy@build-host" }, env)._unsafeUnwrap()).toEqual({
      options: { protocol: "http", host: "build-host", port: 22 },
      endpoint: "ssh://deploy@build-host:22",
      timeoutMs: 60_000,
      ssh: {
        host: "build-host",
        port: 22,
        username: "deploy",
        agentSocket: "/tmp/agent.sock",
        identities: [{ path: "/home/me/.ssh/id_ed25519", key: "HOME-ED25519" }],
        knownHosts: ["/home/me/.ssh/known_hosts", "/etc/ssh/ssh_known_hosts"],
        acceptNewHostKey: false,
      },
    });
  });

  it("takes daemon_client.ssh: one key file, one known_hosts, accepting new host keys", () => {
    const dc = {
      base_url: "ssh://h:2222",
      ssh: { identity_file: "/keys/deploy", known_hosts: "/keys/known_hosts", accept_new_host_key: true },
    };
    expect(connect(dc, { HOME: "/home/me" })._unsafeUnwrap().ssh).toEqual({
      host: "h",
      port: 2222,
      identities: [{ path: "/keys/deploy", key: "DEPLOY" }],
      knownHosts: ["/keys/known_hosts"],
      acceptNewHostKey: true,
    });
    // The same settings apply to an ssh DOCKER_HOST.
    expect(connect({ ssh: dc.ssh }, { DOCKER_HOST: "ssh://me@h" })._unsafeUnwrap().ssh?.knownHosts).toEqual([
      "/keys/known_hosts",
    ]);
  });

  it("names an unreadable key file, and ssh options on an address that is not ssh", () => {
    expect(connect({ base_url: "ssh://h", ssh: { identity_file: "/keys/none" } })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.ssh.identity_file",
      message: "cannot read the ssh key /keys/none: ENOENT",
    });
    expect(connect({ base_url: "tcp://h:2375", ssh: { known_hosts: "/k" } })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.ssh",
      message: "ssh options need an ssh:// address, and daemon_client.base_url is http://h:2375",
    });
  });

  it("reads DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like kwargs_from_env (tcp becomes https)", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" };
    expect(connect({}, env)._unsafeUnwrap()).toEqual({
      options: { protocol: "https", host: "h", port: 2376, cert: "CERT", key: "KEY", ca: "CA" },
      endpoint: "https://h:2376",
      timeoutMs: 60_000,
      tlsVerify: true,
      tlsFiles: { ca: "/certs/ca.pem", cert: "/certs/cert.pem", key: "/certs/key.pem", from: "DOCKER_TLS_VERIFY" },
    });
  });

  it("defaults the cert path to ~/.docker", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", HOME: "/home/me" };
    expect(connect({}, env)._unsafeUnwrap().options).toEqual({
      protocol: "https",
      host: "h",
      port: 2376,
      cert: "HOME-CERT",
      key: "HOME-KEY",
      ca: "HOME-CA",
    });
  });

  it("ignores the environment's TLS settings for an explicit base_url", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" };
    expect(connect({ base_url: "tcp://other:2375" }, env)._unsafeUnwrap().options).toEqual({
      protocol: "http",
      host: "other",
      port: 2375,
    });
  });

  it("takes tls: true as https with the system CAs", () => {
    expect(connect({ base_url: "https://h:2376", tls: true })._unsafeUnwrap()).toEqual({
      options: { protocol: "https", host: "h", port: 2376 },
      endpoint: "https://h:2376",
      timeoutMs: 60_000,
      tlsVerify: true,
      tlsFiles: { from: "daemon_client.tls" },
    });
  });

  it("reads client_cert as a pair or a dict, and ca_cert", () => {
    const expected = { protocol: "https", host: "h", port: 2376, cert: "CERT", key: "KEY", ca: "CA" };
    expect(
      connect({
        base_url: "https://h:2376",
        tls: { client_cert: ["/certs/cert.pem", "/certs/key.pem"], ca_cert: "/certs/ca.pem", verify: true },
      })._unsafeUnwrap().options,
    ).toEqual(expected);
    expect(
      connect({
        base_url: "https://h:2376",
        tls: { client_cert: { cert: "/certs/cert.pem", key: "/certs/key.pem" }, ca_cert: "/certs/ca.pem" },
      })._unsafeUnwrap().options,
    ).toEqual(expected);
  });

  it("takes verify as a CA path, and verify: false as no verification", () => {
    expect(connect({ base_url: "https://h:1", tls: { verify: "/certs/ca.pem" } })._unsafeUnwrap().options.ca).toBe(
      "CA",
    );
    const off = connect({ base_url: "https://h:1", tls: { verify: false, ca_cert: "/certs/ca.pem" } })._unsafeUnwrap();
    expect(off.options).toEqual({ protocol: "https", host: "h", port: 1 });
    expect(off.tlsVerify).toBe(false);
  });

  it("replaces the hostname check for assert_hostname", () => {
    const skip = connect({ base_url: "https://h:1", tls: { assert_hostname: false } })._unsafeUnwrap().options;
    expect(skip.checkServerIdentity?.("h", {} as never)).toBeUndefined();
    const named = connect({ base_url: "https://10.0.0.1:1", tls: { assert_hostname: "docker.local" } })._unsafeUnwrap()
      .options;
    const cert = { subject: { CN: "docker.local" }, subjectaltname: "DNS:docker.local" } as never;
    expect(named.checkServerIdentity?.("10.0.0.1", cert)).toBeUndefined();
    const wrong = { subject: { CN: "other" }, subjectaltname: "DNS:other" } as never;
    expect(named.checkServerIdentity?.("10.0.0.1", wrong)).toBeInstanceOf(Error);
  });

  it("rejects tls with a base_url that is not https (TLSParameterError)", () => {
    expect(connect({ base_url: "tcp://h:2376", tls: true })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.tls",
      message: 'If using TLS, the base_url argument must begin with "https://".',
    });
    expect(connect({ tls: true })._unsafeUnwrapErr().path).toBe("daemon_client.tls");
  });

  it("reports unreadable certificate files with docker-py's message", () => {
    expect(
      connect({
        base_url: "https://h:1",
        tls: { client_cert: ["/nope/cert.pem", "/certs/key.pem"] },
      })._unsafeUnwrapErr(),
    ).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.tls.client_cert",
      message:
        "Path to a certificate and key files must be provided through the client_config param (/nope/cert.pem: ENOENT)",
    });
    expect(
      connect({ base_url: "https://h:1", tls: { ca_cert: "/nope/ca.pem", verify: true } })._unsafeUnwrapErr().message,
    ).toBe("Invalid CA certificate provided for `tls_ca_cert`. (/nope/ca.pem: ENOENT)");
  });

  it("accepts a throwing readFile that returns strings", () => {
    const plain = (path: string) => {
      if (path === "/certs/ca.pem") return "PLAIN-CA";
      throw new Error(`ENOENT: ${path}`);
    };
    expect(
      daemonConnection({ base_url: "https://h:1", tls: { ca_cert: "/certs/ca.pem" } }, {}, plain)._unsafeUnwrap()
        .options.ca,
    ).toBe("PLAIN-CA");
    expect(daemonConnection({ base_url: "https://h:1", tls: { ca_cert: "/x" } }, {}, plain).isErr()).toBe(true);
  });

  it("checks the version parameter", () => {
    const float = { version: 1.41 } as unknown as DaemonClient;
    expect(connect(float)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.version",
      message: "Version parameter must be a string or None. Found float",
    });
    expect(connect({ version: "latest" })._unsafeUnwrapErr().message).toBe(
      "Invalid API version: latest (expected a version such as 1.41)",
    );
    expect(connect({ version: "1.23" })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "daemon_client.version",
      message: "Engine API 1.23 is older than 1.24: berth needs Engine API 1.24 or later",
    });
    expect(connect({ version: "1.24" })._unsafeUnwrap().version).toBe("1.24");
    expect(connect({ version: "auto" })._unsafeUnwrap()).toEqual({
      options: { socketPath: "/var/run/docker.sock" },
      endpoint: "unix:///var/run/docker.sock",
      timeoutMs: 60_000,
    });
  });

  it("reports DOCKER_HOST errors under DOCKER_HOST", () => {
    expect(connect({}, { DOCKER_HOST: "tcp://nohost" })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "DOCKER_HOST",
      message: "Bind address needs a port: nohost",
    });
  });
});
