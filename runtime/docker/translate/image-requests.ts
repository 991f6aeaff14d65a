import { err, ok, type Result } from "neverthrow";
import type { ImageBuild, ImageImport } from "../../../dsl/options.ts";
import { parseBytes } from "./parse-bytes.ts";
import { ensureResolved, type Resolved } from "./resolved.ts";
import { invalidOption, type TranslationError } from "./translation-error.ts";

/** Where an import reads from: a URL the Engine fetches, or a local tarball berth streams. */
export type ImportImageRequest =
  | { readonly kind: "url"; readonly fromSrc: string; readonly repo?: string; readonly tag?: string }
  | { readonly kind: "file"; readonly path: string; readonly repo?: string; readonly tag?: string };

/**
 * docker-py's `import_image(src, repository, tag)`: a `src` that is an existing file is streamed
 * (`fromSrc=-`); an http(s) URL is fetched by the Engine (`fromSrc=<url>`). docker-py sent any
 * other string as a URL too (quirk 15); berth reports it instead, since the Engine can only fail.
 *
 * ```ts
 * importImageRequest({ src: "http://127.0.0.1:8000/rootfs.tar", repository: "busybox" }, existsSync)
 * // ok({ kind: "url", fromSrc: "http://127.0.0.1:8000/rootfs.tar", repo: "busybox" })
 * ```
 */
export function importImageRequest(
  imageImport: ImageImport | Resolved<ImageImport>,
  fileExists: (path: string) => boolean,
): Result<ImportImageRequest, TranslationError> {
  return ensureResolved(imageImport, "image_import").andThen((resolved) => {
    const { src, repository, tag } = resolved as Resolved<ImageImport>;
    const extra = { ...(repository ? { repo: repository } : {}), ...(tag ? { tag } : {}) };
    if (typeof src !== "string" || src === "") {
      return err(invalidOption("image_import.src", "Must specify a src or image"));
    }
    if (/^https?:\/\//i.test(src)) return ok({ kind: "url", fromSrc: src, ...extra } as const);
    if (fileExists(src)) return ok({ kind: "file", path: src, ...extra } as const);
    return err(
      invalidOption(
        "image_import.src",
        `${src} is neither an http(s) URL nor an existing file; give a URL the Docker engine can fetch or the path of a tarball on this machine`,
      ),
    );
  });
}

/** Query options of `POST /build`, as docker-py 1.6 sent them. */
export type BuildImageOptions = {
  t?: string;
  q: boolean;
  nocache: boolean;
  rm: boolean;
  forcerm: boolean;
  pull: boolean;
  dockerfile?: string;
  memory?: number;
  memswap?: number;
  cpushares?: number;
  cpusetcpus?: string;
};

/** A build from a local directory (tarred by the runtime) or from a remote context. */
export type BuildImageRequest =
  | { readonly kind: "context"; readonly contextDir: string; readonly options: BuildImageOptions }
  | { readonly kind: "remote"; readonly remote: string; readonly options: BuildImageOptions };

const REMOTE = /^(https?:\/\/|git:\/\/|github\.com\/|git@)/;

/**
 * docker-py's `build(path, tag, quiet, nocache, rm, pull, forcerm, dockerfile,
 * container_limits)`. A `path` starting with `http://`, `https://`, `git://`, `github.com/` or
 * `git@` is a remote context; anything else is a directory. `rm` defaults to false as in
 * docker-py (the CLI's default is true). `container_limits.memory`/`memswap` go through
 * `parseBytes` (docker-py sent strings unparsed, which the Engine rejects).
 *
 * ```ts
 * buildImageRequest({ path: "./image", tag: "app:1" })
 * // ok({ kind: "context", contextDir: "./image", options: { t: "app:1", q: false, nocache: false, rm: false, forcerm: false, pull: false } })
 * ```
 */
export function buildImageRequest(
  imageBuild: ImageBuild | Resolved<ImageBuild>,
): Result<BuildImageRequest, TranslationError> {
  return ensureResolved(imageBuild, "image_build").andThen((resolved) => {
    const b = resolved as Resolved<ImageBuild>;
    const options: BuildImageOptions = {
      q: b.quiet ?? false,
      nocache: b.nocache ?? false,
      rm: b.rm ?? false,
      forcerm: b.forcerm ?? false,
      pull: b.pull ?? false,
    };
    if (b.tag) options.t = b.tag;
    if (b.dockerfile) options.dockerfile = b.dockerfile;
    const limits = b.container_limits ?? {};
    if (limits.memory !== undefined && limits.memory !== null) {
      const r = parseBytes(limits.memory, "image_build.container_limits.memory");
      if (r.isErr()) return err(r.error);
      options.memory = r.value;
    }
    if (limits.memswap !== undefined && limits.memswap !== null) {
      const r = parseBytes(limits.memswap, "image_build.container_limits.memswap");
      if (r.isErr()) return err(r.error);
      options.memswap = r.value;
    }
    if (limits.cpushares !== undefined && limits.cpushares !== null) options.cpushares = limits.cpushares;
    if (limits.cpusetcpus !== undefined && limits.cpusetcpus !== null) options.cpusetcpus = limits.cpusetcpus;
    if (typeof b.path !== "string" || b.path === "") {
      return err(invalidOption("image_build.path", "Either path or url to image must be given"));
    }
    return ok(
      REMOTE.test(b.path)
        ? { kind: "remote" as const, remote: b.path, options }
        : { kind: "context" as const, contextDir: b.path, options },
    );
  });
}
