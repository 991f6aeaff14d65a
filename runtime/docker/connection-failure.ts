/**
 * A failure the transport (the ssh tunnel, the agents' timeouts) already understood. It travels
 * through node:http and dockerode as an ordinary Error, and `toEngineError` reads its facts
 * instead of guessing from a message.
 */
import type { EngineErrorFields, EngineErrorKind } from "./engine-client.ts";

/** One kind with exactly its facts. */
export type ConnectionFacts = { [K in EngineErrorKind]: { readonly kind: K } & EngineErrorFields[K] }[EngineErrorKind];

export class ConnectionFailure extends Error {
  readonly facts: ConnectionFacts;
  /** Like node's own socket errors, so code that looks at `code` still sees something sensible. */
  readonly code: string;

  constructor(facts: ConnectionFacts, message: string, code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ConnectionFailure";
    this.facts = facts;
    this.code = code;
  }
}

/** What a socket is destroyed with when the engine has sent nothing for `ms`. */
export const idleTimeout = (ms: number): ConnectionFailure =>
  new ConnectionFailure(
    { kind: "Timeout" },
    `nothing received for ${seconds(ms)} (daemon_client.timeout)`,
    "ETIMEDOUT",
  );

export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
