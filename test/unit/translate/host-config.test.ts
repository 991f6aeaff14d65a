import { describe, expect, it } from "vitest";
import type { HostConfig } from "../../../dsl/options.ts";
import { createHostConfig } from "../../../runtime/docker/translate/mod.ts";

const loose = (o: Record<string, unknown>) => o as unknown as HostConfig;

describe("createHostConfig", () => {
  it("gives NetworkMode default when network_mode is not given (quirk 11)", () => {
    expect(createHostConfig({})._unsafeUnwrap()).toEqual({ NetworkMode: "default" });
    expect(createHostConfig({ network_mode: "" })._unsafeUnwrap()).toEqual({});
    expect(createHostConfig({ network_mode: "host" })._unsafeUnwrap()).toEqual({ NetworkMode: "host" });
  });

  it("translates every option", () => {
    const result = createHostConfig({
      binds: { "/srv": { bind: "/data", ro: true } },
      port_bindings: { 80: 8080 },
      lxc_conf: { "lxc.utsname": "x" },
      publish_all_ports: true,
      links: { db: "database" },
      privileged: true,
      dns: ["8.8.8.8"],
      dns_search: ["example.com"],
      volumes_from: "a,b",
      network_mode: "bridge",
      restart_policy: { Name: "always" },
      cap_add: ["NET_ADMIN"],
      cap_drop: ["MKNOD"],
      devices: ["/dev/fuse"],
      extra_hosts: { h: "1.2.3.4" },
      read_only: false,
      pid_mode: "host",
      ipc_mode: "host",
      security_opt: ["label:disable"],
      ulimits: [{ name: "nofile", soft: 1, hard: 2 }],
      log_config: { type: "json-file" },
      mem_limit: "64m",
      memswap_limit: -1,
      cgroup_parent: "/berth",
      group_add: ["audio", 44],
      cpu_quota: 50000,
      cpu_period: 100000,
      mem_swappiness: 10,
      oom_kill_disable: true,
    });
    expect(result._unsafeUnwrap()).toEqual({
      Binds: ["/srv:/data:ro"],
      PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] },
      LxcConf: [{ Key: "lxc.utsname", Value: "x" }],
      PublishAllPorts: true,
      Links: ["db:database"],
      Privileged: true,
      Dns: ["8.8.8.8"],
      DnsSearch: ["example.com"],
      VolumesFrom: ["a", "b"],
      NetworkMode: "bridge",
      RestartPolicy: { Name: "always" },
      CapAdd: ["NET_ADMIN"],
      CapDrop: ["MKNOD"],
      Devices: [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" }],
      ExtraHosts: ["h:1.2.3.4"],
      ReadonlyRootfs: false,
      PidMode: "host",
      IpcMode: "host",
      SecurityOpt: ["label:disable"],
      Ulimits: [{ Name: "nofile", Soft: 1, Hard: 2 }],
      LogConfig: { Type: "json-file", Config: {} },
      Memory: 64 * 1024 * 1024,
      MemorySwap: -1,
      CgroupParent: "/berth",
      GroupAdd: ["audio", "44"],
      CpuQuota: 50000,
      CpuPeriod: 100000,
      MemorySwappiness: 10,
      OomKillDisable: true,
    });
  });

  it("sends falsy options only where docker-py did", () => {
    expect(
      createHostConfig({
        privileged: false,
        publish_all_ports: false,
        oom_kill_disable: false,
        dns: [],
        dns_search: [],
        cap_add: [],
        cap_drop: [],
        devices: [],
        group_add: [],
        ipc_mode: "",
        read_only: false,
        cgroup_parent: "",
        security_opt: [],
        binds: [],
        links: [],
        cpu_quota: 0,
        cpu_period: 0,
        mem_swappiness: 0,
        mem_limit: 0,
      })._unsafeUnwrap(),
    ).toEqual({
      NetworkMode: "default",
      MemorySwappiness: 0,
      Dns: [],
      ReadonlyRootfs: false,
      CgroupParent: "",
      SecurityOpt: [],
      Binds: [],
      Links: [],
      Memory: 0,
    });
  });

  it("checks the type of cpu_quota, cpu_period and mem_swappiness", () => {
    for (const key of ["cpu_quota", "cpu_period", "mem_swappiness"] as const) {
      expect(createHostConfig(loose({ [key]: "1" }), "container_config.host_config")._unsafeUnwrapErr()).toEqual({
        kind: "InvalidOption",
        path: `container_config.host_config.${key}`,
        message: `Invalid type for ${key} param: expected int but found str`,
      });
    }
  });

  it("rejects pid modes other than host, and a security_opt that is not a list", () => {
    expect(createHostConfig(loose({ pid_mode: "container:x" }))._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "host_config.pid_mode",
      message: "Invalid value for pid param: container:x",
    });
    expect(createHostConfig(loose({ security_opt: "label:disable" }))._unsafeUnwrapErr().message).toBe(
      "Invalid type for security_opt param: expected list but found str",
    );
  });

  it("names each option's path through a function", () => {
    const result = createHostConfig({ mem_limit: "lots" }, (key) => `container_start.${key}`);
    expect(result._unsafeUnwrapErr().path).toBe("container_start.mem_limit");
    const intrinsic = createHostConfig({ dns: { get_input: "dns" } }, (key) => `somewhere.${key}`);
    expect(intrinsic._unsafeUnwrapErr().path).toBe("somewhere.dns");
  });
});
