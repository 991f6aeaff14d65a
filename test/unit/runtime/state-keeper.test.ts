/**
 * The run's state keeper coalesces saves: changes made while a save is under way go out
 * together in the next save, and each change's Result waits for a save that holds it.
 */
import { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { type DeploymentState, emptyState } from "../../../runtime/state/deployment-state.ts";
import { StateKeeper } from "../../../runtime/state/state-keeper.ts";
import { memoryStateStore, type StateFailure } from "../../../runtime/state/state-store.ts";

/** A store whose saves finish only when the test says so. */
function slowStore() {
  const inner = memoryStateStore();
  const saves: { state: DeploymentState; finish: () => void }[] = [];
  const save = (state: DeploymentState): ResultAsync<void, StateFailure> =>
    new ResultAsync(
      new Promise((resolve) => {
        saves.push({ state, finish: () => resolve(inner.save(state)) });
      }).then((r) => r as Awaited<ReturnType<typeof inner.save>>),
    );
  return { store: { ...inner, save }, saves };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("StateKeeper", () => {
  it("writes the changes made during a save together in the next one", async () => {
    const { store, saves } = slowStore();
    const keeper = new StateKeeper(emptyState("d"), store);
    const done: string[] = [];
    const track = (name: string, r: ResultAsync<void, StateFailure>) =>
      void r.then(() => {
        done.push(name);
      });

    track("a", keeper.update("a", { container: "1" }));
    await tick();
    expect(saves.map((s) => Object.keys(s.state.nodes))).toEqual([["a"]]);
    // While the first save is under way, three more changes.
    track("b", keeper.update("b", { container: "2" }));
    track("c", keeper.update("c", { container: "3" }));
    track("a2", keeper.update("a", { image: "sha256:x" }));
    await tick();
    expect(saves).toHaveLength(1);

    saves[0]?.finish();
    await tick();
    expect(done).toEqual(["a"]);
    expect(saves).toHaveLength(2);
    expect(saves[1]?.state.nodes).toEqual({
      a: { runtimeProperties: { container: "1", image: "sha256:x" } },
      b: { runtimeProperties: { container: "2" } },
      c: { runtimeProperties: { container: "3" } },
    });

    saves[1]?.finish();
    await tick();
    expect(done).toEqual(["a", "b", "c", "a2"]);
    expect(saves).toHaveLength(2);
  });

  it("passes a failed save's error to every change it held", async () => {
    const failure = { kind: "StateError", message: "disk full" } as StateFailure;
    const inner = memoryStateStore();
    let calls = 0;
    const store = {
      ...inner,
      save: (s: DeploymentState): ResultAsync<void, StateFailure> =>
        ++calls === 2 ? ResultAsync.fromPromise(Promise.reject(failure), () => failure) : inner.save(s),
    };
    const keeper = new StateKeeper(emptyState("d"), store);
    expect((await keeper.update("a", {})).isOk()).toBe(true);
    // Two changes made together share the second save, which fails.
    const results = await Promise.all([keeper.update("b", {}), keeper.update("c", {})]);
    expect(results.map((r) => r.isErr() && r.error.message)).toEqual(["disk full", "disk full"]);
    expect(calls).toBe(2);
    // The keeper goes on: a later change is saved again, with everything before it.
    expect((await keeper.update("d", {})).isOk()).toBe(true);
    expect(Object.keys(inner.saved.get("d")?.nodes ?? {})).toEqual(["a", "b", "c", "d"]);
  });
});
