import { describe, expect, it } from "vitest";
import { canonicalJson, configHash } from "../../../runtime/config-hash.ts";
import type { ContainerSummary } from "../../../runtime/docker/engine-client.ts";
import { mergeDockerEnvVar } from "../../../runtime/env-merge.ts";
import { decide } from "../../../runtime/workflows/node-decision.ts";

describe("mergeDockerEnvVar", () => {
  it("adds docker_env_var entries str()-ed as Python would, explicit entries winning", () => {
    expect(mergeDockerEnvVar({ b: "2", c: "1" }, { a: 10, 3: { x: [], y: "value" }, b: [], t: true, n: null })).toEqual(
      {
        b: "2",
        c: "1",
        a: "10",
        3: "{'x': [], 'y': 'value'}",
        t: "True",
        n: "None",
      },
    );
  });

  it("leaves the environment alone without docker_env_var, and merges into the list form by key", () => {
    expect(mergeDockerEnvVar({ A: "1" }, undefined)).toEqual({ A: "1" });
    expect(mergeDockerEnvVar(undefined, { A: 1 })).toEqual({ A: "1" });
    expect(mergeDockerEnvVar(["A=1"], { A: 2, B: 3 })).toEqual(["A=1", "B=3"]);
  });
});

describe("configHash", () => {
  it("does not depend on key order, and changes with the config", () => {
    const a = { daemon_client: {}, container_config: { command: "x", environment: { A: "1", B: "2" } } };
    const b = { container_config: { environment: { B: "2", A: "1" }, command: "x" }, daemon_client: {} };
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash({ ...a, container_config: { command: "y" } })).not.toBe(configHash(a));
    expect(configHash({ ...a, localImageId: "sha256:1" })).not.toBe(configHash({ ...a, localImageId: "sha256:2" }));
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 2 }] })).toBe('{"a":[null,{"c":2}],"b":1}');
  });
});

describe("decide", () => {
  const summary = (hash: string, State: string, Status: string): ContainerSummary => ({
    Id: "abcdef1234567890",
    Names: ["/x"],
    Image: "i",
    ImageID: "i",
    Labels: { "berth.config-hash": hash },
    State,
    Status,
  });
  it("creates, keeps, or recreates", () => {
    expect(decide([], "h").action).toBe("create");
    expect(decide([summary("h", "running", "Up 3 seconds")], "h").action).toBe("unchanged");
    const exited0 = summary("h", "exited", "Exited (0) 1 second ago");
    const record = { runtimeProperties: {} };
    // A job that ran to completion while up started it stays; a service that exited 0 later was stopped.
    expect(decide([exited0], "h", { ...record, completed: true }).action).toBe("unchanged");
    expect(decide([exited0], "h", record)).toMatchObject({
      action: "recreate",
      reason: expect.stringMatching(/should be running/),
    });
    expect(decide([summary("h", "running", "Up")], "h", { ...record, failed: true })).toMatchObject({
      action: "recreate",
      reason: expect.stringMatching(/keep-on-failure/),
    });
    expect(decide([summary("h", "exited", "Exited (1) 1 second ago")], "h")).toMatchObject({ action: "recreate" });
    expect(decide([summary("old", "running", "Up")], "h")).toEqual({ action: "recreate", reason: "config changed" });
    const digest = { "container_config.command": "aaa", "container_config.environment.FOO": "bbb" };
    expect(
      decide(
        [summary("old", "running", "Up")],
        "h",
        { ...record, configDigest: digest },
        {
          ...digest,
          "container_config.environment.FOO": "ccc",
        },
      ),
    ).toEqual({ action: "recreate", reason: "changed: container_config.environment.FOO" });
    expect(decide([summary("h", "running", "Up"), summary("h", "running", "Up")], "h").action).toBe("recreate");
  });

  it("keeps the created container of a node without a start operation, until its config changes", () => {
    const created = summary("h", "created", "Created");
    expect(decide([created], "h", undefined, undefined, { starts: false })).toMatchObject({
      action: "unchanged",
      reason: "container abcdef123456 exists with the same config (the node has no start operation)",
    });
    expect(decide([created], "h")).toMatchObject({
      action: "recreate",
      reason: expect.stringMatching(/should be running/),
    });
    expect(decide([summary("old", "created", "Created")], "h", undefined, undefined, { starts: false })).toMatchObject({
      action: "recreate",
    });
  });
});
