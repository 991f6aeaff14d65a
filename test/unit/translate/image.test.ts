import { describe, expect, it } from "vitest";
import { buildImageRequest, extractImageId, importImageRequest } from "../../../runtime/docker/translate/mod.ts";

const ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

describe("importImageRequest", () => {
  const exists = (path: string) => path === "/tmp/rootfs.tar";

  it("sends http(s) URLs as fromSrc", () => {
    expect(
      importImageRequest(
        { src: "http://127.0.0.1:8000/rootfs.tar", repository: "busybox", tag: "1" },
        exists,
      )._unsafeUnwrap(),
    ).toEqual({ kind: "url", fromSrc: "http://127.0.0.1:8000/rootfs.tar", repo: "busybox", tag: "1" });
    expect(importImageRequest({ src: "https://example.com/x.tar" }, exists)._unsafeUnwrap()).toEqual({
      kind: "url",
      fromSrc: "https://example.com/x.tar",
    });
  });

  it("streams an existing local file", () => {
    expect(importImageRequest({ src: "/tmp/rootfs.tar", repository: "r" }, exists)._unsafeUnwrap()).toEqual({
      kind: "file",
      path: "/tmp/rootfs.tar",
      repo: "r",
    });
  });

  it("rejects anything else instead of sending it as a URL (quirk 15)", () => {
    expect(importImageRequest({ src: "some/path" }, exists)._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "image_import.src",
      message:
        "some/path is neither an http(s) URL nor an existing file; give a URL the Docker engine can fetch or the path of a tarball on this machine",
    });
  });
});

describe("buildImageRequest", () => {
  it("builds a local directory with docker-py's defaults (rm false)", () => {
    expect(buildImageRequest({ path: "./image" })._unsafeUnwrap()).toEqual({
      kind: "context",
      contextDir: "./image",
      options: { q: false, nocache: false, rm: false, forcerm: false, pull: false },
    });
  });

  it("passes every option and parses container_limits", () => {
    expect(
      buildImageRequest({
        path: "/ctx",
        tag: "app:1",
        quiet: true,
        nocache: true,
        rm: true,
        forcerm: true,
        pull: true,
        dockerfile: "Dockerfile.prod",
        container_limits: { memory: "64m", memswap: -1, cpushares: 512, cpusetcpus: "0-1" },
      })._unsafeUnwrap(),
    ).toEqual({
      kind: "context",
      contextDir: "/ctx",
      options: {
        t: "app:1",
        q: true,
        nocache: true,
        rm: true,
        forcerm: true,
        pull: true,
        dockerfile: "Dockerfile.prod",
        memory: 64 * 1024 * 1024,
        memswap: -1,
        cpushares: 512,
        cpusetcpus: "0-1",
      },
    });
  });

  it.each([
    "http://x/ctx.tar",
    "https://x/repo.git",
    "git://github.com/a/b",
    "github.com/a/b",
    "git@github.com:a/b.git",
  ])("sends %s as a remote context", (path) => {
    expect(buildImageRequest({ path })._unsafeUnwrap()).toEqual({
      kind: "remote",
      remote: path,
      options: { q: false, nocache: false, rm: false, forcerm: false, pull: false },
    });
  });

  it("reports a bad memory limit with its path", () => {
    expect(buildImageRequest({ path: ".", container_limits: { memory: "1.5g" } })._unsafeUnwrapErr()).toEqual({
      kind: "InvalidOption",
      path: "image_build.container_limits.memory",
      message: "Failed converting the string value formemory (1.5) to a number.",
    });
  });
});

describe("extractImageId", () => {
  it("reads a modern import response", () => {
    expect(extractImageId("import", `{"status":"sha256:${ID}"}\r\n`)._unsafeUnwrap()).toBe(`sha256:${ID}`);
  });

  it("reads the last id status of an old, progress-laden import response, concatenated or parsed", () => {
    const raw = `{"status":"Downloading","progress":"[=>  ]"}{"status":"Importing"}\n{"status":"${ID.slice(0, 12)}"}\n`;
    expect(extractImageId("import", raw)._unsafeUnwrap()).toBe(ID.slice(0, 12));
    expect(extractImageId("import", [{ status: "Importing" }, { status: ID }])._unsafeUnwrap()).toBe(ID);
  });

  it("reports import errors with the plugin's messages", () => {
    expect(
      extractImageId("import", '{"errorDetail":{"message":"bad tar"},"error":"bad tar"}')._unsafeUnwrapErr(),
    ).toEqual({
      kind: "ImageImportFailed",
      message: "Error during image import bad tar",
      recoverable: false,
    });
    expect(extractImageId("import", '{"status":"not-an-id"}')._unsafeUnwrapErr()).toEqual({
      kind: "ImageImportFailed",
      message: 'Unknown error during image import (import image output: {"status":"not-an-id"})',
      recoverable: false,
    });
    expect(extractImageId("import", "")._unsafeUnwrapErr().message).toBe(
      "Unknown error during image import (import image output: )",
    );
  });

  it("reads a build's aux ID or 'Successfully built', wherever it sits near the end", () => {
    expect(
      extractImageId("build", [
        { stream: "Step 1/2 : FROM scratch\n" },
        { aux: { ID: `sha256:${ID}` } },
        { stream: `Successfully built ${ID.slice(0, 12)}\n` },
        { stream: "Successfully tagged app:1\n" },
      ])._unsafeUnwrap(),
    ).toBe(`sha256:${ID}`);
    expect(
      extractImageId(
        "build",
        `{"stream":" ---> ${ID.slice(0, 12)}\\n"}\r\n{"stream":"Successfully built ba5877dc9bec\\n"}\r\n`,
      )._unsafeUnwrap(),
    ).toBe("ba5877dc9bec");
    expect(extractImageId("build", [{ id: "moby.image.id", aux: { ID: `sha256:${ID}` } }])._unsafeUnwrap()).toBe(
      `sha256:${ID}`,
    );
  });

  it("reports build failures: empty stream recoverable, unparsable and error not", () => {
    expect(extractImageId("build", [])._unsafeUnwrapErr()).toEqual({
      kind: "ImageBuildFailed",
      message: "Unknown error while building image",
      recoverable: true,
    });
    expect(extractImageId("build", [{ stream: "Successfully tagged x\n" }])._unsafeUnwrapErr()).toEqual({
      kind: "ImageBuildFailed",
      message: "Unknown error while building image",
      recoverable: false,
    });
    expect(
      extractImageId("build", [
        { stream: "Step 1/1\n" },
        { errorDetail: { message: "no such file" }, error: "no such file" },
      ])._unsafeUnwrapErr(),
    ).toEqual({ kind: "ImageBuildFailed", message: "Error while building image: no such file", recoverable: false });
  });
});
