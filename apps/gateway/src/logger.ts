import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs, written asynchronously (PERFORMANCE.md). Credentials never reach a log line because none is
 * ever passed to the logger (request headers are not logged); the redaction below is a second guard on
 * top-level fields only, as wildcard paths cost several µs per line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'llmux-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'apiKey', 'api_key', 'key'],
        censor: '[redacted]',
      },
    },
    // Lines are gathered up to 4 KiB per write: one syscall per request was a measurable share of the
    // hot path (bench/proxy-overhead.mjs). close() flushes what is left.
    destination ?? pino.destination({ sync: false, minLength: 4096 }),
  );
}
