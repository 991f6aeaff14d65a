import { describe, expect, it } from "vitest";
import { convertExposedPorts, convertPortBindings } from "../../../runtime/docker/translate/mod.ts";

const any = { HostIp: "", HostPort: "" };

describe("convertPortBindings", () => {
  it.each([
    ["null", null, [any]],
    ["int", 8080, [{ HostIp: "", HostPort: "8080" }]],
    ["str", "8080", [{ HostIp: "", HostPort: "8080" }]],
    ["empty str", "", [any]],
    ["zero: any free port, as docker run -p 0:80", 0, [any]],
    ["dict with zero", { HostIp: "127.0.0.1", HostPort: 0 }, [{ HostIp: "127.0.0.1", HostPort: "" }]],
    ["range", "8000-8010", [{ HostIp: "", HostPort: "8000-8010" }]],
    ["dict with HostIp", { HostIp: "127.0.0.1", HostPort: 1235 }, [{ HostIp: "127.0.0.1", HostPort: "1235" }]],
    ["dict without HostIp", { HostPort: "9000" }, [{ HostIp: "", HostPort: "9000" }]],
    [
      "list of every form",
      [null, 80, "81", { HostIp: "10.0.0.1", HostPort: 82 }],
      [any, { HostIp: "", HostPort: "80" }, { HostIp: "", HostPort: "81" }, { HostIp: "10.0.0.1", HostPort: "82" }],
    ],
    ["empty list", [], []],
  ] as const)("value %s", (_, value, expected) => {
    expect(
      convertPortBindings({ "1234": value } as unknown as Parameters<typeof convertPortBindings>[0])._unsafeUnwrap(),
    ).toEqual({ "1234/tcp": expected });
  });

  it("keeps a protocol in the key and adds /tcp otherwise", () => {
    expect(convertPortBindings({ 80: 8080, "53/udp": 5353, "8000-8010": null })._unsafeUnwrap()).toEqual({
      "80/tcp": [{ HostIp: "", HostPort: "8080" }],
      "53/udp": [{ HostIp: "", HostPort: "5353" }],
      "8000-8010/tcp": [any],
    });
  });

  it("rejects a dict without HostPort, with its path", () => {
    const bindings = { 8080: { HostIp: "127.0.0.1" } } as unknown as Parameters<typeof convertPortBindings>[0];
    expect(convertPortBindings(bindings, "container_start.port_bindings")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_start.port_bindings.8080",
      message: "a port binding dict needs a HostPort: {'HostIp': '127.0.0.1'}",
    });
  });

  it("rejects host ports docker-py would have str()-ed into garbage", () => {
    const bindings = { 8080: [80, true] } as unknown as Parameters<typeof convertPortBindings>[0];
    expect(convertPortBindings(bindings)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "port_bindings.8080[1]",
      message: "expected a host port (number or string), got True",
    });
    const float = { 8080: { HostPort: 80.5 } } as unknown as Parameters<typeof convertPortBindings>[0];
    expect(convertPortBindings(float)._unsafeUnwrapErr().path).toBe("port_bindings.8080.HostPort");
  });

  it("reports an intrinsic left unresolved", () => {
    expect(
      convertPortBindings({ 8080: { get_input: "port" } }, "container_start.port_bindings")._unsafeUnwrapErr(),
    ).toEqual({
      kind: "InvalidOption",
      path: "container_start.port_bindings.8080",
      message:
        'unresolved intrinsic {"get_input":"port"}: the runtime must resolve it before the option reaches Docker',
    });
  });
});

describe("convertExposedPorts", () => {
  it("adds /tcp to bare ports and keeps a given protocol (berth fix of quirk 2)", () => {
    expect(convertExposedPorts([8080, "9090", "53/udp", "8000-8010", "132/sctp"])._unsafeUnwrap()).toEqual({
      "8080/tcp": {},
      "9090/tcp": {},
      "53/udp": {},
      "8000-8010/tcp": {},
      "132/sctp": {},
    });
  });

  it("passes a dict through", () => {
    expect(convertExposedPorts({ "80/tcp": {} })._unsafeUnwrap()).toEqual({ "80/tcp": {} });
  });

  it("rejects anything that is not a port", () => {
    const ports = [80, true] as unknown as Parameters<typeof convertExposedPorts>[0];
    expect(convertExposedPorts(ports, "container_config.ports")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.ports[1]",
      message: 'expected a port such as 8080 or "8080/udp", got True',
    });
  });
});
