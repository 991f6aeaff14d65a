import { describe, expect, it } from "vitest";
import { ConnectionFailure, idleTimeout } from "../../../runtime/docker/connection-failure.ts";
import { toEngineError } from "../../../runtime/docker/dockerode-client.ts";
import { demuxLogs, LogLineSplitter } from "../../../runtime/docker/log-demux.ts";
import { progressReader, streamError } from "../../../runtime/docker/progress-stream.ts";
import { formatPort, psPorts } from "../../../runtime/tasks/ports.ts";

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("toEngineError", () => {
  it("leaves out the HTML error page a server gave the engine for an import's URL", () => {
    const json = {
      message:
        'Get "http://127.0.0.1:18250/missing.tar": status 404 File not found: <!DOCTYPE HTML>\n<html lang="en">\n<head></head>\n</html>',
    };
    expect(toEngineError({ statusCode: 500, json }, "unix:///var/run/docker.sock").message).toBe(
      `Get "http://127.0.0.1:18250/missing.tar": status 404 File not found: (the server's HTML error page left out)`,
    );
  });

  const at = "unix:///var/run/docker.sock";
  it("maps the engine's answers and socket failures to kinds", () => {
    const cases: [unknown, string][] = [
      [
        Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" }),
        "DaemonUnreachable",
      ],
      [Object.assign(new Error("connect ENOENT /x.sock"), { code: "ENOENT", syscall: "connect" }), "DaemonUnreachable"],
      [{ statusCode: 404, json: { message: "No such image: x" } }, "NotFound"],
      [
        {
          statusCode: 409,
          json: {
            message: "conflict: unable to delete abc (must be forced) - image is being used by stopped container def",
          },
        },
        "ImageInUse",
      ],
      [{ statusCode: 409, json: { message: 'Conflict. The container name "/x" is already in use' } }, "Conflict"],
      [
        {
          statusCode: 500,
          json: {
            message:
              "driver failed programming external connectivity: Bind for 127.0.0.1:80 failed: port is already allocated",
          },
        },
        "PortConflict",
      ],
      [{ statusCode: 400, json: { message: 'exec: "wrong": executable file not found in $PATH' } }, "BadRequest"],
      [{ statusCode: 500, json: { message: "boom" } }, "ServerError"],
    ];
    for (const [e, kind] of cases) expect(toEngineError(e, at)).toMatchObject({ kind, endpoint: at });
    expect(toEngineError({ statusCode: 404, json: { message: "No such image: x" } }, at).message).toBe(
      "No such image: x",
    );
  });
});

