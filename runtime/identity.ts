/**
 * Who a deployment is and who made it. A deployment id names the deployment (labels, container
 * names, the state and lock files); a plan identity says which plan made its containers (the
 * `berth.plan` label), so one plan never adopts or removes what another made.
 */
import { createHash } from "node:crypto";

/**
 * Docker's container-name characters, starting with a letter or digit (so never `.` or `..`),
 * and short enough for file names and container names: the id goes into both.
 */
const DEPLOYMENT_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const MAX_DEPLOYMENT_ID_LENGTH = 64;

/** What is wrong with a deployment id, or undefined when it is a good one. */
export function deploymentIdProblem(id: unknown): string | undefined {
  if (typeof id !== "string") return `a deployment id must be a string, not ${id === null ? "null" : typeof id}`;
  if (id.length > MAX_DEPLOYMENT_ID_LENGTH)
    return `deployment id "${id.slice(0, 20)}…" is ${id.length} characters long; the limit is ${MAX_DEPLOYMENT_ID_LENGTH}`;
  if (!DEPLOYMENT_ID.test(id))
    return `deployment id "${id}" must start with a letter or digit and use only letters, digits, "_", "." or "-"`;
  return undefined;
}

/** What is wrong with a plan identity, or undefined. It is a label value: any non-empty text on one line. */
export function planIdentityProblem(id: unknown): string | undefined {
  if (typeof id !== "string" || id === "") return "a plan identity must be a non-empty string";
  if (/[\n\r\0]/.test(id)) return "a plan identity must be one line of text";
  return undefined;
}

/**
 * The command's default deployment id for a plan file: the plan's name, then a short hash of the
 * file's real path, so two `blueprint.yaml`s in different directories never share a deployment,
 * while `berth up` and `tsx plan.ts` of one file always do. `_` becomes `-` so the id needs no
 * escaping in container names (below).
 *
 * ```ts
 * defaultDeploymentId("db_server", "/srv/app/db_server.ts") // "db-server-1f0c9a2b"
 * ```
 */
export function defaultDeploymentId(planName: string, realPath: string): string {
  const hash = createHash("sha256").update(realPath).digest("hex").slice(0, 8);
  const name = planName.replaceAll("_", "-").slice(0, MAX_DEPLOYMENT_ID_LENGTH - hash.length - 1);
  return `${name}-${hash}`;
}

/**
 * The container name berth gives a node unless container_config.name says otherwise:
 * the deployment id with each `_` doubled, one `_`, then the node's name.
 *
 * The mapping is one-to-one, so two different deployment/node pairs never share a name
 * (`a_b` + `c` is `a__b_c`, `a` + `b_c` is `a_b_c`): node names start with a letter or digit, so
 * the separator is the last `_` of the first run of underscores of odd length, and everything
 * before it is the escaped id. Ids without `_` (every default id) read as `<deployment>_<node>`.
 */
export const containerName = (deployment: string, node: string): string =>
  `${deployment.replaceAll("_", "__")}_${node}`;
