/** The run task's processes_to_wait_for against the real engine: met, and not met in time. */
import { describe, expect, it } from "vitest";
import { node, plan } from "../../dsl/mod.ts";
import { up } from "../../runtime/mod.ts";
import { BUSYBOX, cleanupAfterEach, leftovers, logMessages, unwrap, valid } from "./support/engine.ts";

const { setup } = cleanupAfterEach();

// httpd appears only after a second, so a wait of one look would miss it.
const lateServer = ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 1; httpd -f -p 8080 & wait"];

describe("processes_to_wait_for", () => {
  it("waits until the named process runs, then logs the top table", async () => {
    const { deployment, run } = setup("wait");
    const p = valid(
      plan(deployment, [
        node("web")
          .image(BUSYBOX)
          .config(lateServer)
          .start({}, { processes_to_wait_for: { process_names: ["httpd"], wait_for_time_secs: 15, interval: 0.2 } })
          .stop({ timeout: 1 }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    expect(report.nodes.web?.action).toBe("created");
    const info = logMessages(run.events, "web").find((m) => m.startsWith("Container: "));
    expect(info).toMatch(/httpd -f -p 8080/);
  });

  it("fails with ProcessesNotStarted naming the processes, and undoes the run", async () => {
    const { deployment, run } = setup("nowait");
    const p = valid(
      plan(deployment, [
        node("web")
          .image(BUSYBOX)
          .config(lateServer)
          .start({}, { processes_to_wait_for: { process_names: ["nginx"], wait_for_time_secs: 1, interval: 0.2 } })
          .stop({ timeout: 1 }),
      ]),
    );
    const result = await up(p, run.options);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ProcessesNotStarted", node: "web", operation: "start" });
    expect(error.message).toContain("one of the following processes was not started in the container: ['nginx']");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});
