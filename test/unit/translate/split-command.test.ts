import { describe, expect, it } from "vitest";
import { splitCommand } from "../../../runtime/docker/translate/mod.ts";

// Expected values produced by CPython 3's shlex.split (the same algorithm as Python 2.7's in
// POSIX mode), which docker-py's split_command calls.
const PYTHON_SHLEX: readonly (readonly [string, string[] | { error: string }])[] = [
  ["", []],
  ["   ", []],
  ["true", ["true"]],
  ["/bin/echo hello", ["/bin/echo", "hello"]],
  ['sh -c "echo $HOME"', ["sh", "-c", "echo $HOME"]],
  ["a #b", ["a", "#b"]],
  ['"a\\$b"', ["a\\$b"]],
  ['"a\\"b"', ['a"b']],
  ['"a\\\\b"', ["a\\b"]],
  ["'a\\b'", ["a\\b"]],
  ["a\\ b", ["a b"]],
  ['a"b"c', ["abc"]],
  ['""', [""]],
  ["''", [""]],
  ['a "" b', ["a", "", "b"]],
  ["a\tb\nc", ["a", "b", "c"]],
  ["$'a\\nb'", ["$a\\nb"]],
  ['$"x"', ["$x"]],
  ["a\\\nb", ["a\nb"]],
  ['"a\\\nb"', ["a\\\nb"]],
  ['x\\\\\\\\"y"', ["x\\\\y"]],
  ["it's", { error: "No closing quotation" }],
  ['"it\'s"', ["it's"]],
  ["'say \"hi\"'", ['say "hi"']],
  ["a\\", { error: "No escaped character" }],
  ['"abc', { error: "No closing quotation" }],
  ["'abc", { error: "No closing quotation" }],
  ['echo "a b', { error: "No closing quotation" }],
  ["ünï cødé", ["ünï", "cødé"]],
  ['a\\"b', ['a"b']],
  ["\\\\", ["\\"]],
  ["a\u000bb", ["a\u000bb"]],
];

describe("splitCommand", () => {
  it.each(PYTHON_SHLEX)("splits %j like Python's shlex.split", (input, expected) => {
    const result = splitCommand(input, "container_config.command");
    if (Array.isArray(expected)) expect(result._unsafeUnwrap()).toEqual(expected);
    else
      expect(result._unsafeUnwrapErr()).toEqual({
        kind: "InvalidOption",
        path: "container_config.command",
        message: expected.error,
      });
  });

  it("passes a list through as a copy", () => {
    const cmd = ["sh", "-c", 'echo "$X"'] as const;
    const result = splitCommand(cmd)._unsafeUnwrap();
    expect(result).toEqual(["sh", "-c", 'echo "$X"']);
    expect(result).not.toBe(cmd);
  });

  it("gives an empty Cmd for an empty string (sent as [], not omitted)", () => {
    expect(splitCommand("")._unsafeUnwrap()).toEqual([]);
  });

  it("reports errors under the default path", () => {
    expect(splitCommand("echo 'x")._unsafeUnwrapErr().path).toBe("command");
  });
});
