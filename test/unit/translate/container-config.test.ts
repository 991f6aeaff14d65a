import { describe, expect, it } from "vitest";
import type { ContainerConfig, ContainerStart } from "../../../dsl/options.ts";
import { createContainerConfig } from "../../../runtime/docker/translate/mod.ts";

const MINIMAL = {
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  Cmd: ["true"],
  Image: "busybox",
  NetworkDisabled: false,
};

const create = (config: ContainerConfig, start?: ContainerStart) =>
  createContainerConfig({ image: "busybox", config, ...(start === undefined ? {} : { start }) });

describe("createContainerConfig", () => {
  it("sends exactly docker-py's nine keys for ('busybox', 'true')", () => {
    const body = create({ command: "true" })._unsafeUnwrap();
    expect(body).toEqual(MINIMAL);
    expect(Object.keys(body)).toHaveLength(9);
  });

  it("translates every top-level option", () => {
    const body = create({
      command: ["sh", "-c", "echo hi"],
      entrypoint: "/bin/tini --",
      hostname: "h",
      domainname: "example.com",
      user: 1000,
      detach: true,
      stdin_open: true,
      tty: true,
      ports: [8080, "53/udp"],
      environment: { A: "1" },
      volumes: "/data",
      network_disabled: true,
      cpu_shares: 512,
      working_dir: "/app",
      cpuset: "0,1",
      mac_address: "02:42:ac:11:00:02",
      labels: ["tier"],
      volume_driver: "local",
      name: "web",
    })._unsafeUnwrap();
    expect(body).toEqual({
      Tty: true,
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Image: "busybox",
      NetworkDisabled: true,
      Cmd: ["sh", "-c", "echo hi"],
      Entrypoint: ["/bin/tini", "--"],
      Hostname: "h",
      Domainname: "example.com",
      User: "1000",
      ExposedPorts: { "8080/tcp": {}, "53/udp": {} },
      Env: ["A=1"],
      Volumes: { "/data": {} },
      CpuShares: 512,
      Cpuset: "0,1",
      CpusetCpus: "0,1",
      WorkingDir: "/app",
      MacAddress: "02:42:ac:11:00:02",
      Labels: { tier: "" },
      VolumeDriver: "local",
      name: "web",
    });
  });

  it("attaches stdin when stdin_open and not detached", () => {
    expect(create({ command: "cat", stdin_open: true })._unsafeUnwrap()).toMatchObject({
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
  });

  it("keeps user 0 as '0' (docker-py dropped it) and drops an empty user", () => {
    expect(create({ command: "id", user: 0 })._unsafeUnwrap().User).toBe("0");
    expect(create({ command: "id", user: "" })._unsafeUnwrap()).not.toHaveProperty("User");
    expect(create({ command: "id", user: "nobody" })._unsafeUnwrap().User).toBe("nobody");
  });

  it("sends an empty command string as Cmd: []", () => {
    expect(create({ command: "" })._unsafeUnwrap().Cmd).toEqual([]);
  });

  it("reports a bad command with its path", () => {
    expect(create({ command: 'echo "x' })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.command",
      message: "No closing quotation",
    });
    expect(create({ command: "x", entrypoint: "sh \\" })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.entrypoint",
      message: "No escaped character",
    });
  });

  it("merges container_start into HostConfig at create time", () => {
    const body = create(
      { command: "true" },
      {
        port_bindings: { 5432: 15432 },
        binds: { "/srv": "/data" },
      },
    )._unsafeUnwrap();
    expect(body.HostConfig).toEqual({
      NetworkMode: "default",
      Binds: ["/srv:/data:rw"],
      PortBindings: { "5432/tcp": [{ HostIp: "", HostPort: "15432" }] },
    });
  });

  it("exposes every bound port that ports does not, as docker run -p does (the engine drops a binding of an unexposed port)", () => {
    const body = create({ command: "true", ports: [8080, "53/udp"] }, { port_bindings: { 8080: 18080, 5432: 15432 } });
    expect(body._unsafeUnwrap().ExposedPorts).toEqual({ "8080/tcp": {}, "53/udp": {}, "5432/tcp": {} });
    const fromHostConfig = create({ command: "true", host_config: { port_bindings: { "9000/udp": 19000 } } }, {});
    expect(fromHostConfig._unsafeUnwrap().ExposedPorts).toEqual({ "9000/udp": {} });
    expect(create({ command: "true" }, {})._unsafeUnwrap().ExposedPorts).toBeUndefined();
  });

  it("lets container_start win over host_config on the same key, keeping the others", () => {
    const body = create(
      {
        command: "true",
        host_config: { network_mode: "none", privileged: true, port_bindings: { 80: 8080 } },
      },
      { network_mode: "host", port_bindings: { 80: 9090 } },
    )._unsafeUnwrap();
    expect(body.HostConfig).toEqual({
      NetworkMode: "host",
      Privileged: true,
      PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "9090" }] },
    });
  });

  it("ignores start options that are null or undefined", () => {
    const start = { network_mode: undefined, privileged: null } as unknown as ContainerStart;
    const body = create({ command: "true", host_config: { network_mode: "none" } }, start)._unsafeUnwrap();
    expect(body.HostConfig).toEqual({ NetworkMode: "none" });
    expect(create({ command: "true" }, start)._unsafeUnwrap()).toEqual(MINIMAL);
  });

  it("sends HostConfig for an explicit start option even when it is false (quirk 12)", () => {
    expect(create({ command: "true" }, { publish_all_ports: false })._unsafeUnwrap()).toEqual({
      ...MINIMAL,
      HostConfig: { NetworkMode: "default" },
    });
    expect(create({ command: "true", host_config: {} })._unsafeUnwrap().HostConfig).toEqual({
      NetworkMode: "default",
    });
  });

  it("moves top-level mem_limit, memswap_limit, dns and volumes_from into HostConfig", () => {
    const body = create({
      command: "true",
      mem_limit: "128m",
      memswap_limit: "256m",
      dns: "8.8.8.8",
      volumes_from: ["data"],
    })._unsafeUnwrap();
    expect(body).not.toHaveProperty("Memory");
    expect(body).not.toHaveProperty("Dns");
    expect(body.HostConfig).toEqual({
      Memory: 128 * 1024 * 1024,
      MemorySwap: 256 * 1024 * 1024,
      NetworkMode: "default",
      Dns: ["8.8.8.8"],
      VolumesFrom: ["data"],
    });
  });

  it("lets host_config and container_start win over the moved top-level options", () => {
    const body = create(
      { command: "true", mem_limit: "128m", dns: ["1.1.1.1"], volumes_from: [], host_config: { mem_limit: "64m" } },
      { dns: ["9.9.9.9"] },
    )._unsafeUnwrap();
    expect(body.HostConfig).toEqual({ Memory: 64 * 1024 * 1024, NetworkMode: "default", Dns: ["9.9.9.9"] });
  });

  it("reports a bad moved option under its own path", () => {
    expect(create({ command: "true", mem_limit: "1.5g" })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.mem_limit",
      message: "Failed converting the string value formemory (1.5) to a number.",
    });
    expect(
      create({ command: "true" }, { port_bindings: { 80: [{ HostIp: "x" }] } } as never)._unsafeUnwrapErr().path,
    ).toBe("container_start.port_bindings.80[0]");
  });

  it("merges berth's labels over the user's", () => {
    const body = createContainerConfig({
      image: "busybox",
      config: { command: "true", labels: { tier: "db", "berth.node": "user" } },
      labels: { "berth.node": "db_server", "berth.deployment": "demo" },
    })._unsafeUnwrap();
    expect(body.Labels).toEqual({ tier: "db", "berth.node": "db_server", "berth.deployment": "demo" });
  });

  it("prefers the name argument over container_config.name", () => {
    const body = createContainerConfig({
      image: "busybox",
      config: { command: "true", name: "mine" },
      name: "berth-demo-db",
    })._unsafeUnwrap();
    expect(body.name).toBe("berth-demo-db");
  });

  it("reports an intrinsic left in container_config or container_start", () => {
    expect(create({ command: { get_input: "cmd" } })._unsafeUnwrapErr().path).toBe("container_config.command");
    expect(create({ command: "x" }, { binds: { "/a": { get_input: "b" } } })._unsafeUnwrapErr().path).toBe(
      "container_start.binds./a",
    );
  });
});
