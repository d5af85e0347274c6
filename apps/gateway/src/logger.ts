import { write as writeFd, writeSync } from 'node:fs';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs. Credentials never reach a log line because none is ever passed to the logger (request headers
 * are not logged); the redaction below is a second guard on top-level fields only, as wildcard paths cost
 * several µs per line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'llmux-gateway' },
      timestamp: cachedIsoTime,
      redact: {
        paths: ['authorization', 'apiKey', 'api_key', 'key'],
        censor: '[redacted]',
      },
    },
    destination ?? new BatchedLogDestination(1),
  );
}

let lastMillis = -1;
let lastTime = '';

/** pino's ISO timestamp, formatted once per millisecond: under load many lines share one. */
function cachedIsoTime(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

const destinations = new Set<BatchedLogDestination>();

function flushAllSync(): void {
  for (const destination of destinations) destination.flushSync();
}

/**
 * Log lines gathered in memory and written to a file descriptor with one write per 16 KiB or per 50 ms,
 * whichever comes first. pino's own asynchronous destination (sonic-boom) measured 12–16 µs of CPU per
 * request here (it re-measures its whole pending buffer on every line and writes through the thread pool), a
 * tenth of the gateway's budget. A process that exits normally writes what is left synchronously; a killed one
 * can lose the last 50 ms of lines (never usage: that has its own journal).
 */
export class BatchedLogDestination {
  private pending: string[] = [];
  private pendingBytes = 0;
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  private flushWaiters: Array<() => void> = [];

  constructor(
    private readonly fd: number,
    private readonly batchBytes = 16 * 1024,
    private readonly maxDelayMs = 50,
  ) {
    if (destinations.size === 0) process.once('exit', flushAllSync);
    destinations.add(this);
  }

  write(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= this.batchBytes) this.writeOut();
    else if (this.timer === undefined) {
      this.timer = setTimeout(this.writeOut, this.maxDelayMs);
      this.timer.unref();
    }
  }

  /** pino's `logger.flush(callback)`: calls back once every line so far has been written. */
  flush(callback?: (error?: Error) => void): void {
    if (callback !== undefined) this.flushWaiters.push(callback);
    this.writeOut();
  }

  flushSync(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeSync(this.fd, text);
    } catch {
      // Nowhere left to report a failed log write.
    }
  }

  private readonly writeOut = (): void => {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) return;
    if (this.pending.length === 0) {
      this.callWaiters();
      return;
    }
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    // Synchronously first, as pino's default destination does: one syscall per batch, and no thread-pool hop
    // (an asynchronous write of each batch cost several µs per request in profiles). A pipe that is full
    // (EAGAIN) or takes part of the batch gets the rest asynchronously, so a slow reader never blocks the loop.
    let bytes: Buffer | undefined;
    try {
      bytes = Buffer.from(text);
      const written = writeSync(this.fd, bytes);
      if (written === bytes.length) {
        this.callWaiters();
        return;
      }
      bytes = bytes.subarray(written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || bytes === undefined) {
        // Any other failure (a closed pipe) drops those lines: logging must never stop the gateway.
        this.callWaiters();
        return;
      }
    }
    this.writing = true;
    this.writeBytes(bytes);
  };

  /** Writes all of `bytes`: a pipe can take part of them (a short write) or none for now (EAGAIN). */
  private writeBytes(bytes: Buffer): void {
    writeFd(this.fd, bytes, 0, bytes.length, null, (error, written) => {
      if (error !== null && (error as NodeJS.ErrnoException).code === 'EAGAIN') {
        setTimeout(() => this.writeBytes(bytes), 10).unref();
        return;
      }
      // Any other failure (a closed pipe) drops those lines: logging must never stop the gateway.
      if (error === null && written < bytes.length) {
        this.writeBytes(bytes.subarray(written));
        return;
      }
      this.writing = false;
      if (this.pending.length > 0 && (this.pendingBytes >= this.batchBytes || this.flushWaiters.length > 0))
        this.writeOut();
      else if (this.pending.length > 0 && this.timer === undefined) {
        this.timer = setTimeout(this.writeOut, this.maxDelayMs);
        this.timer.unref();
      } else this.callWaiters();
    });
  }

  private callWaiters(): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
