/**
 * Deferred CommonJS modules (runtime/docker/deferred-modules.ts): a package's module berth seldom
 * calls loads only when called, and then behaves as itself. The second test checks the real
 * case in a fresh process: connecting through the client pool loads dockerode, but neither gRPC
 * nor protobufjs nor ssh2.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { deferModules } from "../../../runtime/docker/deferred-modules.ts";

const dir = mkdtempSync(join(tmpdir(), "berth-deferred-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** node_modules/pkg: its main requires ./heavy.js at load time, and heavy.js counts its loads. */
function fakePackage(name: string): string {
  const root = join(dir, "node_modules", name);
  mkdirSync(join(root, "lib"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name, main: "./lib/main" }));
  writeFileSync(
    join(root, "lib", "main.js"),
    "const heavy = require('./heavy'); module.exports = { twice: (x) => heavy(x) * 2 };\n",
  );
  writeFileSync(
    join(root, "lib", "heavy.js"),
    `globalThis.${name}Loads = (globalThis.${name}Loads ?? 0) + 1; module.exports = (x) => x + 1;\n`,
  );
  return pathToFileURL(join(dir, "index.js")).href;
}

describe("deferModules", () => {
  it("loads a deferred module on its first call, once, and passes arguments and results through", () => {
    const from = fakePackage("pkga");
    const loads = () => (globalThis as Record<string, unknown>).pkgaLoads;
    const deferred = deferModules([{ from, specifier: "pkga", inner: "./heavy.js" }]);
    expect(deferred).toEqual([join(dir, "node_modules", "pkga", "lib", "heavy.js")]);
    const pkg = createRequire(from)("pkga") as { twice: (x: number) => number };
    expect(loads()).toBeUndefined();
    expect(pkg.twice(3)).toBe(8);
    expect(pkg.twice(4)).toBe(10);
    expect(loads()).toBe(1);
  });

  it("leaves a module it cannot find alone", () => {
    const from = fakePackage("pkgb");
    expect(deferModules([{ from, specifier: "pkgb", inner: "./no-such-file.js" }])).toEqual([]);
    expect(deferModules([{ from, specifier: "no-such-package", inner: "./heavy.js" }])).toEqual([]);
    expect((createRequire(from)("pkgb") as { twice: (x: number) => number }).twice(1)).toBe(4);
    expect((globalThis as Record<string, unknown>).pkgbLoads).toBe(1);
  });
});

describe("connecting to an engine", () => {
  it("loads dockerode without gRPC, protobufjs or ssh2", () => {
    const pool = pathToFileURL(join(import.meta.dirname, "../../../runtime/docker/client-pool.ts")).href;
    const script = `
      import { createRequire } from "node:module";
      const { clientPool } = await import(${JSON.stringify(pool)});
      const result = await clientPool(undefined, {})({ base_url: "unix:///nonexistent/docker.sock" });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      const has = (name) => loaded.some((p) => p.includes("/node_modules/" + name + "/"));
      console.log(JSON.stringify({ kind: result.isErr() && result.error.kind, dockerode: has("dockerode"), grpc: has("@grpc/grpc-js"), protobufjs: has("protobufjs"), ssh2: has("ssh2") }));
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({
      kind: "DaemonUnreachable",
      dockerode: true,
      grpc: false,
      protobufjs: false,
      ssh2: false,
    });
  });
});
