import { describe, expect, it } from "vitest";
import {
  convertDevices,
  convertDns,
  convertExtraHosts,
  convertLinks,
  convertLogConfig,
  convertLxcConf,
  convertRestartPolicy,
  convertUlimits,
  convertVolumesFrom,
} from "../../../runtime/docker/translate/mod.ts";

describe("convertLinks", () => {
  it("sorts a dict by name", () => {
    expect(convertLinks({ web: "frontend", db: "database", cache: "redis" })._unsafeUnwrap()).toEqual([
      "cache:redis",
      "db:database",
      "web:frontend",
    ]);
  });

  it("sorts a list of pairs by name, then alias", () => {
    expect(
      convertLinks([
        ["db", "b"],
        ["api", "x"],
        ["db", "a"],
      ])._unsafeUnwrap(),
    ).toEqual(["api:x", "db:a", "db:b"]);
  });

  it("renders a missing alias as the bare name (docker-py 1.x sent name:None)", () => {
    const links = { db: null } as unknown as Parameters<typeof convertLinks>[0];
    expect(convertLinks(links)._unsafeUnwrap()).toEqual(["db"]);
  });

  it("rejects a list of strings, which crashed docker-py", () => {
    const links = ["db:alias"] as unknown as Parameters<typeof convertLinks>[0];
    expect(convertLinks(links, "container_start.links")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_start.links[0]",
      message: "expected a [name, alias] pair, got 'db:alias'",
    });
  });
});

describe("convertExtraHosts", () => {
  it("sorts a dict into host:ip, IPv6 unescaped", () => {
    expect(convertExtraHosts({ web: "10.0.0.2", v6: "::1", db: "10.0.0.1" })._unsafeUnwrap()).toEqual([
      "db:10.0.0.1",
      "v6:::1",
      "web:10.0.0.2",
    ]);
  });

  it("passes a list through in its order", () => {
    expect(convertExtraHosts(["z:1.1.1.1", "a:2.2.2.2"])._unsafeUnwrap()).toEqual(["z:1.1.1.1", "a:2.2.2.2"]);
  });
});

describe("convertLxcConf", () => {
  it("turns a dict into Key/Value pairs with str() values; passes a list", () => {
    expect(convertLxcConf({ "lxc.utsname": "docker", "lxc.cgroup.cpu.shares": 512 })._unsafeUnwrap()).toEqual([
      { Key: "lxc.utsname", Value: "docker" },
      { Key: "lxc.cgroup.cpu.shares", Value: "512" },
    ]);
    expect(convertLxcConf([{ Key: "a", Value: "b" }])._unsafeUnwrap()).toEqual([{ Key: "a", Value: "b" }]);
  });
});

describe("convertDevices", () => {
  it("parses host[:ctr[:perms]] strings", () => {
    expect(convertDevices(["/dev/sda", "/dev/sdb:/dev/xvdb", "/dev/sdc:/dev/xvdc:r"])._unsafeUnwrap()).toEqual([
      { PathOnHost: "/dev/sda", PathInContainer: "/dev/sda", CgroupPermissions: "rwm" },
      { PathOnHost: "/dev/sdb", PathInContainer: "/dev/xvdb", CgroupPermissions: "rwm" },
      { PathOnHost: "/dev/sdc", PathInContainer: "/dev/xvdc", CgroupPermissions: "r" },
    ]);
  });

  it("passes the dict form through (docker-py >= 1.7)", () => {
    const device = { PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "mrw" };
    expect(convertDevices([device])._unsafeUnwrap()).toEqual([device]);
  });

  it("rejects other entries", () => {
    const devices = [42] as unknown as Parameters<typeof convertDevices>[0];
    expect(convertDevices(devices)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "devices[0]",
      message: "Invalid device type int",
    });
  });
});

describe("convertDns and convertVolumesFrom", () => {
  it("wraps a single dns server in a list and keeps an empty list", () => {
    expect(convertDns("8.8.8.8")._unsafeUnwrap()).toEqual(["8.8.8.8"]);
    expect(convertDns(["1.1.1.1", "8.8.8.8"])._unsafeUnwrap()).toEqual(["1.1.1.1", "8.8.8.8"]);
    expect(convertDns([])._unsafeUnwrap()).toEqual([]);
  });

  it("splits a volumes_from string on commas", () => {
    expect(convertVolumesFrom("a,b:ro")._unsafeUnwrap()).toEqual(["a", "b:ro"]);
    expect(convertVolumesFrom(["a"])._unsafeUnwrap()).toEqual(["a"]);
  });
});

describe("convertUlimits", () => {
  it("accepts lower-case and capitalised keys; a missing limit is null (quirk 1)", () => {
    expect(
      convertUlimits([
        { name: "nofile", soft: 1024, hard: 2048 },
        { Name: "nproc", Soft: 10, Hard: 20 },
        { name: "core", soft: 0 },
      ])._unsafeUnwrap(),
    ).toEqual([
      { Name: "nofile", Soft: 1024, Hard: 2048 },
      { Name: "nproc", Soft: 10, Hard: 20 },
      { Name: "core", Soft: 0, Hard: null },
    ]);
  });

  it.each([
    ["not a list", { name: "x" }, "ulimits", "Invalid type for ulimits param: expected list but found dict"],
    ["no name", [{ soft: 1 }], "ulimits[0]", "Ulimit.name must be a string"],
    ["soft not int", [{ name: "x", soft: "1" }], "ulimits[0]", "Ulimit.soft must be an integer"],
    ["hard not int", [{ name: "x", hard: 1.5 }], "ulimits[0]", "Ulimit.hard must be an integer"],
  ] as const)("rejects %s", (_, value, path, message) => {
    const ulimits = value as unknown as Parameters<typeof convertUlimits>[0];
    expect(convertUlimits(ulimits)._unsafeUnwrapErr()).toEqual({ kind: "InvalidOption", path, message });
  });
});

describe("convertLogConfig", () => {
  it("gives Type and Config, Config defaulting to {}", () => {
    expect(convertLogConfig({ type: "json-file", config: { "max-size": "10m" } })._unsafeUnwrap()).toEqual({
      Type: "json-file",
      Config: { "max-size": "10m" },
    });
    expect(convertLogConfig({ type: "syslog" })._unsafeUnwrap()).toEqual({ Type: "syslog", Config: {} });
  });

  it("rejects a non-dict and a non-dict config", () => {
    const notDict = "json-file" as unknown as Parameters<typeof convertLogConfig>[0];
    expect(convertLogConfig(notDict)._unsafeUnwrapErr().message).toBe(
      "Invalid type for log_config param: expected LogConfig but found str",
    );
    const badConfig = { type: "x", config: ["a"] } as unknown as Parameters<typeof convertLogConfig>[0];
    expect(convertLogConfig(badConfig)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "log_config.config",
      message: "LogConfig.config must be a dictionary",
    });
  });
});

describe("convertRestartPolicy", () => {
  it("passes a policy through and drops an empty one", () => {
    expect(convertRestartPolicy({ Name: "on-failure", MaximumRetryCount: 5 })._unsafeUnwrap()).toEqual({
      Name: "on-failure",
      MaximumRetryCount: 5,
    });
    const empty = {} as unknown as Parameters<typeof convertRestartPolicy>[0];
    expect(convertRestartPolicy(empty)._unsafeUnwrap()).toBeUndefined();
  });
});
