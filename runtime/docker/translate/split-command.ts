import { err, ok, type Result } from "neverthrow";
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

const WHITESPACE = " \t\r\n";
const QUOTES = "'\"";
const ESCAPE = "\\";
const ESCAPED_QUOTES = '"';

/** CPython `shlex.shlex(s, posix=True)` with `whitespace_split=True, commenters=''`; a string is the error. */
function posixShlexSplit(s: string): string[] | string {
  const words: string[] = [];
  let state: "ws" | "word" | "'" | '"' | "escape" = "ws";
  let escapedState: "word" | "'" | '"' = "word";
  let token = "";
  let quoted = false;
  const flush = () => {
    if (token !== "" || quoted) words.push(token);
    token = "";
    quoted = false;
  };
  for (const ch of s) {
    switch (state) {
      case "ws":
      case "word":
        if (WHITESPACE.includes(ch)) {
          if (state === "word") flush();
          state = "ws";
        } else if (ch === ESCAPE) {
          escapedState = "word";
          state = "escape";
        } else if (QUOTES.includes(ch)) {
          state = ch as "'" | '"';
        } else {
          token += ch;
          state = "word";
        }
        break;
      case "'":
      case '"':
        quoted = true;
        if (ch === state) state = "word";
        else if (ch === ESCAPE && ESCAPED_QUOTES.includes(state)) {
          escapedState = state;
          state = "escape";
        } else token += ch;
        break;
      case "escape":
        // Inside double quotes a backslash only escapes `"` and `\`; elsewhere it is kept.
        if (escapedState !== "word" && ch !== ESCAPE && ch !== escapedState) token += ESCAPE;
        token += ch;
        state = escapedState;
        break;
    }
  }
  if (state === "'" || state === '"') return "No closing quotation";
  if (state === "escape") return "No escaped character";
  flush();
  return words;
}
