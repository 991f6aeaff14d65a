/** Reading a text file that may not be there, apart from the `-i` reader so commands can use it without loading YAML. */
import { readFileSync, statSync } from "node:fs";

/** Reads a file's text; injected so tests need no files. `undefined` when there is no such file. */
export type ReadText = (path: string) => string | undefined;

export const readTextFile: ReadText = (path) => {
  try {
    return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
};
