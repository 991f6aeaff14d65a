/**
 * Errors for people: what failed, where (node and operation; file:line:column), the container's
 * log tail, and what to do next. Names, paths and messages are printed with control characters
 * escaped; the log tail is the container's own output, printed as it wrote it.
 */
import { placeOf } from "../../runtime/berth-error.ts";
import type { BerthError, BerthErrorKind } from "../../runtime/types.ts";
import type { CliError, LocatedIssue } from "../errors.ts";
import { printable, printableLines } from "./format.ts";
import type { Style } from "./style.ts";

/** What to do next, per runtime error kind. */
const nextSteps: Record<BerthErrorKind, string> = {
  InvalidPlan: "fix the problems listed above; `berth validate <file>` checks a plan without Docker",
  InvalidOption: "fix the option named above; the option dictionaries follow docker-py's names",
  MissingInput: "give the input with -i name=value or -i inputs.yaml",
  DaemonUnreachable:
    "start the Docker daemon, or point berth at one with -H/--host or DOCKER_HOST (or the node's daemon_client)",
  EngineGone:
    "the engine stopped or restarted during the request: check that it runs again (`docker info`, its log), then run the command again; `berth plan <file>` shows what up would redo",
  DaemonAuthFailed:
    "load the key into ssh-agent (`ssh-add <key>`) or name it in daemon_client.ssh.identity_file; the server's authorized_keys must hold its public key",
  HostKeyMismatch:
    "do not connect until you know why the host key changed; if the host was reinstalled, remove the old key (`ssh-keygen -R <host>`) and connect again",
  HostKeyUnknown:
    "check the fingerprint with the host's owner, then add the key (`ssh-keyscan -p <port> <host> >> ~/.ssh/known_hosts`) or set daemon_client.ssh.accept_new_host_key: true",
  TlsFailed:
    "fix the certificate named above: the CA (daemon_client.tls.ca_cert or DOCKER_CERT_PATH/ca.pem) must have signed the engine's certificate, which must name the address in base_url; the client pair is daemon_client.tls.client_cert or DOCKER_CERT_PATH/{cert,key}.pem",
  ApiVersionTooOld:
    "upgrade that Docker engine (berth needs Engine API 1.24, Docker 1.12, or later), or run the node on another daemon",
  ImageImportFailed: "check that the image URL or file is reachable and is a rootfs tarball",
  ImageBuildFailed: "check the Dockerfile and build context; the build output is above",
  ImageNotFound: "build or pull the image first, or use .import()/.build() in the plan",
  ImageInUse: "remove the containers or images that use it (named above), or set remove_image: false",
  ContainerCreateFailed: "check container_config and the start options merged into HostConfig",
  ContainerStartFailed: "read the container log above; fix the command or its configuration, then run up again",
  ContainerStopFailed: "the container may still run: `berth down <file>` tries again",
  ContainerRemoveFailed: "remove it by hand (`docker rm -f`) or run `berth down <file>` again",
  PortConflict: "free the host port, or change port_bindings",
  ContainerExited:
    "read the container log above: the command failed; fix container_config.command (a one-shot job must exit 0)",
  NotReady:
    "read the probe's last result and the container log above; fix the service, or the probe (its port, path, pattern), or raise readiness.timeout if it is only slow",
  ProcessesNotStarted:
    "read the container log above; raise processes_to_wait_for.wait_for_time_secs if it is slow to start",
  Timeout:
    "check that the engine is not frozen or overloaded (`docker info`); if it is only slow, raise daemon_client.timeout (seconds, default 60)",
  StateError: "check that the state directory (--state-dir, default .berth) is writable",
  StateDamaged:
    "`berth down <file>` still works: it finds the containers by their labels and replaces the file; or move the file away, and the next up rebuilds it from the engine",
  DeploymentOwnedElsewhere:
    "give this plan its own deployment id with -d/--deployment <id>; if those containers are this plan's (its file moved), run again with --adopt",
  DeploymentLocked:
    "wait for the other run to finish and try again, or pass --wait-lock <seconds>; a lock whose process is gone is taken over by itself",
  Interrupted: "what this run started was undone per the failure policy; `berth down <file>` removes anything left",
  EngineError: "the Docker engine refused the request; its message is above",
  BerthDefect: "this is a bug in berth, not in your plan: please report it with the output of --verbose",
};

