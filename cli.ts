/**
 * The `berth` command: parse arguments, call a function in `cli/`, map its Result to output and
 * an exit code (0 success, 1 deployment failed, 2 invalid input or usage, 3 pending changes,
 * 75 deployment locked, 130 interrupted).
 * One chained expression per command; the work lives in `cli/commands/`.
 */
import { performance } from "node:perf_hooks";
import { Command, CommanderError, InvalidArgumentError, type OptionValues } from "@commander-js/extra-typings";
import { type CliContext, processContext, wantsColour } from "./cli/context.ts";
import { ExitCode, usage } from "./cli/errors.ts";
import { finish, pendingChanges } from "./cli/finish.ts";
import { examplesOf, programHelp } from "./cli/help.ts";
import { isCommandName } from "./cli/outcome.ts";
import { berthPackage } from "./cli/package-root.ts";
import { printableLines } from "./cli/render/format.ts";
import { errResult, jsonLine } from "./cli/render/json.ts";
import { styleFor } from "./cli/render/style.ts";
import { deploymentIdProblem } from "./runtime/identity.ts";

performance.mark("berth:cli-loaded");
const { version } = berthPackage();

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
};

// Commands load on use: `berth --help` needs neither the DSL nor zod.
const run = () => import("./cli/commands/mod.ts");

const dslVersions = ["cloudify_dsl_1_0", "cloudify_dsl_1_3", "cloudify_dsl_1_4"] as const;
const dslPrefix = "cloudify_dsl_";

/** `--dsl-version`: the full name (`cloudify_dsl_1_4`) or the short form the docs use (`1_4`). */
const dslVersion = (value: string): (typeof dslVersions)[number] => {
  const full = value.startsWith(dslPrefix) ? value : `${dslPrefix}${value}`;
  const known = dslVersions.find((v) => v === full);
  if (known === undefined) {
    const short = dslVersions.map((v) => v.slice(dslPrefix.length)).join(", ");
    throw new InvalidArgumentError(`expected one of ${short} (or in full, ${dslVersions.join(", ")})`);
  }
  return known;
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The options every engine command shares. */
const withCommon = <Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) =>
  command
    .option(
      "-i, --input <input>",
      "an input: key=value (YAML scalar), inputs.yaml, or a mapping; repeatable",
      collect,
      [] as string[],
    )
    .option("--json", "NDJSON events while running, then one JSON result line")
    .option("-q, --quiet", "print only errors and the command's own output")
    .option("-v, --verbose", "debug events and error causes")
    .option("-H, --host <url>", "Docker daemon for nodes without daemon_client (like DOCKER_HOST)")
    .option("--state-dir <dir>", "where deployment state is kept (default: .berth)");

const deploymentId = (value: string): string => {
  const problem = deploymentIdProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
};

const seconds = (value: string): number => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("expected a number of seconds, 0 or more");
  return n;
};

/** The options of commands that act on a deployment. */
/** The options of a command that acts on a deployment: the common ones, then its id. */
const withDeployment = <Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) =>
  withCommon(command)
    .option(
      "-d, --deployment <id>",
      "the deployment id (default: the plan's name and a hash of the plan file's path)",
      deploymentId,
    )
    .option("--adopt", "act on this deployment's containers even if another plan (or an older berth) made them");

const withRunOptions = <Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) =>
  command
    .option("--concurrency <n>", "how many independent nodes run at once", positiveInteger)
    .option("--keep-on-failure", "keep what a failed run created instead of undoing it")
    .option(
      "--wait-lock <seconds>",
      "wait this long for another run of the deployment to finish (default: fail at once)",
      seconds,
    );

