import { okAsync, type ResultAsync } from "neverthrow";

/** Runs `f` over items one after another, stopping at the first error. */
export function sequence<T, E>(items: readonly T[], f: (item: T) => ResultAsync<unknown, E>): ResultAsync<void, E> {
  return items.reduce<ResultAsync<void, E>>(
    (chain, item) => chain.andThen(() => f(item).map(() => undefined)),
    okAsync(undefined),
  );
}