const issueLines = (issues: readonly LocatedIssue[], style: Style): string[] =>
  issues.map((i) => {
    const where = printable([i.file, i.line, i.column].filter((x) => x !== undefined).join(":"));
    const path = printable(i.path);
    return `  ${style.bold(where === "" ? path : where)} ${where === "" ? "" : `${style.dim(path)} `}${printable(i.message)}`;
  });

const causeText = (cause: unknown): string | undefined =>
  cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause);

const names = (list: readonly string[]): string => list.map(printable).join(", ");

function runError(error: BerthError, style: Style, verbose: boolean): string[] {
  const e = placeOf(error);
  const where = [e.node && `node ${e.node}`, e.operation && `operation ${e.operation}`, e.endpoint, e.path]
    .filter((x): x is string => typeof x === "string" && x !== "")
    .map(printable)
    .join(", ");
  const issues = e.issues ?? [];
  // A message that only repeats its one issue is said once, by the issue, which has the path.
  const repeated = issues.length === 1 && error.message.includes(issues[0]?.message ?? "\0");
  const lines = [
    `${style.red(style.bold(`error: ${error.kind}`))}${where === "" ? "" : ` (${where})`}`,
    ...(repeated ? [] : [`  ${printableLines(error.message)}`]),
  ];
  if (issues.length > 0) lines.push(...issueLines(issues, style));
  if (e.logTail !== undefined && e.logTail.trim() !== "") {
    lines.push(
      style.bold("  container log (last lines):"),
      ...e.logTail
        .trimEnd()
        .split("\n")
        .map((l) => `    | ${l}`),
    );
  }
  const cause = causeText(e.cause);
  if (verbose && cause !== undefined && cause !== error.message)
    lines.push(style.dim(`  cause: ${printableLines(cause)}`));
  lines.push(`${style.yellow("next:")} ${nextSteps[error.kind]}`);
  return lines;
}

const renderers: {
  [K in CliError["kind"]]: (e: Extract<CliError, { kind: K }>, style: Style, verbose: boolean) => string[];
} = {
  Usage: (e) => [`error: ${printableLines(e.message)}`, "run with --help for usage"],
  NoSuchFile: (e, s) => [
    s.red(`error: no such file: ${printable(e.file)}`),
    `${s.yellow("next:")} check the path; berth takes a plan module (.ts) or a blueprint (.yaml)`,
  ],
  PlanLoad: (e, s, verbose) => [
    s.red(`error: cannot load plan ${printable(e.file)}`),
    `  ${printableLines(e.message)}`,
    ...(verbose && e.cause instanceof Error && e.cause.stack ? [s.dim(printableLines(e.cause.stack))] : []),
  ],
  InvalidPlan: (e, s) => [
    s.red(`error: ${printable(e.file)}: the plan has ${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`),
    ...issueLines(e.issues, s),
  ],
  InvalidInputs: (e, s) => [s.red(`error: ${printableLines(e.message)}`)],
  UnknownNode: (e, s) => [
    s.red(`error: no node named "${printable(e.node)}"`),
    `  known nodes: ${e.known.length > 0 ? names(e.known) : "(none)"}`,
  ],
  WriteFailed: (e, s) => [s.red(`error: cannot write ${printable(e.file)}: ${printableLines(e.message)}`)],
  Run: (e, s, verbose) => runError(e.error, s, verbose),
};

export function errorReport(error: CliError, style: Style, verbose = false): string {
  const render = renderers[error.kind] as (e: CliError, s: Style, v: boolean) => string[];
  return `${render(error, style, verbose).join("\n")}\n`;
}
