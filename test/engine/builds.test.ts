/**
 * Builds and the images berth owns (issue #11 §1, §4): an image built FROM berth's survives down;
 * a failed or killed build leaves nothing; a recreate with remove_image removes the old image.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { node, plan } from "../../dsl/mod.ts";
import { LABEL_IMAGE } from "../../runtime/labels.ts";
import { down, up } from "../../runtime/mod.ts";
import type { RunEvent } from "../../runtime/types.ts";
import { buildPlan } from "./support/build-plan.ts";
import {
  BUSYBOX,
  cleanupAfterEach,
  engine,
  expectKind,
  leftovers,
  logMessages,
  ROOTFS_TARBALL,
  unwrap,
  valid,
} from "./support/engine.ts";
import { startUpChild } from "./support/up-child-process.ts";

const { defer, setup } = cleanupAfterEach();

/** A build context directory holding these files, removed after the test. */
function contextDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-build-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The step containers and the images a build committed, read from its progress events (the
 * test's own reading of the stream, independent of berth's). The FROM base is not one of them.
 */
async function madeBy(events: readonly RunEvent[]): Promise<{ containers: string[]; images: string[] }> {
  const base = (await unwrap((await engine()).inspectImage(BUSYBOX))).Id.replace(/^sha256:/, "").slice(0, 12);
  const lines = events.flatMap((e) => (e.type === "progress" ? e.message.split("\n") : []));
  const containers = lines.flatMap((l) => /^ ---> Running in ([0-9a-f]{12})$/.exec(l)?.[1] ?? []);
  const images = lines.flatMap((l) => /^ ---> ([0-9a-f]{12})$/.exec(l)?.[1] ?? []).filter((id) => id !== base);
  // Whatever the test finds, it removes afterwards, pass or fail.
  defer(async () => {
    const client = await engine();
    for (const id of containers) await client.removeContainer(id, { force: true });
    for (const id of [...images].reverse()) await client.removeImage(id);
  });
  return { containers, images };
}

const containerExists = async (id: string) => (await (await engine()).inspectContainer(id)).isOk();
const imageExists = async (ref: string) => (await (await engine()).inspectImage(ref)).isOk();

/** Builds an image the way a user would, FROM `image`, tagged `tag`; removed after the test. */
async function userBuild(image: string, tag: string): Promise<void> {
  const client = await engine();
  const dir = contextDir({ Dockerfile: `FROM ${image}\nENV MINE=1\n` });
  defer(async () => {
    await client.removeImage(tag);
  });
  await unwrap(client.buildImage({ contextDir: dir, options: { t: tag, rm: true } }, {}, () => {}));
}

describe("images built FROM berth's", () => {
  const basePlan = (deployment: string, dir: string) =>
    valid(
      plan(deployment, [
        node("base").build(dir).config("sleep 60").start().stop({ timeout: 0 }).delete({ remove_image: true }),
      ]),
    );

  it("survive down, which reports the berth image they hold as ImageInUse naming them", async () => {
    const { deployment, run } = setup("derived");
    const p = basePlan(deployment, contextDir({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${deployment} > /a\n` }));
    const berthImage = (await unwrap(up(p, run.options))).nodes.base?.runtimeProperties.image ?? "";
    // berth's label is one step, the last: a kill leaves the image labelled, or no image at all.
    const steps = run.events.flatMap((e) => (e.type === "progress" && /^Step /.test(e.message) ? [e.message] : []));
    expect(steps.filter((m) => m.includes("LABEL"))).toEqual([`Step 3/3 : LABEL berth.image=${deployment}/base`]);
    const mine = `${deployment}-mine:1`;
    await userBuild(berthImage, mine);
    const client = await engine();
    // The user's image inherited berth's label: a label alone would have it removed.
    expect((await unwrap(client.inspectImage(mine))).Labels[LABEL_IMAGE]).toBe(`${deployment}/base`);

    const error = (await down(p, run.options))._unsafeUnwrapErr();
    expectKind(error, "ImageInUse");
    expect(error.image).toBe(berthImage);
    expect(error.usedBy.join(" ")).toContain(mine);
    expect(error.message).toContain("image(s) built from it");
    expect(await imageExists(mine)).toBe(true);
    expect(logMessages(run.events).filter((m) => m.startsWith("keeping image") && m.includes(mine))).toHaveLength(1);
    // The legacy builder links the user's image to berth's, so the engine keeps berth's too.
    expect(await imageExists(berthImage)).toBe(true);
    expect((await leftovers(deployment)).containers).toEqual([]);
  });

  it("survive down when nothing links them to berth's image (as BuildKit builds them), while berth's goes", async () => {
    const { deployment, run } = setup("derived-nolink");
    const p = basePlan(deployment, contextDir({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${deployment} > /a\n` }));
    const berthImage = (await unwrap(up(p, run.options))).nodes.base?.runtimeProperties.image ?? "";
    const mine = `${deployment}-mine:1`;
    await userBuild(berthImage, mine);
    // Saved and loaded back, the image has no Parent: only its history says where it came from.
    const tarball = join(contextDir({}), "mine.tar");
    execFileSync("docker", ["save", "-o", tarball, mine]);
    execFileSync("docker", ["rmi", "--no-prune", mine]);
    execFileSync("docker", ["load", "-i", tarball]);
    const client = await engine();
    const loaded = await unwrap(client.inspectImage(mine));
    expect(loaded.Parent).toBe("");
    expect(loaded.Labels[LABEL_IMAGE]).toBe(`${deployment}/base`);

    await unwrap(down(p, run.options));
    expect(await imageExists(berthImage)).toBe(false);
    expect(await imageExists(mine)).toBe(true);
    expect(logMessages(run.events).filter((m) => m.startsWith("keeping image") && m.includes(mine))).toHaveLength(1);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [loaded.Id] });
  });
});

