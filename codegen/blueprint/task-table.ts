/**
 * How the docker plugin's tasks are named in a blueprint. Which task each lifecycle operation
 * runs, and its inputs, come from the one operation table (dsl/operations.ts).
 */
import { type LifecycleOperation, operationTable } from "../../dsl/operations.ts";

export const PLUGIN = "docker";
export const TASK_PREFIX = "docker.docker_plugin.tasks.";
export const LIFECYCLE = "cloudify.interfaces.lifecycle";

/** `docker.docker_plugin.tasks.<task>` of a lifecycle operation. */
export const implementationOf = (op: LifecycleOperation): string => `${TASK_PREFIX}${operationTable[op].task}`;
