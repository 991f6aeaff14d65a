import { describe, expect, it } from "vitest";
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
