/**
 * One engine client per distinct daemon: nodes that name the same daemon_client share a
 * connection (and one version negotiation). The pool turns daemon_client into a dockerode
 * connection through the translation layer, then connects.
 */
import { readFileSync } from "node:fs";
import { errAsync, type ResultAsync } from "neverthrow";
import type { DaemonClient } from "../../dsl/mod.ts";
import { canonicalJson } from "../config-hash.ts";
import { berthError, fromEngine } from "../errors.ts";
import type { BerthError, EngineTrouble } from "../types.ts";
import { connectDockerode } from "./dockerode-client.ts";
import { engineAgents } from "./engine-agents.ts";
import type { EngineClient } from "./engine-client.ts";
import { daemonConnection, type Resolved } from "./translate/mod.ts";

/** Connecting can fail with a daemon_client that cannot be used, or with the engine's answer. */
export type ConnectError = BerthError<"InvalidOption" | "EngineError" | EngineTrouble>;
export type ClientFor = (daemonClient: Resolved<DaemonClient>) => ResultAsync<EngineClient, ConnectError>;

/** `host` plays DOCKER_HOST for nodes without daemon_client.base_url. */
export function clientPool(host?: string, env: Readonly<Record<string, string | undefined>> = process.env): ClientFor {
  const cache = new Map<string, ResultAsync<EngineClient, ConnectError>>();
  const environment = host === undefined ? env : { ...env, DOCKER_HOST: host };
  return (daemonClient) => {
    const key = canonicalJson(daemonClient);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const connection = daemonConnection(daemonClient, environment, (path: string) => readFileSync(path, "utf8"));
    if (connection.isErr()) {
      return errAsync(berthError("InvalidOption", connection.error.message, { path: connection.error.path }));
    }
    const { options, endpoint, version, timeoutMs, tlsFiles } = connection.value;
    const agents = engineAgents(connection.value);
    const client = connectDockerode({
      options,
      endpoint,
      ...(version !== undefined && { version }),
      timeoutMs,
      ...(tlsFiles !== undefined && { tlsFiles }),
      agents,
    }).mapErr((e) => {
      agents.close();
      return fromEngine(e, "EngineError", `cannot use the Docker daemon at ${endpoint}`);
    });
    // A failed connection is not cached: the next node (or run) tries again.
    cache.set(key, client);
    void client.mapErr(() => cache.delete(key));
    return client;
  };
}
