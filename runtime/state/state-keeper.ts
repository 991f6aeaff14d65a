/**
 * The live state of one run: node records in memory, written through to the store after every
 * operation. Writes are chained so concurrent nodes never interleave two saves, and coalesced:
 * changes made while a save is under way go out together in the next one, which writes the
 * newest state. Each change's Result comes from the first save that holds it. With ten nodes
 * starting at once, that is a handful of writes instead of one per operation, each waiting
 * behind all the others.
 */
import { okAsync, type Result, ResultAsync } from "neverthrow";
import type { RuntimeProperties } from "../types.ts";
import type { DeploymentState, NodeMarks, NodeRecord, Teardown } from "./deployment-state.ts";
import type { StateFailure, StateStore } from "./state-store.ts";

/** What a node's record keeps of the config its container was made with. */
export interface NodeConfigRecord {
  readonly hash: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly teardown: Teardown;
}

export class StateKeeper {
  #state: DeploymentState;
  /** The save under way (or the last one); settles, never rejects. */
  #chain: Promise<unknown> = Promise.resolve();
  /** The next save, waiting for the one under way; it writes whatever the state is when it begins. */
  #next: Promise<Result<void, StateFailure>> | undefined;

  constructor(
    state: DeploymentState,
    private readonly store: StateStore,
  ) {
    this.#state = state;
  }

  get state(): DeploymentState {
    return this.#state;
  }

  node(name: string): NodeRecord | undefined {
    return this.#state.nodes[name];
  }

  properties(name: string): RuntimeProperties | undefined {
    return this.#state.nodes[name]?.runtimeProperties;
  }

  /** Merges runtime properties (and the config hash, digest and teardown, when given) of a node, then saves. */
  update(name: string, properties: RuntimeProperties, config?: NodeConfigRecord): ResultAsync<void, StateFailure> {
    const previous = this.#state.nodes[name];
    const record: NodeRecord = {
      ...previous,
      runtimeProperties: { ...previous?.runtimeProperties, ...properties },
      ...(config !== undefined && {
        configHash: config.hash,
        configDigest: config.digest,
        teardown: config.teardown,
      }),
    };
    return this.#commit({ ...this.#state.nodes, [name]: record });
  }

  /** Sets bookkeeping marks on a node's record (a node without a record gets one). */
  mark(name: string, marks: NodeMarks): ResultAsync<void, StateFailure> {
    const previous = this.#state.nodes[name];
    return this.#commit({ ...this.#state.nodes, [name]: { runtimeProperties: {}, ...previous, ...marks } });
  }

  /** Replaces a node's record (a recreate starts from nothing). */
  replace(name: string, record: NodeRecord): ResultAsync<void, StateFailure> {
    return this.#commit({ ...this.#state.nodes, [name]: record });
  }

  /** Drops the nodes' records, all in one save (none: nothing to save). */
  forget(...names: string[]): ResultAsync<void, StateFailure> {
    if (names.length === 0) return okAsync(undefined);
    const gone = new Set(names);
    return this.#commit(Object.fromEntries(Object.entries(this.#state.nodes).filter(([node]) => !gone.has(node))));
  }

  #commit(nodes: Readonly<Record<string, NodeRecord>>): ResultAsync<void, StateFailure> {
    this.#state = { ...this.#state, nodes, updatedAt: new Date().toISOString() };
    if (this.#next === undefined) {
      const next = this.#chain.then(() => {
        this.#next = undefined;
        return this.store.save(this.#state);
      });
      this.#next = next;
      this.#chain = next.catch(() => undefined);
    }
    return new ResultAsync(this.#next);
  }
}
