import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs, written asynchronously (PERFORMANCE.md); credentials never reach a log line. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'llmux-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'apiKey', 'api_key', 'key', '*.authorization', '*.apiKey', '*.key'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
