import type { RequestHandler } from 'express';
import { RosterError } from '../domain';
import { sendError, speaksScim } from '../http/errors';

/**
 * Answers a request still unanswered after `timeoutMs` with 503 and Retry-After, so an IdP
 * retries rather than waiting on a store that stopped answering. The handler is not stopped
 * (a store call can't be cancelled): whatever it does later finds the response sent, and the
 * error handler only logs it. A write it completes stays valid: a retry meets it as the current
 * state (uniqueness, or an update that changes nothing).
 *
 * A spreadsheet upload (text/csv) is exempt: it is processed as it streams in, so its length
 * follows the file's size and the client's pace, and each store call in it is bounded anyway by
 * the driver's server-selection timeout.
 */
export function requestTimeout(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    if (req.is('text/csv')) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.warn({ timeoutMs }, 'request timed out');
      sendError(
        res,
        new RosterError(
          'request-timeout',
          `The request was not completed within ${timeoutMs} ms; retry shortly.`,
        ),
        speaksScim(req),
      );
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
