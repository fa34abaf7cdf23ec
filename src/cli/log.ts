import pino from 'pino';
import type { LogLevel } from '../config';
import type { Logger } from '../log';

/**
 * The CLI's logger writes to stderr: stdout carries only the command's output, so `--json` stays
 * parseable. Quiet (warn) unless LOG_LEVEL is set, since a command's result is its output.
 */
export function cliLogger(level: LogLevel | undefined): Logger {
  return pino(
    {
      level: level ?? 'warn',
      base: { service: 'roster-cli' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}
