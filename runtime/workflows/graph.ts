/**
 * Bounded scheduling over the plan's dependency graph. Install runs a node once every
 * relationship target, and every node whose attributes it reads, has finished (for install:
 * started and ready); uninstall runs the reverse. At most `concurrency` nodes do work at once; a node that only waits (for its
 * readiness) gives its slot back. The order among ready nodes is the plan's declaration order.
 */
import { err, type Result } from "neverthrow";
import { attributeSources } from "../../dsl/attribute-sources.ts";
import type { Plan } from "../../dsl/mod.ts";

/** For each node, the nodes it waits for. */
export type Prerequisites = ReadonlyMap<string, readonly string[]>;

/** Install order: a node waits for the targets of its relationships and the nodes whose attributes it reads. */
export function installPrerequisites(plan: Plan): Prerequisites {
  const reads = attributeSources(plan);
  return new Map(
    Object.entries(plan.nodes).map(([name, node]) => [
      name,
      [...new Set([...node.relationships.map((r) => r.target), ...(reads.get(name) ?? [])])].filter(
        (t) => t !== name && t in plan.nodes,
      ),
    ]),
  );
}

/** Uninstall order: a node waits for every node that depends on it. */
export function uninstallPrerequisites(plan: Plan): Prerequisites {
  const install = installPrerequisites(plan);
  const out = new Map<string, string[]>([...install.keys()].map((n) => [n, []]));
  for (const [name, targets] of install) for (const t of targets) out.get(t)?.push(name);
  return out;
}

export interface ScheduleOptions {
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Keep scheduling after a failure (uninstall does its best); install stops at the first. */
  readonly continueOnFailure?: boolean;
}

export interface ScheduleOutcome<R, E> {
  /** Nodes that finished without error, in completion order. */
  readonly succeeded: readonly string[];
  /** What each succeeded node's run returned. */
  readonly results: ReadonlyMap<string, R>;
  readonly failures: readonly { readonly node: string; readonly error: E }[];
  /** Nodes never started (after a failure, an abort, or because a prerequisite failed). */
  readonly notStarted: readonly string[];
  readonly aborted: boolean;
}

/**
 * Runs `run` for every node respecting `prerequisites`. Never rejects: `run` reports failure
 * through its Result. A failed node's dependents do not run. `run` may call `release()` when
 * the rest of its work is waiting: its slot goes to the next node, while the node itself is done
 * only when its Result arrives.
 */
export async function schedule<R, E>(
  prerequisites: Prerequisites,
  run: (node: string, release: () => void) => PromiseLike<Result<R, E>>,
  options: ScheduleOptions,
): Promise<ScheduleOutcome<R, E>> {
  const limit = Math.max(1, Math.floor(options.concurrency));
  const pending = new Set(prerequisites.keys());
  const done = new Set<string>();
  const failed = new Set<string>();
  const succeeded: string[] = [];
  const results = new Map<string, R>();
  const failures: { node: string; error: E }[] = [];
  const running = new Map<string, Promise<void>>();
  const released = new Set<string>();
  let wake: () => void = () => undefined;
  let stop = false;
  // Whenever this is asked, every released node is a running one (both drop it together), so
  // the nodes holding a slot are the running ones less the released.
  const busy = () => running.size - released.size;

  const blocked = (node: string) => (prerequisites.get(node) ?? []).some((p) => failed.has(p));
  const ready = (node: string) => (prerequisites.get(node) ?? []).every((p) => done.has(p) && !failed.has(p));

  for (;;) {
    if (options.signal?.aborted) stop = true;
    if (!stop) {
      // A node whose prerequisite failed can never run: count it as failed-by-proxy, silently.
      for (const node of [...pending]) {
        if (blocked(node)) {
          pending.delete(node);
          failed.add(node);
          done.add(node);
        }
      }
      for (const node of [...pending]) {
        if (busy() >= limit) break;
        if (!ready(node)) continue;
        pending.delete(node);
        // May be called at once, inside `run` itself, before the task is in `running`.
        const release = () => {
          if (done.has(node) || released.has(node)) return;
          released.add(node);
          wake();
        };
        const task = Promise.resolve(run(node, release))
          .catch((e: unknown) => err(e as E))
          .then((result) => {
            running.delete(node);
            released.delete(node);
            done.add(node);
            if (result.isOk()) {
              succeeded.push(node);
              results.set(node, result.value);
            } else {
              failed.add(node);
              failures.push({ node, error: result.error });
              if (!options.continueOnFailure) stop = true;
            }
          });
        running.set(node, task);
      }
    }
    if (running.size === 0) break;
    const slotFreed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    await waitForAny([...running.values(), slotFreed], options.signal);
  }
  const notStarted = [...prerequisites.keys()].filter(
    (n) => !succeeded.includes(n) && !failures.some((f) => f.node === n),
  );
  return { succeeded, results, failures, notStarted, aborted: options.signal?.aborted === true };
}

/** Resolves when one of the tasks settles, or the signal aborts (so scheduling stops at once). */
function waitForAny(tasks: readonly Promise<void>[], signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return Promise.race(tasks);
  return new Promise((resolve) => {
    const onAbort = () => resolve();
    signal.addEventListener("abort", onAbort, { once: true });
    void Promise.race(tasks).then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
