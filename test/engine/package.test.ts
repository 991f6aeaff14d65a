/**
 * berth as a user gets it (issue #12): `npm pack`, then installed from the tarball into a new
 * project made the way a user makes one: `npm init -y`, `"type": "module"` (the README asks for
 * it), `tsc --init` with its defaults, and tsx as the README says. There the plan type-checks and
 * an illegal lifecycle chain does not, the `berth` command runs, a JavaScript plan runs under
 * plain node and under Deno, and a plan goes up and down on the real engine.
 *
 * The tarball is packed from a copy of the package's files (times kept, so a current dist/ is not
 * rebuilt), so its prepack build never swaps dist/ under the other tests' `berth` processes. The
 * project installs berth's dependencies from npm's cache where it can (--prefer-offline), and
 * with --ignore-scripts: berth needs no install step of its own or of its dependencies' (esbuild
 * comes as a ready binary package). tsc and Deno are this repository's own copies, the same
 * programs a user's `npm install -D typescript deno` gives.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containersOf, removeDeployment, repo } from "../fixtures/cli/berth-process.ts";
import { BUSYBOX, uniqueName } from "./support/engine.ts";

const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
const deno = join(repo, "node_modules", ".bin", "deno");
const tsxVersion = (
  JSON.parse(readFileSync(join(repo, "node_modules", "tsx", "package.json"), "utf8")) as { version: string }
).version;
const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };

// The parts of the repository the package is not built from.
const notPackageInputs = new Set([".git", "node_modules", ".berth", "test", "bench", "docs", "examples"]);

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// npm passes its own settings to scripts as npm_* variables (npm_config_local_prefix names this
// repository); the user's npm must not see them.
const userEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== "INIT_CWD" && key !== "NODE_OPTIONS"),
  ),
  NO_COLOR: "1",
});

function run(cwd: string, command: string, args: readonly string[], timeoutMs = 120_000): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Runs a step of the setup; a failure shows the command's output. */
async function step(cwd: string, command: string, args: readonly string[]): Promise<Ran> {
  const out = await run(cwd, command, args, 180_000);
  if (out.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${out.code}\n${out.stdout}\n${out.stderr}`);
  return out;
}

const deployment = uniqueName("pkg");
const idle = `["/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

// The README's first plan, trimmed: a self-running TypeScript plan with an input and an attribute.
const planTs = `import { attribute, input, node, plan, runIfMain } from "berth";
import type { RunOptions } from "berth/runtime";

const db = node("db", { type: "cloudify.nodes.DBMS" }).image("${BUSYBOX}").config(${idle}).start().stop({ timeout: 1 });

const web = node("web")
  .image("${BUSYBOX}")
  .config({ command: ${idle}, environment: { DB: attribute(db, "container"), GREETING: input("greeting", { default: "hi" }) } })
  .start()
  .stop({ timeout: 1 })
  .dependsOn(db);

export const options: RunOptions = { concurrency: 2 };
export default runIfMain(import.meta, plan("${deployment}", [db, web]));
`;

// The same kind of plan written in JavaScript, for plain node and Deno.
const planJs = `import { node, plan, runIfMain } from "berth";

const app = node("app").image("${BUSYBOX}").config("sleep 300").start();

export default runIfMain(import.meta, plan("${deployment}-js", [app]));
`;

let work: string;
let app: string;
let packed: { files: { path: string }[] };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "berth-package-"));
  const source = join(work, "berth");
  mkdirSync(source);
  for (const entry of readdirSync(repo)) {
    if (notPackageInputs.has(entry) || entry.startsWith(".dist-")) continue;
    // cp -a keeps the times of folders too, which the build's freshness check reads.
    execFileSync("cp", ["-a", join(repo, entry), join(source, entry)]);
  }
  symlinkSync(join(repo, "node_modules"), join(source, "node_modules"));
  const pack = await step(source, "npm", ["pack", "--json", "--pack-destination", work]);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (info === undefined) throw new Error(`npm pack reported nothing:\n${pack.stdout}`);
  packed = info;

  app = join(work, "app");
  mkdirSync(app);
  await step(app, "npm", ["init", "-y"]);
  await step(app, "npm", ["pkg", "set", "type=module"]);
  await step(app, process.execPath, [tsc, "--init"]);
  await step(app, "npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    join(work, info.filename),
    `tsx@${tsxVersion}`,
  ]);
  writeFileSync(join(app, "plan.ts"), planTs);
  writeFileSync(join(app, "plan.mjs"), planJs);
}, 240_000);

