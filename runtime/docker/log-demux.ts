/**
 * Docker's log stream for a container without a TTY is multiplexed: frames of an 8-byte header
 * (stream type, 3 zero bytes, big-endian length) then the payload. This splits frames and lines
 * incrementally, so a frame or a line cut across chunks comes out whole.
 */
export class LogLineSplitter {
  #frames = Buffer.alloc(0);
  #text = "";
  constructor(
    private readonly multiplexed: boolean,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (!this.multiplexed) {
      this.#pushText(chunk.toString("utf8"));
      return;
    }
    this.#frames = Buffer.concat([this.#frames, chunk]);
    while (this.#frames.length >= 8) {
      const size = this.#frames.readUInt32BE(4);
      if (this.#frames.length < 8 + size) break;
      this.#pushText(this.#frames.subarray(8, 8 + size).toString("utf8"));
      this.#frames = this.#frames.subarray(8 + size);
    }
  }

  /** Emits a last line that had no newline. */
  end(): void {
    if (this.#text !== "") this.onLine(this.#text);
    this.#text = "";
  }

  #pushText(text: string): void {
    this.#text += text;
    let at = this.#text.indexOf("\n");
    while (at >= 0) {
      this.onLine(this.#text.slice(0, at).replace(/\r$/, ""));
      this.#text = this.#text.slice(at + 1);
      at = this.#text.indexOf("\n");
    }
  }
}

/** All lines of a complete log buffer, joined with newlines. */
export function demuxLogs(buffer: Buffer, multiplexed: boolean): string {
  const lines: string[] = [];
  const splitter = new LogLineSplitter(multiplexed, (line) => lines.push(line));
  splitter.push(buffer);
  splitter.end();
  return lines.join("\n");
}

/** Whether a log buffer looks multiplexed (first byte a stream type 0-2, then three zeros). */
export const looksMultiplexed = (buffer: Buffer): boolean =>
  buffer.length >= 8 && buffer[0]! <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
