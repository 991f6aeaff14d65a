/** `berth yaml/import/validate` and bad inputs, as subprocesses: exact golden text and exit code 2 with a named problem. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errResultSchema, parseJsonOutput } from "../../cli/json-schema.ts";
import { berth, containersOf, removeDeployment, repo, uniqueDeployment } from "../fixtures/cli/berth-process.ts";

const golden = (file: string) => readFileSync(join(repo, "test/fixtures/golden", file), "utf8");

describe("berth yaml and import", { timeout: 300_000 }, () => {
  it("emits the codegen golden blueprint, to stdout and with -o", async () => {
    const out = await berth(["yaml", "test/fixtures/golden/web-db.ts"]);
    expect(out).toMatchObject({ code: 0, stderr: "" });
    expect(out.stdout).toBe(golden("web-db.yaml"));
    const file = join(mkdtempSync(join(tmpdir(), "berth-cli-")), "bp.yaml");
    const written = await berth(["yaml", "test/fixtures/golden/db-server.ts", "-o", file]);
    expect(written.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(golden("db-server.yaml"));
  });

  it("runs from the build in dist/ and from the TypeScript source alike", async () => {
    // npm test builds dist/ first, so every other subprocess test runs the build.
    expect(existsSync(join(repo, "dist", ".built"))).toBe(true);
    const fromSource = await berth(["yaml", "test/fixtures/golden/web-db.ts"], { env: { BERTH_FROM_SOURCE: "1" } });
    expect(fromSource).toMatchObject({ code: 0, stderr: "", stdout: golden("web-db.yaml") });
    for (const env of [{}, { BERTH_FROM_SOURCE: "1" }] as Record<string, string>[]) {
      const bare = await berth(["validate", "test/fixtures/cli/bare-import.ts"], { env });
      expect(bare.code).toBe(0);
      expect(bare.stdout).toContain('plan "bare-import" is valid');
    }
  });

  it("imports a blueprint to the golden TypeScript, and the round trip gives the same blueprint", async () => {
    const imported = await berth(["import", "test/fixtures/blueprints/seed-db-server.yaml"]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(golden("seed-db-server.ts.golden"));

    const dir = mkdtempSync(join(tmpdir(), "berth-cli-"));
    const planFile = join(dir, "plan.ts");
    const toTs = await berth([
      "import",
      "test/fixtures/golden/web-db.yaml",
      "-o",
      planFile,
      "--import-from",
      join(repo, "mod.ts"),
    ]);
    expect(toTs.code).toBe(0);
    const back = await berth(["yaml", planFile]);
    expect(back.code).toBe(0);
    expect(back.stdout).toBe(golden("web-db.yaml"));
  });
});

describe("bad input exits 2 and names the problem", { timeout: 300_000 }, () => {
  it("a missing file", async () => {
    const out = await berth(["up", "no/such/plan.ts"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("no such file: no/such/plan.ts");
  });

  it("a YAML error, with file:line:column", async () => {
    const out = await berth(["validate", "test/fixtures/cli/broken.yaml"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/test\/fixtures\/cli\/broken\.yaml:\d+:\d+ /);
  });

  it("a plan problem in a .ts file, with file:line:column and the plan path", async () => {
    const out = await berth(["up", "test/fixtures/cli/invalid-plan.ts"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      "test/fixtures/cli/invalid-plan.ts:7:30 nodes.broken.configure.container_config.enviroment",
    );
  });

  it("a daemon_client.version older than Engine API 1.24, before anything is created", async () => {
    const plan = "test/fixtures/cli/pinned-api.ts";
    const { deployment, stateDir, env } = uniqueDeployment("cli-api123", plan);
    try {
      // Quoted: a bare 1.23 is read as a number, which docker-py's rule refuses for its own reason.
      const args = ["up", plan, "--state-dir", stateDir, "-i", 'api_version="1.23"'];
      const out = await berth(args, { env });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(
        'error: InvalidPlan\n  nodes.pinned.configure.daemon_client.version input "api_version" = "1.23": Engine API 1.23 is older than 1.24: berth needs Engine API 1.24 or later',
      );
      expect(containersOf(deployment)).toEqual([]);
    } finally {
      removeDeployment(deployment);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it("a module that is not a plan", async () => {
    const out = await berth(["status", "test/fixtures/cli/not-a-plan.ts"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("cannot load plan test/fixtures/cli/not-a-plan.ts");
  });

  it("an unknown option, an unknown command, a bad --concurrency", async () => {
    const option = await berth(["up", "test/fixtures/cli/sleeper.ts", "--frobnicate"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const command = await berth(["deploy", "test/fixtures/cli/sleeper.ts"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'deploy'");
    expect((await berth(["up", "test/fixtures/cli/sleeper.ts", "--concurrency", "zero"])).code).toBe(2);
  });

  it("an undeclared input, also as a JSON error result", async () => {
    const out = await berth(["plan", "test/fixtures/cli/two-nodes.ts", "-i", "colour=red", "--json"]);
    expect(out.code).toBe(2);
    const result = errResultSchema.parse(parseJsonOutput(out.stdout).result);
    expect(result.error).toMatchObject({
      kind: "InvalidInputs",
      message: "unknown input colour (declared inputs: greeting)",
    });
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
    expect(await berth(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
