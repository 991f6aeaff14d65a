import { describe, expect, it } from "vitest";
import { parseBytes } from "../../../runtime/docker/translate/mod.ts";

const K = 1024;
const M = 1024 * 1024;
const G = 1024 * 1024 * 1024;

describe("parseBytes", () => {
  it.each([
    ["", 0],
    ["0", 0],
    ["1", 1],
    ["1024", 1024],
    ["1b", 1],
    ["1B", 1],
    ["1k", K],
    ["1K", K],
    ["1kb", K],
    ["1KB", K],
    ["10m", 10 * M],
    ["128M", 128 * M],
    ["512mb", 512 * M],
    ["1g", G],
    ["2GB", 2 * G],
    ["1bb", 1],
    [" 10m", 10 * M],
    ["10 m", 10 * M],
    ["+5k", 5 * K],
    ["-1m", -M],
    ["-1", -1],
    ["8388607g", 8388607 * G],
  ] as const)("%j is %d bytes", (input, bytes) => {
    expect(parseBytes(input)._unsafeUnwrap()).toBe(bytes);
  });

  it("returns numbers as they are", () => {
    expect(parseBytes(134217728)._unsafeUnwrap()).toBe(134217728);
    expect(parseBytes(-1)._unsafeUnwrap()).toBe(-1);
  });

  const conversion = (digits: string) => ({
    kind: "InvalidOption",
    path: "mem_limit",
    message: `Failed converting the string value formemory (${digits}) to a number.`,
  });
  const units = (value: string) => ({
    kind: "InvalidOption",
    path: "mem_limit",
    message: `The specified value for memory (${value}) should specify the units. The postfix should be one of the \`b\` \`k\` \`m\` \`g\` characters`,
  });

  it.each([
    ["1.5k", conversion("1.5")],
    ["1.5", conversion("1.5")],
    ["1_000", conversion("1_000")],
    ["1_000m", conversion("1_000")],
    ["0x10", conversion("0x10")],
    ["1e3", conversion("1e3")],
    ["m", conversion("")],
    ["kb", conversion("")],
    ["1 2m", conversion("1 2")],
    ["10t", units("10t")],
    ["10tb", units("10t")],
    ["10 ", units("10 ")],
    ["10x", units("10x")],
  ] as const)("rejects %j with docker-py's message", (input, error) => {
    expect(parseBytes(input)._unsafeUnwrapErr()).toEqual(error);
  });

  it("rejects values beyond Number.MAX_SAFE_INTEGER instead of rounding them", () => {
    expect(parseBytes("9223372036854775807k", "container_config.host_config.mem_limit")._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "container_config.host_config.mem_limit",
      message:
        "The value for memory (9223372036854775807k) is 9444732965739290426368 bytes, beyond the largest exactly representable number (9007199254740991)",
    });
    expect(parseBytes("8388608g").isErr()).toBe(true);
    expect(parseBytes("9007199254740992").isErr()).toBe(true);
    expect(parseBytes("9007199254740991")._unsafeUnwrap()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects numbers that are not whole safe integers", () => {
    expect(parseBytes(1.5)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "mem_limit",
      message: "expected a whole number of bytes, got 1.5",
    });
    expect(parseBytes(2 ** 60).isErr()).toBe(true);
  });
});
