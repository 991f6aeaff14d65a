/**
 * Loads a plan module when no TypeScript loader is registered (the `berth` command runs from
 * dist/, which starts several times faster than under tsx). esbuild bundles the plan's own
 * code and points every import of berth's public modules at the running build, so the plan and
 * the command share one copy of the DSL. Like Vite with its config files, the bundle is written
 * beside the plan (so its package imports resolve exactly as the plan's would), imported, and
 * removed at once.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { berthPackage } from "./package-root.ts";

interface DistLayout {
  readonly entryPoints: Readonly<Record<string, string>>;
}

/** `berth`, `berth/runtime`, `berth/codegen` -> the dist module that serves them. */
const publicSpecifiers: Readonly<Record<string, string>> = {
  berth: "mod",
  "berth/runtime": "runtime",
  "berth/codegen": "codegen",
};

/** Imports `absolute` through an esbuild bundle; rejects as `import()` would. */
export async function importBundled(absolute: string): Promise<Record<string, unknown>> {
  const code = cachedBundle(absolute) ?? (await bundle(absolute));
  const file = join(dirname(absolute), `.${basename(absolute)}.berth-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, code);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(file, { force: true });
  }
}

// A bundle is kept with the modification times of the files it was made from, and reused while
// none has changed: esbuild's start-up is a good part of `berth yaml`'s time.
interface CacheEntry {
  readonly inputs: Readonly<Record<string, number>>;
  readonly code: string;
}

// Keyed by the plan and by the berth that bundled it: the bundle imports that berth's dist/ by
// its absolute path, so another install sharing the cache directory (a worktree whose
// node_modules is a link to another's) must not be handed it.
export const cacheFile = (absolute: string, root = berthPackage().root): string => {
  const key = createHash("sha256").update(root).update("\0").update(absolute).digest("hex").slice(0, 32);
  return join(root, "node_modules", ".cache", "berth-plans", `${key}.json`);
};

const mtime = (path: string): number | undefined => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

function cachedBundle(absolute: string): string | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(absolute), "utf8")) as CacheEntry;
    const fresh = Object.entries(entry.inputs).every(([path, time]) => mtime(path) === time);
    return fresh ? entry.code : undefined;
  } catch {
    return undefined;
  }
}

function remember(absolute: string, inputs: readonly string[], code: string): void {
  const file = cacheFile(absolute);
  const times = Object.fromEntries(inputs.map((path) => [path, mtime(path) ?? -1]));
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ inputs: times, code } satisfies CacheEntry));
  } catch {
    // A cache that cannot be written only costs the next run an esbuild start.
  }
}

async function bundle(absolute: string): Promise<string> {
  const { root } = berthPackage();
  const [esbuild, layout] = await Promise.all([
    import("esbuild"),
    import(pathToFileURL(join(root, "scripts", "dist-layout.mjs")).href) as Promise<DistLayout>,
  ]);
  const built = (name: string) => pathToFileURL(join(root, "dist", `${name}.js`)).href;
  // berth source entry (absolute path) -> the built module that replaces it.
  const builtFor = new Map(
    Object.entries(layout.entryPoints).map(([name, source]) => [resolve(root, source), built(name)]),
  );
  builtFor.set(resolve(root, "dsl", "mod.ts"), built("mod"));

  const result = await esbuild.build({
    entryPoints: [absolute],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "silent",
    metafile: true,
    absWorkingDir: dirname(absolute),
    plugins: [
      {
        name: "berth-public-modules",
        setup(build) {
          build.onResolve({ filter: /^berth(\/|$)/ }, (args) => {
            const name = publicSpecifiers[args.path];
            return name === undefined ? undefined : { path: built(name), external: true };
          });
          build.onResolve({ filter: /^\.\.?\/|^\// }, (args) => {
            const target = resolve(args.resolveDir, args.path);
            const replacement = builtFor.get(target);
            if (replacement !== undefined) return { path: replacement, external: true };
            if (target.startsWith(`${root}/`) && !target.startsWith(dirname(absolute))) {
              return {
                errors: [
                  {
                    text: `a plan may import berth's public modules only (berth, berth/runtime, berth/codegen), not ${target}`,
                  },
                ],
              };
            }
            return undefined;
          });
        },
      },
    ],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced no output for ${absolute}`);
  const inputs = Object.keys(result.metafile.inputs).map((path) => resolve(dirname(absolute), path));
  remember(absolute, inputs, output.text);
  return output.text;
}
