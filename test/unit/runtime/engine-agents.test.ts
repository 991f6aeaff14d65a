/**
 * The agents print as one line. docker-modem formats every request's options, the agent among
 * them, with util.inspect({ showHidden: true, depth: null }) for its debug log even when the log
 * is off; a node:http agent with pooled sockets prints as thousands of lines, and formatting them
 * cost berth's `up` of ten containers ~300 ms of CPU.
 */
import { createServer, get } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { engineAgents } from "../../../runtime/docker/engine-agents.ts";

describe("engine agents", () => {
  it("print as one line, however many sockets they pool", async () => {
    const server = createServer((_req, res) => res.end("OK"));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    const agents = engineAgents({
      options: { protocol: "http", host: "127.0.0.1", port },
      endpoint: `http://127.0.0.1:${port}`,
      timeoutMs: 60_000,
    });
    try {
      // Two requests at once leave two sockets in the keep-alive pool.
      const request = () =>
        new Promise<void>((done, fail) =>
          get({ host: "127.0.0.1", port, path: "/_ping", agent: agents.quick }, (res) =>
            res.resume().on("end", done),
          ).on("error", fail),
        );
      await Promise.all([request(), request()]);
      expect(Object.values(agents.quick.freeSockets).flat().length).toBe(2);
      const printed = inspect({ path: "/_ping", agent: agents.quick }, { showHidden: true, depth: null });
      expect(printed).toBe("{ path: '/_ping', agent: TimedHttpAgent { idleMs: 60000 } }");
      expect(inspect(agents.slow)).toBe("TimedHttpAgent { idleMs: 0 }");
    } finally {
      agents.quick.destroy();
      agents.slow.destroy();
      agents.close();
      await new Promise((done) => server.close(done));
    }
  });
});