afterAll(() => {
  for (const name of [deployment, `${deployment}-js`]) removeDeployment(name);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("berth packed and installed into a new project", { timeout: 120_000 }, () => {
  it("ships JavaScript, declarations and the command, no TypeScript source, and no install step", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(["bin/berth.js", "dist/mod.js", "dist/types/mod.d.ts", "package.json"]),
    );
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|examples|docs|cli|dsl|runtime|codegen)\//.test(f))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(app, "node_modules", "berth", "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    const installScripts = ["preinstall", "install", "postinstall", "prepare"].filter((s) => installed.scripts?.[s]);
    expect(installScripts).toEqual([]);
  });

  it("type-checks a plan under tsc --init's defaults, and an illegal lifecycle chain fails to compile", async () => {
    writeFileSync(join(app, "illegal.ts"), `import { node } from "berth";\n\nexport const x = node("x").start();\n`);
    // One tsc run over both files: the only error is the illegal chain's.
    const checked = await run(app, process.execPath, [tsc, "--noEmit"]);
    rmSync(join(app, "illegal.ts"));
    expect(checked.code).toBe(2);
    expect(checked.stdout.trim().split("\n")).toEqual([
      "illegal.ts(3,28): error TS2551: Property 'start' does not exist on type 'NodeDeclared'. Did you mean 'state'?",
    ]);
  });

  it("runs npx berth --version and npx berth yaml plan.ts", async () => {
    expect(await run(app, "npx", ["berth", "--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    const yaml = await run(app, "npx", ["berth", "yaml", "plan.ts", "--dsl-version", "1_4"]);
    expect(yaml).toMatchObject({ code: 0, stderr: "" });
    expect(yaml.stdout).toContain("tosca_definitions_version: cloudify_dsl_1_4\n");
    expect(yaml.stdout).toMatch(/^ {2}web:\n/m);
  });

  it("runs a JavaScript plan under plain node and the same plan under Deno; Deno also takes npm:berth", async () => {
    const underNode = await run(app, process.execPath, ["plan.mjs", "yaml"]);
    expect(underNode).toMatchObject({ code: 0, stderr: "" });
    expect(underNode.stdout).toMatch(/^ {2}app:\n/m);
    const underDeno = await run(app, deno, ["run", "-A", "--quiet", "plan.mjs", "yaml"]);
    expect(underDeno).toEqual(underNode);

    // --check: Deno type-checks the plan against berth's declarations before it runs it; the
    // expected error proves the declarations were there (untyped, the directive is unused).
    const illegal = `// @ts-expect-error: a node is started only once it has an image and a container\nexport const illegal = () => node("x").start();\n`;
    writeFileSync(join(app, "deno-plan.ts"), planJs.replace('from "berth"', 'from "npm:berth"') + illegal);
    const npmSpecifier = await run(app, deno, ["run", "--check", "-A", "--quiet", "deno-plan.ts", "yaml"]);
    rmSync(join(app, "deno-plan.ts"));
    expect(npmSpecifier).toEqual(underNode);

    // CommonJS code reaches the same ES modules through require() (Node 20.19 and later).
    const required = await run(app, process.execPath, [
      "--input-type=commonjs",
      "-e",
      'const { node, plan } = require("berth"); console.log(plan("cjs", [node("a").image("x")]).name);',
    ]);
    expect(required).toEqual({ code: 0, stdout: "cjs\n", stderr: "" });
  });

  it("goes up with npx berth and down with tsx plan.ts, on the real engine", async () => {
    const up = await run(app, "npx", ["berth", "up", "plan.ts", "-q"]);
    expect(up).toMatchObject({ code: 0, stderr: "" });
    expect(containersOf(deployment)).toHaveLength(2);
    expect(existsSync(join(app, ".berth"))).toBe(true);
    const status = await run(app, "npx", ["tsx", "plan.ts", "status"]);
    expect(status.stdout).toMatch(/^web\s+running/m);
    const down = await run(app, "npx", ["tsx", "plan.ts", "down", "-q"]);
    expect(down).toMatchObject({ code: 0, stderr: "" });
    expect(containersOf(deployment)).toEqual([]);
  });
});
