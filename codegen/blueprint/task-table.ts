/**
 * The docker plugin's tasks per lifecycle operation (plugin-v1.1.md §1.3), with the inputs of
 * each in the order they are emitted. One table, read by the emitters and the reader alike.
 */
import type { LifecycleOperation, OperationInputs } from "../../dsl/plan-types.ts";

export const PLUGIN = "docker";
export const TASK_PREFIX = "docker.docker_plugin.tasks.";
export const LIFECYCLE = "cloudify.interfaces.lifecycle";

export interface TaskSpec<Op extends LifecycleOperation> {
  /** The function name after `docker.docker_plugin.tasks.`. */
  readonly task: string;
  /** Every input of the task, in emit order. */
  readonly inputs: readonly (keyof OperationInputs[Op] & string)[];
  /** Inputs the plugin defaults to `{}`; berth fills them in when a blueprint leaves them out. */
  readonly defaults: readonly (keyof OperationInputs[Op] & string)[];
}

export const tasks: { readonly [Op in LifecycleOperation]: TaskSpec<Op> } = {
  create: { task: "create", inputs: ["daemon_client", "image_import", "image_build"], defaults: ["daemon_client"] },
  configure: { task: "configure", inputs: ["daemon_client", "container_config"], defaults: ["daemon_client"] },
  start: {
    task: "run",
    inputs: ["daemon_client", "container_start", "processes_to_wait_for"],
    defaults: ["daemon_client", "container_start"],
  },
  stop: { task: "stop", inputs: ["daemon_client", "container_stop"], defaults: ["daemon_client", "container_stop"] },
  delete: {
    task: "delete",
    inputs: ["daemon_client", "container_stop", "container_remove"],
    defaults: ["daemon_client", "container_stop", "container_remove"],
  },
};

/** Every task the plugin v1.1 has; `pull` exists (5d706e7) but berth does not run it. */
export const pluginTaskNames: readonly string[] = ["create", "configure", "run", "stop", "delete", "pull"];

export const implementationOf = (op: LifecycleOperation): string => `${TASK_PREFIX}${tasks[op].task}`;
