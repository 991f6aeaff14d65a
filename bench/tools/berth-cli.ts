/** berth as a person runs it: `node bin/berth.js up <plan.ts> --quiet --state-dir <dir>`. */
import { join } from "node:path";
import { ResultAsync } from "neverthrow";
import { BERTH_BIN, ROOT } from "../config.ts";
import { benchError } from "../errors.ts";
import { writePlanModule } from "../fixtures/bench-plan.ts";
import { runTimed } from "../proc.ts";
import type { LifecycleTool } from "./types.ts";

export const berthCliTool: LifecycleTool = {
  id: "berth-cli",
  label: "berth command",
  prepare: (spec) => {
    const stateDir = join(spec.workDir, "state");
    const berth = (file: string, command: "up" | "down") =>
      runTimed(process.execPath, [BERTH_BIN, command, file, "--quiet", "--state-dir", stateDir], { cwd: ROOT }).map(
        () => undefined,
      );
    return ResultAsync.fromPromise(
      writePlanModule(spec.workDir, spec.name, spec.n, spec.runId),
      benchError("write plan file"),
    ).map((file) => ({ up: () => berth(file, "up"), down: () => berth(file, "down") }));
  },
};
