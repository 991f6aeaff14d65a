import { describe, expect, it } from "vitest";
import {
  checkApiVersion,
  checkVersionOption,
  compareApiVersions,
  MAX_API_VERSION,
  MIN_API_VERSION,
  type SupportedApiVersion,
} from "../../dsl/api-version.ts";

describe("Engine API versions", () => {
  it("compares numerically, minor by minor", () => {
    expect(compareApiVersions("1.9", "1.41")).toBeLessThan(0);
    expect(compareApiVersions("1.41", "1.9")).toBeGreaterThan(0);
    expect(compareApiVersions("1.24", "1.24")).toBe(0);
    expect(compareApiVersions("2.0", "1.41")).toBeGreaterThan(0);
  });

  it("accepts 1.24 and later", () => {
    expect(MIN_API_VERSION).toBe("1.24");
    expect(MAX_API_VERSION).toBe("1.41");
    for (const version of ["1.24", "1.41", "1.43"]) expect(checkApiVersion(version)._unsafeUnwrap()).toBe(version);
  });

  it("refuses a version older than 1.24, naming it and the minimum", () => {
    expect(checkApiVersion("1.23")._unsafeUnwrapErr()).toBe(
      "Engine API 1.23 is older than 1.24: berth needs Engine API 1.24 or later",
    );
    // docker-py 1.6's own default.
    expect(checkApiVersion("1.21").isErr()).toBe(true);
    // Older by number, although "1.9" > "1.24" as text.
    expect(checkApiVersion("1.9").isErr()).toBe(true);
  });

  it("refuses what is not major.minor", () => {
    for (const version of ["latest", "1", "v1.41", "1.41.0", "", " 1.41"]) {
      expect(checkApiVersion(version)._unsafeUnwrapErr()).toBe(
        `Invalid API version: ${version} (expected a version such as 1.41)`,
      );
    }
  });

  it("reads daemon_client.version: auto, or a version berth speaks", () => {
    expect(checkVersionOption("auto")._unsafeUnwrap()).toBe("auto");
    expect(checkVersionOption("1.30")._unsafeUnwrap()).toBe("1.30");
    expect(checkVersionOption("1.23").isErr()).toBe(true);
    expect(checkVersionOption("Auto").isErr()).toBe(true);
  });

  it("makes a SupportedApiVersion only through the check", () => {
    const takesSupported = (v: SupportedApiVersion) => v;
    // Never called: only the compiler judges these.
    const _illegal = () => {
      // @ts-expect-error a plain string is not a SupportedApiVersion
      takesSupported("1.21");
    };
    expect(checkApiVersion("1.24").map(takesSupported)._unsafeUnwrap()).toBe("1.24");
  });
});
