/**
 * Temp files beside the file they will replace: an unpredictable name, created exclusively
 * (O_CREAT | O_EXCL, so never through a symlink planted at a guessable name), removed again if
 * writing fails. The state store and the lock both write through them.
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";

/** A new file next to `file` with an unpredictable name, created exclusively (never through a symlink). */
export async function writeTemp(file: string, text: string, mode = 0o644): Promise<string> {
  const temp = `${file}.${randomBytes(8).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", mode);
  try {
    await handle.writeFile(text);
  } catch (cause) {
    await handle.close();
    await rm(temp, { force: true });
    throw cause;
  }
  await handle.close();
  return temp;
}

/** Replaces `file` whole: written to a temp file first, then renamed over it, so no reader sees half. */
export async function replaceFile(file: string, text: string, mode?: number): Promise<void> {
  const temp = await writeTemp(file, text, mode);
  try {
    await rename(temp, file);
  } catch (cause) {
    await rm(temp, { force: true });
    throw cause;
  }
}