describe("toEngineError on connections", () => {
  const at = {
    endpoint: "https://10.0.0.5:2376",
    tlsFiles: { ca: "/c/ca.pem", cert: "/c/cert.pem", from: "daemon_client.tls" },
  };
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

  it("reads an engine that went away from the socket's words, not as a bad request", () => {
    for (const e of [
      coded("ECONNRESET", "socket hang up"),
      coded("ECONNRESET", "aborted"),
      coded("EPIPE", "write EPIPE"),
      new Error("socket hang up"),
    ]) {
      expect(toEngineError(e, at)).toMatchObject({ kind: "EngineGone", endpoint: at.endpoint });
    }
    // An answer from the engine is never "gone", whatever its words.
    expect(toEngineError({ statusCode: 500, json: { message: "aborted" } }, at).kind).toBe("ServerError");
  });

  it("takes the transport's own failures, also as an abort's reason, with their facts", () => {
    const failure = new ConnectionFailure(
      { kind: "AuthFailed", user: "deploy", tried: ["/k/id"] },
      "the ssh server refused the login as deploy",
      "EAUTH",
    );
    expect(toEngineError(failure, at)).toMatchObject({
      kind: "AuthFailed",
      user: "deploy",
      tried: ["/k/id"],
      message: "the ssh server refused the login as deploy",
      endpoint: at.endpoint,
    });
    const aborted = Object.assign(new Error("The operation was aborted"), {
      name: "AbortError",
      cause: idleTimeout(2000),
    });
    expect(toEngineError(aborted, at)).toMatchObject({
      kind: "Timeout",
      message: "nothing received for 2 s (daemon_client.timeout)",
    });
  });

  it("names the TLS check that failed and the file behind it", () => {
    expect(toEngineError(coded("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), at)).toMatchObject({
      kind: "TlsFailed",
      check: "unknown-ca",
      file: "/c/ca.pem",
      message: "the engine's certificate is not signed by the CA in /c/ca.pem (UNABLE_TO_VERIFY_LEAF_SIGNATURE)",
    });
    expect(toEngineError(coded("SELF_SIGNED_CERT_IN_CHAIN"), "https://h:1")).toMatchObject({
      check: "unknown-ca",
      message: expect.stringContaining("not signed by a CA this system trusts"),
    });
    expect(toEngineError(coded("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match"), at)).toMatchObject({
      check: "hostname",
    });
    expect(toEngineError(coded("CERT_HAS_EXPIRED"), at)).toMatchObject({ check: "expired" });
    expect(toEngineError(coded("ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE"), at)).toMatchObject({
      check: "client-certificate",
      file: "/c/cert.pem",
      message: expect.stringContaining("the engine refused the client certificate /c/cert.pem"),
    });
    const none = { endpoint: "https://h:1", tlsFiles: { ca: "/certs/ca.pem", from: "DOCKER_TLS_VERIFY" } };
    expect(toEngineError(coded("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"), none)).toMatchObject({
      check: "client-certificate",
      message: expect.stringContaining(
        "berth sent none (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED); give one in DOCKER_CERT_PATH",
      ),
    });
    expect(toEngineError(coded("ERR_SSL_WRONG_VERSION_NUMBER"), at)).toMatchObject({ check: "handshake" });
  });
});

describe("ports", () => {
  it("turns inspect's Ports into docker ps entries, sorted, and formats them", () => {
    const ports = psPorts({
      "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }],
      "53/udp": null,
      "80/tcp": [],
    });
    expect(ports).toEqual([
      { PrivatePort: 53, Type: "udp" },
      { PrivatePort: 80, Type: "tcp" },
      { IP: "127.0.0.1", PrivatePort: 8080, PublicPort: 18080, Type: "tcp" },
    ]);
    expect(ports.map(formatPort)).toEqual(["53/udp", "80/tcp", "127.0.0.1:18080->8080/tcp"]);
    expect(psPorts(null)).toEqual([]);
  });
});

describe("log and progress streams", () => {
  it("demultiplexes frames and lines cut across chunks", () => {
    const lines: string[] = [];
    const splitter = new LogLineSplitter(true, (l) => lines.push(l));
    const all = Buffer.concat([frame(1, "hel"), frame(2, "lo\nwor"), frame(1, "ld\nlast")]);
    for (let i = 0; i < all.length; i += 5) splitter.push(all.subarray(i, i + 5));
    splitter.end();
    expect(lines).toEqual(["hello", "world", "last"]);
    expect(demuxLogs(Buffer.from("a\r\nb\n"), false)).toBe("a\nb");
  });

  it("reads JSON lines, keeps non-JSON text, and finds in-band errors", () => {
    const seen: unknown[] = [];
    const reader = progressReader((m) => seen.push(m));
    reader.push('{"status":"Downloading"}\n{"stream":"Step 1/2');
    reader.push(' : FROM x\\n"}\nnot json\n{"errorDetail":{"message":"failed"},"error":"failed"}');
    const messages = reader.end();
    expect(messages).toEqual([
      { status: "Downloading" },
      { stream: "Step 1/2 : FROM x\n" },
      { stream: "not json" },
      { errorDetail: { message: "failed" }, error: "failed" },
    ]);
    expect(seen).toHaveLength(4);
    expect(streamError(messages)).toBe("failed");
  });
});
