import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/**
 * Structured JSON logs on stdout, one object a line. Secrets never reach a log line: the
 * Authorization header and token fields are redacted wherever they appear.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'roster' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'token', 'secret', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  });
}
