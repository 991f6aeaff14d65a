import { describe, expect, it } from "vitest";
import { createContainerConfig, durationNs } from "../../../runtime/docker/translate/mod.ts";

const create = (healthcheck: unknown) =>
  createContainerConfig({
    image: "busybox",
    // biome-ignore lint/suspicious/noExplicitAny: bad values on purpose, as an unvalidated plan could hold
    config: { command: "true", healthcheck: healthcheck as any },
  });

describe("container_config.healthcheck → Config.Healthcheck", () => {
  it("a string test runs with the shell; durations become nanoseconds", () => {
    expect(
      create({
        test: "pg_isready",
        interval: "1s",
        timeout: "500ms",
        retries: 3,
        start_period: "1m30s",
      })._unsafeUnwrap().Healthcheck,
    ).toEqual({
      Test: ["CMD-SHELL", "pg_isready"],
      Interval: 1_000_000_000,
      Timeout: 500_000_000,
      Retries: 3,
      StartPeriod: 90_000_000_000,
    });
  });

  it("a list test is sent as given; integer durations are nanoseconds already (docker-py 2)", () => {
    expect(create({ test: ["CMD", "/bin/true"], interval: 2_000_000_000 })._unsafeUnwrap().Healthcheck).toEqual({
      Test: ["CMD", "/bin/true"],
      Interval: 2_000_000_000,
    });
    expect(create({ test: ["NONE"] })._unsafeUnwrap().Healthcheck).toEqual({ Test: ["NONE"] });
  });

  it("without a healthcheck the body has none", () => {
    expect(createContainerConfig({ image: "b", config: { command: "true" } })._unsafeUnwrap()).not.toHaveProperty(
      "Healthcheck",
    );
  });

  it("refuses what the engine would refuse, with the option's path", () => {
    expect(create({ test: ["/bin/true"] })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.healthcheck.test",
      message: 'a test list starts with "CMD", "CMD-SHELL" or "NONE"',
    });
    expect(create({ test: "true", interval: "500us" })._unsafeUnwrapErr()).toMatchObject({
      path: "container_config.healthcheck.interval",
      message: "a healthcheck duration is 0 or at least 1ms",
    });
    expect(create({ test: "true", timeout: "5 s" })._unsafeUnwrapErr()).toMatchObject({
      path: "container_config.healthcheck.timeout",
      message: 'expected a duration such as 500ms, 30s or 1m30s, got "5 s"',
    });
  });
});

describe("durationNs", () => {
  it.each([
    ["0s", 0],
    ["1ms", 1_000_000],
    ["1.5s", 1_500_000_000],
    ["2h45m", 9_900_000_000_000],
    ["1m0.5s", 60_500_000_000],
    ["1500µs", 1_500_000],
  ])("%s is %d ns", (text, ns) => {
    expect(durationNs(text, "x")._unsafeUnwrap()).toBe(ns);
  });

  it.each(["", "1", "s", "1d", "-1s", "1 s", "1s2", "999us"])("%j is not a duration (or under 1ms)", (text) => {
    expect(durationNs(text, "x").isErr()).toBe(true);
  });
});
