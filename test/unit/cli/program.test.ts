/** The whole CLI in-process, on commands that need no engine: usage errors, help, validate, --json. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errResultSchema, okResultSchema, parseJsonOutput } from "../../../cli/json-schema.ts";
import { runCli } from "../../../cli.ts";
import { testContext } from "./capture.ts";

const cli = async (...argv: string[]) => {
  const ctx = testContext();
  const code = await runCli(ctx, argv);
  return { code, stdout: ctx.stdout.text(), stderr: ctx.stderr.text() };
};

describe("berth, in-process", () => {
  it("prints package.json's version", async () => {
    const { version } = (await import("../../../package.json", { with: { type: "json" } })).default;
    expect(await cli("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("ends a usage error with --json in one result line on stdout, as every other failure", async () => {
    const bad = await cli("up", "blueprint.yaml", "--json", "--bogus");
    expect(bad.code).toBe(2);
    const line = errResultSchema.parse(JSON.parse(bad.stdout));
    expect(line).toMatchObject({
      command: "up",
      exitCode: 2,
      error: { kind: "Usage", message: "unknown option '--bogus'" },
    });
    expect((await cli("up", "blueprint.yaml", "--bogus")).stdout).toBe("");
  });

  it("exits 2 on usage errors, naming the problem", async () => {
    const unknownOption = await cli("up", "--bogus", "x.ts");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");
    expect((await cli("launch", "x.ts")).stderr).toContain("unknown command 'launch'");
    expect((await cli("launch", "x.ts")).code).toBe(2);
    expect((await cli("up")).code).toBe(2);
    expect((await cli()).code).toBe(2);
    const concurrency = await cli("up", "x.ts", "--concurrency", "0");
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toContain("expected a whole number of at least 1");
    const dsl = await cli("yaml", "x.ts", "--dsl-version", "cloudify_dsl_9");
    expect(dsl.code).toBe(2);
    expect(dsl.stderr).toContain("option '--dsl-version <version>' argument 'cloudify_dsl_9' is invalid");
    expect(dsl.stderr).toContain("expected one of 1_0, 1_3, 1_4");
  });

  it("takes --dsl-version in the short form the README uses (1_4) and in full", async () => {
    for (const version of ["1_4", "cloudify_dsl_1_4"]) {
      const out = await cli("yaml", "test/fixtures/cli/two-nodes.ts", "--dsl-version", version);
      expect(out).toMatchObject({ code: 0, stderr: "" });
      expect(out.stdout).toContain("tosca_definitions_version: cloudify_dsl_1_4\n");
    }
  });

  it("has examples in every command's help", async () => {
    for (const command of ["up", "down", "status", "plan", "validate", "yaml", "import", "logs"]) {
      const help = await cli(command, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Examples:");
      expect(help.stdout).toContain(`$ berth ${command} `);
    }
  });

  it("validates a plan", async () => {
    expect(await cli("validate", "test/fixtures/cli/two-nodes.ts")).toEqual({
      code: 0,
      stdout: '✔ test/fixtures/cli/two-nodes.ts: plan "cli-two-nodes" is valid (2 nodes: db, web; inputs: greeting)\n',
      stderr: "",
    });
  });

  it("exits 2 for a missing file, an invalid plan, and unknown inputs", async () => {
    const missing = await cli("validate", "nope.ts");
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain("no such file: nope.ts");
    const invalid = await cli("validate", "test/fixtures/cli/invalid-plan.ts");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(
      "test/fixtures/cli/invalid-plan.ts:7:30 nodes.broken.configure.container_config.enviroment",
    );
    const inputs = await cli("validate", "test/fixtures/cli/two-nodes.ts", "-i", "greting=hi");
    expect(inputs.code).toBe(2);
    expect(inputs.stderr).toContain("unknown input greting (declared inputs: greeting)");
  });

  it("writes one JSON result line with --json, matching the documented schema", async () => {
    const ok = await cli(
      "validate",
      "test/fixtures/cli/two-nodes.ts",
      "--json",
      "-i",
      "test/fixtures/cli/two-nodes-inputs.yaml",
    );
    expect(ok.code).toBe(0);
    const parsed = parseJsonOutput(ok.stdout);
    expect(okResultSchema.parse(parsed.result)).toMatchObject({
      command: "validate",
      plan: { name: "cli-two-nodes", nodes: ["db", "web"] },
    });
    const bad = await cli("validate", "test/fixtures/cli/broken.yaml", "--json");
    expect(bad.code).toBe(2);
    const error = errResultSchema.parse(parseJsonOutput(bad.stdout).result);
    expect(error.error.kind).toBe("InvalidPlan");
    expect(error.error.issues?.[0]?.line).toBeGreaterThan(0);
  });
});

describe("berth, on names that carry terminal escapes", () => {
  it("prints a blueprint's keys and the arguments given with control characters escaped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-escapes-"));
    try {
      const file = join(dir, "bp.yaml");
      // The escapes are YAML's: the file itself holds no control character, the key does.
      writeFileSync(
        file,
        'tosca_definitions_version: cloudify_dsl_1_0\nnode_templates:\n  db:\n    type: cloudify.nodes.Root\n    "\\e[2J\\e[31mred": 1\n',
      );
      const invalid = await cli("validate", file);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('unknown key "\\x1b[2J\\x1b[31mred" in node template "db"');
      expect(invalid.stderr).not.toContain("\x1b");
      const usage = await cli("up", "--bo\x1b[2Jgus", file);
      expect(usage.stderr).toContain("unknown option '--bo\\x1b[2Jgus'");
      expect(usage.stderr).not.toContain("\x1b");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
