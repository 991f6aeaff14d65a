import { describe, expect, it } from "vitest";
import {
  convertEnvironment,
  convertVolumeBinds,
  convertVolumes,
  pyStr,
} from "../../../runtime/docker/translate/mod.ts";

type Binds = Parameters<typeof convertVolumeBinds>[0];

describe("convertVolumeBinds", () => {
  it("turns the dict form into host:ctr:mode in key order", () => {
    expect(
      convertVolumeBinds({
        "/srv/ro": { bind: "/mnt/ro", ro: true },
        "/srv/rw": { bind: "/mnt/rw", ro: false },
        "/srv/z": { bind: "/mnt/z", mode: "z" },
        "/srv/default": { bind: "/mnt/default" },
        "/srv/plain": "/mnt/plain",
        named: { bind: "/data" },
      })._unsafeUnwrap(),
    ).toEqual([
      "/srv/ro:/mnt/ro:ro",
      "/srv/rw:/mnt/rw:rw",
      "/srv/z:/mnt/z:z",
      "/srv/default:/mnt/default:rw",
      "/srv/plain:/mnt/plain:rw",
      "named:/data:rw",
    ]);
  });

  it("passes the list form through untouched (no mode added)", () => {
    expect(convertVolumeBinds(["/data:/mnt/2", "/x:/y:ro"])._unsafeUnwrap()).toEqual(["/data:/mnt/2", "/x:/y:ro"]);
  });

  it("rejects ro and mode together with docker-py's message", () => {
    const binds = { "/srv": { bind: "/mnt", ro: true, mode: "z" } } as unknown as Binds;
    expect(convertVolumeBinds(binds, "container_start.binds")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_start.binds./srv",
      message: `Binding cannot contain both "ro" and "mode": {'bind': '/mnt', 'ro': True, 'mode': 'z'}`,
    });
  });

  it("rejects a dict without bind (docker-py's KeyError)", () => {
    const binds = { "/srv": { ro: true } } as unknown as Binds;
    expect(convertVolumeBinds(binds)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "binds./srv",
      message: `a bind needs a "bind" key (KeyError: 'bind')`,
    });
  });

  it("treats keys set to undefined as absent", () => {
    expect(convertVolumeBinds({ "/a": { bind: "/b", ro: undefined, mode: "ro" } })._unsafeUnwrap()).toEqual([
      "/a:/b:ro",
    ]);
  });
});

describe("convertVolumes", () => {
  it("makes a string a one-item list, and a list a dict of empty objects", () => {
    expect(convertVolumes("/data")._unsafeUnwrap()).toEqual({ "/data": {} });
    expect(convertVolumes(["/data", "/host:/ctr"])._unsafeUnwrap()).toEqual({ "/data": {}, "/host:/ctr": {} });
    expect(convertVolumes([])._unsafeUnwrap()).toEqual({});
  });
});

describe("convertEnvironment", () => {
  it("formats a dict with Python str() and null as the bare key", () => {
    expect(
      convertEnvironment({ A: "x", B: 10, C: 1.5, D: true, E: false, F: null, G: "", H: "a=b" })._unsafeUnwrap(),
    ).toEqual(["A=x", "B=10", "C=1.5", "D=True", "E=False", "F", "G=", "H=a=b"]);
  });

  it("passes a list through", () => {
    expect(convertEnvironment(["A=1", "B"])._unsafeUnwrap()).toEqual(["A=1", "B"]);
  });

  it("renders a nested value as its Python repr, as str() did", () => {
    const env = { X: { x: [], y: "value" } } as unknown as Parameters<typeof convertEnvironment>[0];
    expect(convertEnvironment(env)._unsafeUnwrap()).toEqual(["X={'x': [], 'y': 'value'}"]);
  });

  it("rejects a bare string (docker-py sent it; the Engine refused it)", () => {
    const env = "A=1" as unknown as Parameters<typeof convertEnvironment>[0];
    expect(convertEnvironment(env, "container_config.environment")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.environment",
      message: 'expected a dict or a list of "KEY=value", got str',
    });
  });

  it("reports an unresolved intrinsic with its path", () => {
    expect(convertEnvironment({ DB: { get_attribute: ["db", "ip"] } })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "environment.DB",
      message:
        'unresolved intrinsic {"get_attribute":["db","ip"]}: the runtime must resolve it before the option reaches Docker',
    });
  });
});

describe("pyStr", () => {
  it("matches Python's str() for JSON values", () => {
    expect([pyStr("s"), pyStr(1), pyStr(true), pyStr(null), pyStr([1, "a"]), pyStr({ k: false })]).toEqual([
      "s",
      "1",
      "True",
      "None",
      "[1, 'a']",
      "{'k': False}",
    ]);
  });
});
