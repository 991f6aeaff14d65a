/**
 * configure's merge of the `docker_env_var` runtime property into
 * `container_config.environment` (plugin v1.1 §1.3): explicit entries win; merged values are
 * `str()`-ed the way Python 2 would, so a dict becomes `{'x': [], 'y': 'value'}`.
 */

import { setOwn } from "../dsl/own-key.ts";
import { pyStr as pythonStr } from "./docker/translate/py-format.ts";

export type Environment = Readonly<Record<string, unknown>> | readonly unknown[];

/**
 * The environment configure passes to create_container. A list-form environment
 * (`["K=v"]`) crashed the plugin; berth merges into it by key instead (a fixed bug, FIXES.md).
 */
export function mergeDockerEnvVar(
  environment: Environment | undefined,
  dockerEnvVar: Readonly<Record<string, unknown>> | undefined,
): Environment | undefined {
  if (dockerEnvVar === undefined || Object.keys(dockerEnvVar).length === 0) return environment;
  if (Array.isArray(environment)) {
    const present = new Set(environment.map((entry) => String(entry).split("=")[0]));
    const added = Object.entries(dockerEnvVar)
      .filter(([key]) => !present.has(key))
      .map(([key, value]) => `${key}=${pythonStr(value)}`);
    return [...environment, ...added];
  }
  const explicit = (environment ?? {}) as Readonly<Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...explicit }; // a spread keeps __proto__ as an own key
  for (const [key, value] of Object.entries(dockerEnvVar)) {
    if (!Object.hasOwn(merged, key)) setOwn(merged, key, pythonStr(value));
  }
  return merged;
}
