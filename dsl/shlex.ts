/**
 * CPython's `shlex` split (POSIX mode, no comments), as docker-py's `split_command` used it: a
 * port of its state machine, not the `shlex` npm package, which differs from Python on valid
 * input (runtime/docker/translate/split-command.ts says how). In the DSL because validate needs
 * it too: a command with an unclosed quote is found before any run.
 */
const WHITESPACE = " \t\r\n";
const QUOTES = "'\"";
const ESCAPE = "\\";
const ESCAPED_QUOTES = '"';

/** CPython `shlex.shlex(s, posix=True)` with `whitespace_split=True, commenters=''`; a string is the error. */
export function posixShlexSplit(s: string): string[] | string {
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
