/** create: import from a local tarball, build from a directory (with .dockerignore), a bad build path. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { node, plan } from "../../dsl/mod.ts";
import { down, up } from "../../runtime/mod.ts";
import { berthBin, run } from "../fixtures/cli/berth-process.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  cleanupDeployment,
  engine,
  eventually,
  leftovers,
  ROOTFS_TARBALL,
  testRun,
  uniqueName,
  unwrap,
  valid,
} from "./support/engine.ts";

const { defer } = cleanupAfterEach();

function contextDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-build-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function logsOf(container: string): Promise<string> {
  const client = await engine();
  return eventually(async () => {
    const text = await unwrap(client.logs(container));
    return text === "" ? undefined : text;
  });
}

describe("create", () => {
  it("imports a local tarball (streamed to the engine) and labels the image as berth's", async () => {
    const deployment = uniqueName("tar");
    const run = testRun();
    defer(run.dispose, () => cleanupDeployment(deployment));
    const p = valid(
      plan(deployment, [
        node("box").import(ROOTFS_TARBALL).config("/bin/echo from-tarball").start().delete({ remove_image: true }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const image = report.nodes.box?.runtimeProperties.image ?? "";
    const details = await unwrap((await engine()).inspectImage(image));
    expect(details.Labels).toMatchObject({ "berth.image": `${deployment}/box` });
    expect(await logsOf(report.nodes.box?.runtimeProperties.container ?? "")).toBe("from-tarball");
    await unwrap(down(p, run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("builds a directory with its options, honouring .dockerignore", async () => {
    const deployment = uniqueName("build");
    const run = testRun();
    defer(run.dispose, () => cleanupDeployment(deployment));
    const dir = contextDir({
      "Build.dockerfile": `FROM ${BUSYBOX}\nCOPY . /ctx/\nCMD ["/bin/ls", "/ctx"]\n`,
      "kept.txt": "kept\n",
      "secret.txt": "ignored\n",
      ".dockerignore": "secret.txt\n",
    });
    const p = valid(
      plan(deployment, [
        node("built")
          .build({ path: dir, dockerfile: "Build.dockerfile", rm: true, nocache: true })
          .config("/bin/ls /ctx")
          .start()
          .delete({ remove_image: true }),
      ]),
    );
    const report = await unwrap(up(p, run.options));
    const props = report.nodes.built?.runtimeProperties;
    expect(props?.image).toMatch(/^(sha256:)?[a-f0-9]{12,64}$/);
    expect(run.events.some((e) => e.type === "progress" && /^Step 1\/\d+ : FROM/.test(e.message))).toBe(true);
    const listing = (await logsOf(props?.container ?? "")).split("\n");
    expect(listing).toContain("kept.txt");
    expect(listing).not.toContain("secret.txt");
    await unwrap(down(p, run.options));
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("fails with ImageBuildFailed for a path that is not a directory, and leaves nothing", async () => {
    const deployment = uniqueName("badpath");
    const run = testRun();
    defer(run.dispose, () => cleanupDeployment(deployment));
    const p = valid(plan(deployment, [node("nope").build("/no/such/dir").config("/bin/true").start()]));
    const result = await up(p, run.options);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "ImageBuildFailed", node: "nope", operation: "create" });
    expect(error.message).toContain("No such file");
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("fails with ImageBuildFailed and the engine's words for a Dockerfile that does not build", async () => {
    const deployment = uniqueName("badfile");
    const run = testRun();
    defer(run.dispose, () => cleanupDeployment(deployment));
    const dir = contextDir({ Dockerfile: `FROM ${BUSYBOX}\nRUN /bin/false\n` });
    const p = valid(
      plan(deployment, [node("bad").build({ path: dir, rm: true, forcerm: true }).config("/bin/true").start()]),
    );
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error.kind).toBe("ImageBuildFailed");
    expect(error.message).toMatch(/returned a non-zero code: 1/);
  });

  it("reads a blueprint's relative tarball and build paths from the blueprint's directory, wherever berth runs", async () => {
    const deployment = uniqueName("relpath");
    defer(() => cleanupDeployment(deployment));
    const project = contextDir({
      "ctx/Dockerfile": `FROM ${BUSYBOX}\nCOPY hello.txt /hello.txt\n`,
      "ctx/hello.txt": "built\n",
    });
    copyFileSync(ROOTFS_TARBALL, join(project, "rootfs.tar"));
    const lifecycle = (create: string, command: string) => `
    interfaces:
      cloudify.interfaces.lifecycle:
        create:
          implementation: docker.docker_plugin.tasks.create
          inputs:
            ${create}
        configure:
          implementation: docker.docker_plugin.tasks.configure
          inputs:
            container_config:
              command: ${command}
        start: docker.docker_plugin.tasks.run
        delete:
          implementation: docker.docker_plugin.tasks.delete
          inputs:
            container_remove:
              remove_image: true`;
    writeFileSync(
      join(project, "blueprint.yaml"),
      `tosca_definitions_version: cloudify_dsl_1_0
imports:
  - http://www.getcloudify.org/spec/cloudify/3.1/types.yaml
  - http://www.getcloudify.org/spec/docker-plugin/1.1/plugin.yaml
node_templates:
  imported:
    type: cloudify.nodes.Root${lifecycle("image_import: { src: ./rootfs.tar }", "/bin/echo imported")}
  built:
    type: cloudify.nodes.Root${lifecycle(`image_build: { path: ./ctx, tag: ${deployment}-built }`, "/bin/cat /hello.txt")}
`,
    );
    const state = join(project, "state");
    const berth = (command: string) =>
      run(
        process.execPath,
        [berthBin, command, join(project, "blueprint.yaml"), "-d", deployment, "--state-dir", state],
        {
          cwd: tmpdir(),
        },
      );
    const upRun = await berth("up");
    expect(upRun.stderr).not.toMatch(/neither an http\(s\) URL nor an existing file|No such file or directory/);
    expect(upRun.code).toBe(0);
    expect((await berth("down")).code).toBe(0);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("fails an import whose URL answers 404 with one readable line, without the server's HTML page", async () => {
    const server = createServer((_req, res) => {
      res
        .writeHead(404, { "Content-Type": "text/html" })
        .end('<!DOCTYPE HTML>\n<html lang="en">\n<body>nope</body>\n</html>\n');
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    defer(() => new Promise<void>((done) => server.close(() => done())));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/missing.tar`;
    const deployment = uniqueName("html404");
    defer(() => cleanupDeployment(deployment));
    const p = valid(plan(deployment, [node("i").import(url).config("/bin/true").start()]));
    const run = testRun();
    defer(run.dispose);
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expect(error.kind).toBe("ImageImportFailed");
    expect(error.message).toContain("404");
    expect(error.message).toContain("(the server's HTML error page left out)");
    expect(error.message).not.toMatch(/<html|<!DOCTYPE/i);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });
});
