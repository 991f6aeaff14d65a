/** What each command produces on success, before it is rendered for a person or as JSON. */
import type { ValidPlan } from "../dsl/mod.ts";
import type { DeploymentReport, NodeChange, NodeStatus } from "../runtime/types.ts";

export const commandNames = ["up", "down", "status", "plan", "validate", "yaml", "import", "logs"] as const;
export type CommandName = (typeof commandNames)[number];

export const isCommandName = (name: string): name is CommandName => (commandNames as readonly string[]).includes(name);

export type Outcome =
  | { readonly command: "up"; readonly report: DeploymentReport }
  | { readonly command: "down"; readonly report: DeploymentReport }
  | { readonly command: "status"; readonly deployment: string; readonly nodes: readonly NodeStatus[] }
  | { readonly command: "plan"; readonly deployment: string; readonly changes: readonly NodeChange[] }
  | { readonly command: "validate"; readonly file: string; readonly plan: ValidPlan }
  | { readonly command: "yaml"; readonly text: string; readonly output?: string }
  | { readonly command: "import"; readonly text: string; readonly output?: string }
  | { readonly command: "logs" };

/** Options every command that talks to the engine takes (see docs/cli.md). */
export interface CommonFlags {
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly input?: readonly string[];
  readonly concurrency?: number;
  readonly keepOnFailure?: boolean;
  readonly host?: string;
  readonly stateDir?: string;
  /** `-d/--deployment`: the deployment id (checked by the argument parser). */
  readonly deployment?: string;
  readonly adopt?: boolean;
  /** `--wait-lock <seconds>`. */
  readonly waitLock?: number;
}
