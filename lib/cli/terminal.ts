/**
 * Writing the command's output: buffered (a million lines must not mean a million writes) with back-pressure, and a
 * progress line on stderr when it is a terminal, cleared before anything else is written to the screen.
 */

/** The streams a command writes to; `isTTY` as on `process.stderr`. */
export interface CliIo {
  /** Where results go. */
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Where problems and progress go. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /**
   * Standard input, read when a file name is `-`.
   * @default process.stdin
   */
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * The clock, in milliseconds (tests pass a fake one to see progress updates).
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Text written in chunks of about 64 KiB; `flush` waits when the stream asks to (back-pressure). */
export class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;

  /** @param beforeWrite called before each write to the stream (to clear a progress line) */
  constructor(private readonly stream: NodeJS.WritableStream, private readonly beforeWrite: () => void = () => {}) {}

  /** Adds text; returns a promise only when the buffer was written and the stream is full, so callers await rarely. */
  write(text: string): Promise<void> | undefined {
    this.chunks.push(text);
    this.size += text.length;
    return this.size >= 65536 ? this.flush() : undefined;
  }

  /** Writes what is buffered and waits until the stream can take more. */
  flush(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    const text = this.chunks.join("");
    this.chunks = [];
    this.size = 0;
    this.beforeWrite();
    return new Promise((resolve, reject) => {
      const ok = this.stream.write(text, (error) => (error ? reject(error) : undefined));
      if (ok) resolve();
      else this.stream.once("drain", () => resolve());
    });
  }
}

/** How often the progress line is redrawn. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * A progress line on a terminal (`\r`-updated, at most every {@link PROGRESS_INTERVAL_MS}); nothing when stderr is not
 * a terminal, so logs and pipes stay clean.
 */
export class Progress {
  private readonly enabled: boolean;
  private readonly started: number;
  private last: number;
  private shown = false;

  /** @param total bytes to read, when known, for a percentage */
  constructor(private readonly io: CliIo, private readonly total?: number) {
    this.enabled = io.stderr.isTTY === true;
    this.started = this.now();
    this.last = this.started;
  }

  private now(): number {
    return (this.io.now ?? Date.now)();
  }

  /** Redraws the line when the interval has passed; cheap enough to call for every line read. */
  update(lines: number, bytesRead?: number): void {
    if (!this.enabled) return;
    const now = this.now();
    if (now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const percent = this.total && bytesRead !== undefined ? `${Math.min(100, Math.floor((bytesRead / this.total) * 100))}%, ` : "";
    const rate = Math.round(lines / seconds).toLocaleString("en-US");
    this.io.stderr.write(`\r\u001b[Ksimulate: ${percent}${lines.toLocaleString("en-US")} lines (${rate} lines/s)`);
    this.shown = true;
  }

  /** Clears the line, if one is shown, so other output starts at the beginning of a clean line. */
  clear(): void {
    if (!this.shown) return;
    this.io.stderr.write("\r\u001b[K");
    this.shown = false;
  }
}
