/** The examples at the end of each command's --help. */
import type { CommandName } from "./outcome.ts";

const examples: Record<CommandName, readonly string[]> = {
  up: [
    "berth up examples/db_server.ts",
    "berth up blueprint.yaml -i image_url=http://127.0.0.1:8000/rootfs.tar",
    "berth up plan.ts -i inputs.yaml --concurrency 2 --keep-on-failure",
    "berth up plan.ts --json > events.ndjson",
    "berth up blueprint.yaml -d staging --wait-lock 60   (its own deployment id; wait for a running up/down)",
    "tsx plan.ts            (a plan that ends in runIfMain runs itself: up is the default)",
  ],
  down: [
    "berth down examples/db_server.ts            (no -i needed: down uses what up recorded)",
    "berth down blueprint.yaml -d staging        (the deployment up -d staging made)",
    "berth down blueprint.yaml -H tcp://10.0.0.5:2375",
  ],
  status: ["berth status examples/db_server.ts", "berth status plan.ts --json | jq '.nodes'"],
  plan: ["berth plan examples/db_server.ts", "berth plan plan.ts -i tag=v2   (what would be recreated, and why)"],
  validate: ["berth validate plan.ts", "berth validate blueprint.yaml -i inputs.yaml"],
  yaml: ["berth yaml examples/db_server.ts", "berth yaml plan.ts -o blueprint.yaml --dsl-version 1_3"],
  import: ["berth import blueprint.yaml", "berth import blueprint.yaml -o plan.ts --import-from ../mod.ts"],
  logs: ["berth logs plan.ts", "berth logs plan.ts db_server -f", "berth logs plan.ts db_server --tail 20"],
};

export const examplesOf = (command: CommandName): string =>
  `\nExamples:\n${examples[command].map((e) => `  $ ${e}`).join("\n")}\n`;

export const programHelp = `
Exit codes: 0 success, 1 the deployment failed, 2 invalid input or usage (or another plan's
deployment), 3 pending changes (plan --exit-code), 75 another run holds the deployment, 130 interrupted.
A plan file also runs itself: \`tsx plan.ts [command] [options]\` is \`berth <command> plan.ts\`.
Docs: README.md in berth's package ("The berth command"); the --json format in docs/cli.md of its repository.
`;
