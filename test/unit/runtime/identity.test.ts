/** Deployment ids, default ids from plan files, and container names that never collide. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containerName, defaultDeploymentId, deploymentIdProblem } from "../../../runtime/identity.ts";

// Docker's container-name rule, which berth's names must follow.
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const nameChar = fc.constantFrom(..."ab_.-1".split(""));
const dockerName = fc
  .tuple(fc.constantFrom("a", "b", "1"), fc.array(nameChar, { maxLength: 6 }))
  .map(([first, rest]) => first + rest.join(""));

describe("container names", () => {
  it("are one-to-one: two different deployment/node pairs never share a name", () => {
    expect(containerName("a_b", "c")).not.toBe(containerName("a", "b_c"));
    expect(containerName("a_b", "c")).toBe("a__b_c");
    expect(containerName("a", "b_c")).toBe("a_b_c");
    fc.assert(
      fc.property(dockerName, dockerName, dockerName, dockerName, (d1, n1, d2, n2) => {
        fc.pre(d1 !== d2 || n1 !== n2);
        expect(containerName(d1, n1)).not.toBe(containerName(d2, n2));
      }),
      { numRuns: 5000 },
    );
  });

  it("follow Docker's name rules and read as <deployment>_<node> for ids without _", () => {
    fc.assert(
      fc.property(dockerName, dockerName, (d, n) => {
        expect(containerName(d, n)).toMatch(DOCKER_NAME);
      }),
    );
    expect(containerName("demo-1f0c9a2b", "db_server")).toBe("demo-1f0c9a2b_db_server");
  });
});

describe("deployment ids", () => {
  it("accept Docker-name-like ids up to 64 characters and say what is wrong with others", () => {
    expect(deploymentIdProblem("staging")).toBeUndefined();
    expect(deploymentIdProblem("a.b_c-1")).toBeUndefined();
    expect(deploymentIdProblem("x".repeat(64))).toBeUndefined();
    expect(deploymentIdProblem("x".repeat(65))).toMatch(/65 characters long; the limit is 64/);
    for (const bad of ["", "../etc", "a/b", ".hidden", "..", "-x", "a b", "é"])
      expect(deploymentIdProblem(bad), bad).toMatch(/must start with a letter or digit/);
    expect(deploymentIdProblem(42)).toMatch(/must be a string/);
  });

  it("default to the plan's name and a hash of the file's real path: two blueprint.yaml never share one", () => {
    const a = defaultDeploymentId("blueprint", "/home/ann/shop/blueprint.yaml");
    const b = defaultDeploymentId("blueprint", "/home/ann/blog/blueprint.yaml");
    expect(a).toMatch(/^blueprint-[0-9a-f]{8}$/);
    expect(b).toMatch(/^blueprint-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(defaultDeploymentId("blueprint", "/home/ann/shop/blueprint.yaml")).toBe(a);
    // `_` becomes `-`, so a default id needs no escaping in container names.
    expect(defaultDeploymentId("db_server", "/x/db_server.ts")).toMatch(/^db-server-[0-9a-f]{8}$/);
    const long = defaultDeploymentId("n".repeat(200), "/x/p.ts");
    expect(long).toHaveLength(64);
    expect(deploymentIdProblem(long)).toBeUndefined();
  });
});
