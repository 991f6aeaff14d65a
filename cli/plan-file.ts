/**
 * What is wrong with the path a plan or blueprint was named by, before anything reads it: it is
 * not there, it is a directory or not a regular file, or it cannot be read. One check for every command that takes a
 * plan file, so each says the same thing instead of a stack trace (EISDIR, EACCES).
 */
import { accessSync, constants, statSync } from "node:fs";
import type { CliError } from "./errors.ts";

export function planFileProblem(absolute: string, shown: string): CliError | undefined {
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (stats === undefined) return { kind: "NoSuchFile", file: shown };
  if (stats.isDirectory()) {
    return {
      kind: "PlanLoad",
      file: shown,
      message: "it is a directory, not a plan file: name a .ts/.mts/.js plan module or a .yaml/.yml blueprint",
    };
  }
  // A pipe or a device would be read until it ends, which may be never.
  if (!stats.isFile()) return { kind: "PlanLoad", file: shown, message: "it is not a regular file" };
  try {
    accessSync(absolute, constants.R_OK);
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "unknown error";
    return { kind: "PlanLoad", file: shown, message: `it cannot be read (${code})` };
  }
  return undefined;
}
