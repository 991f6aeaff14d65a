/** Proves the engine that CI starts works: the busybox image runs a container that prints a line. */
import { execFileSync } from "node:child_process";
import Dockerode from "dockerode";
import { afterEach, describe, expect, it } from "vitest";

const docker = new Dockerode();
const created: Dockerode.Container[] = [];

afterEach(async () => {
  for (const container of created.splice(0)) await container.remove({ force: true }).catch(() => undefined);
});

describe("the test engine", () => {
  it("builds the FROM scratch busybox image and runs a container that prints a line", async () => {
    execFileSync("bash", ["scripts/test-images.sh"]);
    const image = await docker.getImage("berth-test/busybox:latest").inspect();
    expect(image.RootFS.Layers?.length ?? 0).toBeGreaterThan(0);

    const container = await docker.createContainer({
      Image: "berth-test/busybox:latest",
      Cmd: ["/bin/echo", "hello from busybox"],
      Labels: { "berth.test": "smoke" },
    });
    created.push(container);
    await container.start();
    const exit = await container.wait();
    expect(exit.StatusCode).toBe(0);
    const logs = await container.logs({ stdout: true, stderr: true });
    // The log stream is multiplexed: an 8-byte header precedes each frame.
    expect(logs.subarray(8).toString()).toBe("hello from busybox\n");

    await container.remove();
    created.pop();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
