/**
 * CommonJS modules that load on first use. A package may require at load time a module that
 * berth never or seldom calls: dockerode's BuildKit session (gRPC and protobufjs, ~70 ms here)
 * and docker-modem's ssh transport (ssh2, ~30 ms more; berth has its own, ssh-tunnel.ts). Given
 * a stand-in in `require.cache` before the package loads, Node's `require` returns the stand-in,
 * and the real module is required the first time the stand-in is called.
 *
 * Only for modules whose export is a function that is only ever called. A module that cannot be
 * found (another version laid out differently) is left alone: it then loads as it always did.
 */
import Module, { createRequire } from "node:module";

/** A module to defer: the package that requires it, and its path inside that package. */
export interface DeferredModule {
  /** How the package is resolved: from `from` (a file URL or path), by its specifier. */
  readonly from: string;
  readonly specifier: string;
  /** The module inside the package (`./lib/session.js`), resolved from its main file. */
  readonly inner: string;
}

type Callable = (this: unknown, ...args: unknown[]) => unknown;

/** Puts a stand-in in the require cache for each module; returns the paths it deferred. */
export function deferModules(modules: readonly DeferredModule[]): string[] {
  const deferred: string[] = [];
  for (const m of modules) {
    const path = resolveInner(m);
    if (path === undefined) continue;
    const require = createRequire(path);
    if (require.cache[path] !== undefined) continue;
    let real: Callable | undefined;
    const load = (): Callable => {
      if (real === undefined) {
        delete require.cache[path];
        real = require(path) as Callable;
      }
      return real;
    };
    const stub = new Module(path);
    stub.filename = path;
    stub.loaded = true;
    stub.exports = function deferred(this: unknown, ...args: unknown[]) {
      return load().apply(this, args);
    };
    require.cache[path] = stub;
    deferred.push(path);
  }
  return deferred;
}

function resolveInner(m: DeferredModule): string | undefined {
  try {
    const main = createRequire(m.from).resolve(m.specifier);
    return createRequire(main).resolve(m.inner);
  } catch {
    return undefined;
  }
}