/** Builds the program; each action reports its exit code through `exit`. */
export function program(ctx: CliContext, exit: (code: ExitCode) => void): Command {
  const style = styleFor(wantsColour(ctx, ctx.stderr));
  const root = new Command("berth")
    .description("Typed plans for Docker container lifecycles, faithful to the Cloudify Docker plugin")
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(style.red(printableLines(s))), // it quotes the arguments given
    })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", programHelp);

  withRunOptions(
    withDeployment(
      root
        .command("up")
        .description("install: create, configure and start every node")
        .argument("<file>", "plan module (.ts) or blueprint (.yaml)"),
    ),
  )
    .addHelpText("after", examplesOf("up"))
    .action(async (file, opts) => exit(await finish(ctx, "up", opts, (await run()).deploy(ctx, "up", file, opts))));

  withRunOptions(
    withDeployment(
      root
        .command("down")
        .description("uninstall: stop and delete every node, dependents first")
        .argument("<file>", "plan module (.ts) or blueprint (.yaml)"),
    ),
  )
    .addHelpText("after", examplesOf("down"))
    .action(async (file, opts) => exit(await finish(ctx, "down", opts, (await run()).deploy(ctx, "down", file, opts))));

  withDeployment(
    root
      .command("status")
      .description("a table of each node's container, image, ports, IPs and uptime")
      .argument("<file>", "plan module (.ts) or blueprint (.yaml)"),
  )
    .addHelpText("after", examplesOf("status"))
    .action(async (file, opts) => exit(await finish(ctx, "status", opts, (await run()).status(ctx, file, opts))));

  withDeployment(
    root
      .command("plan")
      .description("preview what up would do per node (create, recreate, unchanged) and why; changes nothing")
      .argument("<file>", "plan module (.ts) or blueprint (.yaml)")
      .option("--exit-code", `exit ${ExitCode.changes} when up would change something, 0 when nothing (for CI)`),
  )
    .addHelpText("after", examplesOf("plan"))
    .action(async (file, opts) =>
      exit(
        await finish(
          ctx,
          "plan",
          opts,
          (await run()).preview(ctx, file, opts),
          opts.exitCode ? pendingChanges : undefined,
        ),
      ),
    );

  withCommon(
    root
      .command("validate")
      .description("check a plan and its inputs without Docker")
      .argument("<file>", "plan module (.ts) or blueprint (.yaml)"),
  )
    .addHelpText("after", examplesOf("validate"))
    .action(async (file, opts) =>
      exit(await finish(ctx, "validate", opts, (await run()).validatePlan(ctx, file, opts))),
    );

  withDeployment(
    root
      .command("logs")
      .description("print the containers' output")
      .argument("<file>", "plan module (.ts) or blueprint (.yaml)"),
  )
    .argument("[node]", "only this node")
    .option("-f, --follow", "keep printing new output until Ctrl-C")
    .option("--tail <n>", "only the last n lines of each container", positiveInteger)
    .addHelpText("after", examplesOf("logs"))
    .action(async (file, node, opts) =>
      exit(await finish(ctx, "logs", opts, (await run()).logs(ctx, file, node, opts))),
    );

  root
    .command("yaml")
    .description("emit the plan as a Cloudify blueprint")
    .argument("<file>", "plan module (.ts) or blueprint (.yaml)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option(
      "--dsl-version <version>",
      "tosca_definitions_version of the blueprint: 1_0 (the default), 1_3 or 1_4; cloudify_dsl_1_4 works too",
      dslVersion,
    )
    .addHelpText("after", examplesOf("yaml"))
    .action(async (file, opts) => exit(await finish(ctx, "yaml", {}, (await run()).yaml(ctx, file, opts))));

  root
    .command("import")
    .description("turn a Cloudify blueprint into a berth plan module")
    .argument("<blueprint>", "blueprint (.yaml)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--import-from <specifier>", "module the plan imports berth from", "berth")
    .addHelpText("after", examplesOf("import"))
    .action(async (file, opts) =>
      exit(await finish(ctx, "import", {}, (await run()).importBlueprint(ctx, file, opts))),
    );

  return root;
}

/**
 * Runs the CLI on `argv` (without node and script) and resolves to the exit code. `self` is
 * the plan when a plan file runs itself (see `runIfMain`).
 */
export const main = (argv: readonly string[], self?: CliContext["self"]): Promise<number> =>
  runCli(processContext(self), argv);

/** The CLI against a given context: tests pass captured output and a fixed clock. */
export async function runCli(ctx: CliContext, argv: readonly string[]): Promise<number> {
  let code: ExitCode = ExitCode.ok;
  try {
    await program(ctx, (c) => {
      code = c;
    }).parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    // Help and --version exit 0; every other commander error is a usage error.
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCode.ok;
      usageResult(ctx, argv, error.message);
      return ExitCode.usage;
    }
    throw error;
  }
}

/**
 * With --json, a usage error still ends in the one result line a caller reads (commander has
 * already said it on stderr): the command it was for, `Usage`, exit code 2.
 */
function usageResult(ctx: CliContext, argv: readonly string[], message: string): void {
  const options = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  const [command] = options;
  if (!options.includes("--json") || command === undefined || !isCommandName(command)) return;
  const error = usage(message.replace(/^error: /, ""));
  ctx.stdout.write(jsonLine(errResult(command, error, ExitCode.usage)));
}
