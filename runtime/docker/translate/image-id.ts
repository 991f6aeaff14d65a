import { err, ok, type Result } from "neverthrow";

/** Why no image id could be read from an import or build response. */
export interface ImageIdError {
  readonly kind: "ImageImportFailed" | "ImageBuildFailed";
  readonly message: string;
  /** True only for an empty build stream, the plugin's one RecoverableError. */
  readonly recoverable: boolean;
}

/** The plugin's id check, also allowing the `sha256:` prefix of modern engines. */
export const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;

type Message = Readonly<Record<string, unknown>>;

/**
 * The image id from an Engine response (plugin §1.3, §1.10 item 4), tolerant of where it sits:
 *
 * - `"import"`: the last `{"status": "<id>"}` whose status is an id (`sha256:…` on modern
 *   engines). An `{"error": …}` message gives "Error during image import <msg>"; no id at all
 *   gives "Unknown error during image import (import image output: …)".
 * - `"build"`: the last `{"aux": {"ID": "sha256:…"}}` (the full id), else the last
 *   `"Successfully built <id>"` (modern engines print "Successfully tagged …" after it). An `{"error": …}` gives "Error
 *   while building image: <msg>"; an empty stream "Unknown error while building image"
 *   (recoverable, as in the plugin); a stream with no id the same message, not recoverable.
 *
 * `output` is the raw response text (JSON objects, one per line or concatenated) or the
 * messages already parsed (dockerode's `followProgress`).
 *
 * ```ts
 * extractImageId("import", '{"status":"sha256:0a1b2c3d4e5f"}\r\n') // ok("sha256:0a1b2c3d4e5f")
 * ```
 */
export function extractImageId(
  kind: "import" | "build",
  output: string | readonly (Message | string)[],
): Result<string, ImageIdError> {
  const messages = toMessages(output);
  const shown = typeof output === "string" ? output : JSON.stringify(output);
  if (kind === "import") {
    const fail = (message: string) => err({ kind: "ImageImportFailed" as const, message, recoverable: false });
    const failure = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
    if (failure !== undefined) return fail(`Error during image import ${errorText(failure)}`);
    for (const m of [...messages].reverse()) {
      const status = typeof m.status === "string" ? m.status.trim() : undefined;
      if (status !== undefined && IMAGE_ID.test(status)) return ok(status);
    }
    return fail(`Unknown error during image import (import image output: ${shown})`);
  }
  const fail = (message: string, recoverable = false) =>
    err({ kind: "ImageBuildFailed" as const, message, recoverable });
  if (messages.length === 0) return fail("Unknown error while building image", true);
  const failure = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failure !== undefined) return fail(`Error while building image: ${errorText(failure)}`);
  // The full id from an aux message beats the short one of "Successfully built".
  const reversed = [...messages].reverse();
  for (const m of reversed) {
    const aux = m.aux;
    if (typeof aux === "object" && aux !== null && "ID" in aux && typeof aux.ID === "string" && IMAGE_ID.test(aux.ID)) {
      return ok(aux.ID);
    }
  }
  for (const m of reversed) {
    const built =
      typeof m.stream === "string" ? /Successfully built ([a-f0-9]{12,64})\b/.exec(m.stream)?.[1] : undefined;
    if (built !== undefined) return ok(built);
  }
  return fail("Unknown error while building image");
}

function errorText(m: Message): string {
  if (typeof m.error === "string") return m.error.trim();
  const detail = m.errorDetail;
  if (typeof detail === "object" && detail !== null && "message" in detail) return String(detail.message).trim();
  return JSON.stringify(m);
}

/** Parses each JSON object out of raw text: one per line, or concatenated (`}{`). */
function toMessages(output: string | readonly (Message | string)[]): Message[] {
  const items = typeof output === "string" ? [output] : output;
  const messages: Message[] = [];
  for (const item of items) {
    if (typeof item !== "string") {
      messages.push(item);
      continue;
    }
    for (const text of splitJsonObjects(item)) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) messages.push(parsed as Message);
      } catch {
        // Not JSON: progress noise; the id is searched for in the messages that parse.
      }
    }
  }
  return messages;
}

/** Top-level `{…}` spans of a text, honouring strings, so `}{` and newlines both separate. */
function splitJsonObjects(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}
