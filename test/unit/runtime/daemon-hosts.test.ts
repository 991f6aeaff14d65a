/**
 * Any DOCKER_HOST gives a Result, never a crash (issue #15): berth reads the environment once,
 * and docker-modem, which reads DOCKER_HOST again on every construction and throws on some
 * values, never sees it. Nothing here reaches an engine: the addresses are refused on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clientPool } from "../../../runtime/docker/client-pool.ts";

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe("DOCKER_HOST", () => {
  it("is an InvalidOption or an unreachable daemon, whatever it holds", async () => {
    const cases: [string, string][] = [
      ["ssh://", "InvalidOption"],
      ["ssh://user@", "InvalidOption"],
      ["ssh://user:secret@host", "InvalidOption"],
      ["ssh://host:notaport", "InvalidOption"],
      ["tcp://a b", "InvalidOption"],
      ["tcp://host", "InvalidOption"],
      ["fd://", "InvalidOption"],
      ["npipe:////./pipe/docker_engine", "InvalidOption"],
      ["tcp://127.0.0.1:1", "DaemonUnreachable"],
      ["ssh://nobody@127.0.0.1:1", "DaemonUnreachable"],
      ["unix:///nonexistent/docker.sock", "DaemonUnreachable"],
    ];
    for (const [host, kind] of cases) {
      const result = await clientPool(undefined, { DOCKER_HOST: host, HOME: "/nonexistent" })({});
      expect([host, result.isErr() && result.error.kind]).toEqual([host, kind]);
    }
  });

  it("in the process environment does not reach docker-modem", async () => {
    // docker-modem throws "DOCKER_HOST env variable should be something like tcp://localhost:1234" for this.
    process.env.DOCKER_HOST = "tcp://a b";
    const result = await clientPool(undefined, {})({ base_url: "unix:///nonexistent/docker.sock" });
    expect(result.isErr() && result.error.kind).toBe("DaemonUnreachable");
  });
});
