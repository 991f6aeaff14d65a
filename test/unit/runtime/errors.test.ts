/** fromEngine keeps the engine's own kinds and otherwise gives the task's kind; a throw inside berth is a BerthDefect. */
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import type { EngineError } from "../../../runtime/docker/engine-client.ts";
import { fromEngine, withLogTail } from "../../../runtime/errors.ts";
import { guarded } from "../../../runtime/run.ts";

type PlainKind = Exclude<
  EngineError["kind"],
  "AuthFailed" | "HostKeyMismatch" | "HostKeyUnknown" | "TlsFailed" | "ApiVersionTooOld"
>;
const engineError = (kind: PlainKind, message = "boom"): EngineError => ({
  kind,
  message,
  endpoint: "unix:///var/run/docker.sock",
});
const at = { node: "db", operation: "stop" as const };

describe("fromEngine", () => {
  it("keeps the kinds the engine decides, with the endpoint", () => {
    for (const kind of ["DaemonUnreachable", "Timeout", "PortConflict", "EngineGone"] as const) {
      expect(fromEngine(engineError(kind), "ContainerStopFailed", "Error while stopping", at)).toMatchObject({
        kind,
        node: "db",
        operation: "stop",
        endpoint: "unix:///var/run/docker.sock",
      });
    }
  });

  it("keeps a connection failure's facts under berth's name for it", () => {
    const e = fromEngine(
      { kind: "AuthFailed", user: "deploy", tried: ["/k/id"], message: "refused", endpoint: "ssh://deploy@h:22" },
      "ContainerStopFailed",
      "Error while stopping",
      at,
    );
    expect(e).toMatchObject({
      kind: "DaemonAuthFailed",
      user: "deploy",
      tried: ["/k/id"],
      node: "db",
      endpoint: "ssh://deploy@h:22",
      message: "Error while stopping: refused",
    });
    const tls = fromEngine(
      { kind: "TlsFailed", check: "unknown-ca", file: "/c/ca.pem", message: "not signed", endpoint: "https://h:1" },
      "EngineError",
      "cannot use the Docker daemon at https://h:1",
    );
    expect(tls).toMatchObject({ kind: "TlsFailed", check: "unknown-ca", file: "/c/ca.pem" });
    const gone = fromEngine(engineError("EngineGone", "socket hang up"), "ImageBuildFailed", "Error while building", {
      node: "db",
      operation: "create",
    });
    expect(gone.message).toBe(
      "Error while building: the Docker engine at unix:///var/run/docker.sock went away during the request (socket hang up); it stopped, crashed or restarted",
    );
  });

  it("gives anything else the task's kind, with the engine's message after the task's words", () => {
    for (const kind of ["BadRequest", "Conflict", "ServerError", "ImageInUse", "NotFound"] as const) {
      const e = fromEngine(engineError(kind, "no such thing"), "ContainerStopFailed", "Error while stopping", at);
      expect(e).toMatchObject({ kind: "ContainerStopFailed", message: "Error while stopping: no such thing" });
    }
    expect(fromEngine(engineError("ServerError"), "EngineError", "cannot list")).toMatchObject({
      kind: "EngineError",
      endpoint: "unix:///var/run/docker.sock",
    });
  });

  it("attaches a log tail once", () => {
    const e = fromEngine(engineError("BadRequest"), "ContainerStartFailed", "Error while starting", {
      node: "db",
      operation: "start",
    });
    if (e.kind !== "ContainerStartFailed") throw new Error(`unexpected ${e.kind}`);
    const once = withLogTail(e, "last line");
    expect(once.logTail).toBe("last line");
    expect(withLogTail(once, "other").logTail).toBe("last line");
    expect(withLogTail(e, "")).toBe(e);
  });
});

describe("guarded", () => {
  it("turns an exception inside berth into a BerthDefect, not an engine error", async () => {
    const result = await guarded(() => {
      throw new TypeError("cannot read properties of undefined");
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "BerthDefect",
      message: expect.stringContaining("cannot read properties of undefined"),
    });
  });

  it("passes a returned error through unchanged", async () => {
    const error = fromEngine(engineError("ServerError"), "EngineError", "cannot list");
    expect((await guarded(() => errAsync(error)))._unsafeUnwrapErr()).toBe(error);
  });
});