describe("builds leave nothing behind", () => {
  it("a build whose RUN step fails, with docker-py's default rm: false, leaves no container and no image", async () => {
    const { deployment, run } = setup("runfails");
    const dir = contextDir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${deployment} > /one\nCOPY Dockerfile /two\nRUN exit 3\n`,
    });
    const p = valid(plan(deployment, [node("bad").build(dir).config("/bin/true").start()]));
    const error = (await up(p, run.options))._unsafeUnwrapErr();
    expectKind(error, "ImageBuildFailed");
    expect(error.message).toContain("returned a non-zero code: 3");

    const made = await madeBy(run.events);
    // Two RUN steps ran in containers; RUN echo and COPY committed images.
    expect(made.containers).toHaveLength(2);
    expect(made.images).toHaveLength(2);
    for (const id of made.containers) expect(await containerExists(id), `container ${id}`).toBe(false);
    for (const id of made.images) expect(await imageExists(id), `image ${id}`).toBe(false);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
  });

  it("down from a new process removes what a build made when up was killed with SIGKILL during it", async () => {
    const { deployment, run } = setup("buildkill");
    const dir = contextDir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${deployment} > /one\nRUN sleep 5\nRUN echo two > /two\n`,
    });
    const child = startUpChild([deployment, run.stateDir, dir]);
    defer(child.kill);
    const events: RunEvent[] = [];
    let sleeping = false;
    await child.until((event) => {
      events.push(event);
      if (event.type !== "progress") return false;
      sleeping ||= event.message.includes("RUN sleep 5");
      return sleeping && event.message.includes("Running in");
    });
    // Mid-step: the sleep has a few seconds left.
    await new Promise((r) => setTimeout(r, 1000));
    await child.kill();

    const made = await madeBy(events);
    expect(made.containers).toHaveLength(2);
    expect(made.images).toHaveLength(1);
    // The step image is left behind, with no label to find it by.
    const [stepImage = ""] = made.images;
    expect((await unwrap((await engine()).inspectImage(stepImage))).Labels[LABEL_IMAGE]).toBeUndefined();

    await unwrap(down(valid(buildPlan(deployment, dir)), run.options));
    for (const id of made.containers) expect(await containerExists(id), `container ${id}`).toBe(false);
    expect(await imageExists(stepImage)).toBe(false);
    expect(await leftovers(deployment)).toEqual({ containers: [], images: [] });
    expect(existsSync(join(run.stateDir, `${deployment}.json`))).toBe(false);
  });
});

describe("recreate with remove_image", () => {
  const nodes =
    (source: (n: ReturnType<typeof node>) => ReturnType<ReturnType<typeof node>["import"]>) =>
    (deployment: string, command: string) =>
      valid(
        plan(deployment, [
          source(node("drop")).config(command).start().stop({ timeout: 0 }).delete({ remove_image: true }),
          source(node("keep")).config(command).start().stop({ timeout: 0 }).delete({ remove_image: false }),
        ]),
      );

  async function recreate(prefix: string, plans: (deployment: string, command: string) => ReturnType<typeof valid>) {
    const { deployment, run } = setup(prefix);
    const first = await unwrap(up(plans(deployment, "sleep 60"), run.options));
    const second = await unwrap(up(plans(deployment, "sleep 61"), run.options));
    const image = (r: typeof first, n: string) => r.nodes[n]?.runtimeProperties.image ?? "";
    expect(second.nodes.drop?.action).toBe("recreated");
    expect(second.nodes.keep?.action).toBe("recreated");
    for (const n of ["drop", "keep"]) {
      expect(image(second, n)).not.toBe(image(first, n));
      expect(await imageExists(image(second, n))).toBe(true);
    }
    expect(await imageExists(image(first, "drop"))).toBe(false);
    expect(await imageExists(image(first, "keep"))).toBe(true);
  }

  it("removes the image an imported node replaces, and keeps it with remove_image: false", async () => {
    await recreate(
      "reimport",
      nodes((n) => n.import(ROOTFS_TARBALL)),
    );
  });

  it("removes the image a built node replaces, and keeps it with remove_image: false", async () => {
    const dir = contextDir({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo built > /built\n` });
    // nocache, so the rebuild of the kept node is a new image rather than the cached old one.
    await recreate(
      "rebuild",
      nodes((n) => n.build({ path: dir, nocache: true })),
    );
  });
});
