import { err, ok, type Result } from "neverthrow";
import { posixShlexSplit } from "../../../dsl/shlex.ts";
import { invalidOption, type TranslationError } from "./translation-error.ts";

/**
 * docker-py's `split_command`: Python's `shlex.split(cmd)` (POSIX mode, no comments), no shell
 * expansion. A list is passed through as is.
 *
 * This is a port of CPython's `shlex` state machine rather than the `shlex` npm package, which
 * deviates from Python on inputs a command may well contain: it expands ANSI-C `$'…'` and
 * `$"…"` quotes, drops a backslash-newline, and re-processes escapes over the whole token when a
 * quote closes (`x\\\\"y"` gives `x\y`, Python gives `x\\y`). See DEVIATIONS.md.
 *
 * ```ts
 * splitCommand('sh -c "echo $HOME"') // ok(["sh", "-c", "echo $HOME"])
 * splitCommand("")                   // ok([])
 * splitCommand('echo "oops')         // err: No closing quotation
 * ```
 */
export function splitCommand(cmd: string | readonly string[], path = "command"): Result<string[], TranslationError> {
  if (typeof cmd !== "string") return ok([...cmd]);
  const words = posixShlexSplit(cmd);
  return typeof words === "string" ? err(invalidOption(path, words)) : ok(words);
}
