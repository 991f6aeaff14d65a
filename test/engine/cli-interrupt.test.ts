/** Ctrl-C during `berth up`: the run is undone, the exit code is 130, and no container is left. */
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { berth, containersOf, removeDeployment, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const deployments: string[] = [];

afterEach(() => {
  for (const name of deployments.splice(0)) removeDeployment(name);
});

describe("SIGINT during up", { timeout: 300_000 }, () => {
  it("rolls back and exits 130 with no orphan container", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-int", "test/fixtures/cli/two-nodes.ts");
    deployments.push(deployment);
    let sent = false;
    const out = await berth(["up", "test/fixtures/cli/two-nodes.ts", "--state-dir", stateDir], {
      env,
      // Interrupt once db's container exists, while the install is still going.
      onStderr: (soFar, kill) => {
        if (!sent && /db start started/.test(soFar)) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(out.code).toBe(130);
    expect(out.stderr).toContain("interrupted: stopping and undoing");
    expect(out.stderr).toContain("error: Interrupted");
    expect(containersOf(deployment)).toEqual([]);
  });

  it("a second SIGINT exits at once, and the next down cleans up", async () => {
    const { deployment, stateDir, env } = uniqueDeployment("cli-int2", "test/fixtures/cli/two-nodes.ts");
    deployments.push(deployment);
    let sent = 0;
    const out = await berth(["up", "test/fixtures/cli/two-nodes.ts", "--state-dir", stateDir], {
      env,
      onStderr: (soFar, kill) => {
        if (sent === 0 && /db start started/.test(soFar)) {
          sent = 1;
          kill("SIGINT");
        } else if (sent === 1 && /interrupted: stopping/.test(soFar)) {
          sent = 2;
          kill("SIGINT");
        }
      },
    });
    expect(out.code).toBe(130);
    expect(out.stderr).toContain("interrupted again: exiting now");
    // process.exit on the second Ctrl-C still released the deployment's lock.
    expect(readdirSync(stateDir).filter((f) => f.includes(".lock"))).toEqual([]);
    const down = await berth(["down", "test/fixtures/cli/two-nodes.ts", "--state-dir", stateDir, "-q"], { env });
    expect(down.code).toBe(0);
    expect(containersOf(deployment)).toEqual([]);
  });
});
