/** Reads a newline-delimited JSON stream (import, build) without trusting every line to parse. */
import type { ProgressMessage } from "./engine-client.ts";

export interface ProgressReader {
  push(chunk: Buffer | string): void;
  /** Everything read; a last line without a newline counts too. */
  end(): readonly ProgressMessage[];
}

export function progressReader(onMessage: (m: ProgressMessage) => void): ProgressReader {
  let buffer = "";
  const messages: ProgressMessage[] = [];
  const line = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Not JSON: keep the text, so an id extractor or an error message can still see it.
      parsed = { stream: trimmed };
    }
    const message: ProgressMessage =
      typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
        ? (parsed as ProgressMessage)
        : { stream: String(parsed) };
    messages.push(message);
    onMessage(message);
  };
  return {
    push(chunk) {
      buffer += chunk.toString();
      let at = buffer.indexOf("\n");
      while (at >= 0) {
        line(buffer.slice(0, at));
        buffer = buffer.slice(at + 1);
        at = buffer.indexOf("\n");
      }
    },
    end() {
      line(buffer);
      buffer = "";
      return messages;
    },
  };
}

/** The in-band error of a stream (`{"error": "...", "errorDetail": {...}}`), if any. */
export function streamError(messages: readonly ProgressMessage[]): string | undefined {
  for (const m of messages) {
    if (typeof m.error === "string") return m.error;
    const detail = m.errorDetail;
    if (typeof detail === "object" && detail !== null && typeof (detail as { message?: unknown }).message === "string")
      return (detail as { message: string }).message;
  }
  return undefined;
}
