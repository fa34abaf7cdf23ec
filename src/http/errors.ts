import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { RosterError, isRosterError, type RosterErrorKind } from '../domain';
import { scimErrorBody } from '../scim/protocol/error-body';
import { storeUnavailableError } from '../store';
import { ERROR_TABLE } from './error-table';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Seconds a client is told to wait before retrying a 429/503 that names no better figure. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The kind each response was answered with, for the metrics (src/ops/http-metrics.ts). */
const answeredKinds = new WeakMap<Response, RosterErrorKind>();

export function answeredErrorKind(res: Response): RosterErrorKind | undefined {
  return answeredKinds.get(res);
}

/** A SCIM client gets SCIM errors; everything else gets Roster's JSON error shape. */
export function speaksScim(req: Request): boolean {
  return req.originalUrl.startsWith('/scim/');
}

/** Renders an error in the form its caller speaks: a SCIM error under /scim, JSON elsewhere. */
export function sendError(res: Response, err: RosterError, scim: boolean): void {
  const answer = ERROR_TABLE[err.kind];
  const { status } = answer;
  const data = err.data;
  answeredKinds.set(res, err.kind);
  if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="roster"');
  if (status === 503 || status === 429) {
    res.set('Retry-After', String(data?.['retryAfterSeconds'] ?? DEFAULT_RETRY_AFTER_SECONDS));
  }
  if (scim) {
    res
      .status(status)
      .type(SCIM_CONTENT_TYPE)
      .send(JSON.stringify(scimErrorBody(answer, err.detail)));
  } else {
    res.status(status).json({ error: { kind: err.kind, message: err.detail, ...(data ?? {}) } });
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new RosterError('not-found', `No endpoint at ${req.method} ${req.path}`));
};

/**
 * The last middleware. Known errors are rendered from the table; body-parser's errors are
 * translated; anything else is a bug: logged with its stack, answered 500 with no details.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (res.headersSent) {
    // A handler that finished after its request was answered (it timed out): the client has its
    // answer, so the late failure is only logged; a half-written response is cut off.
    req.log?.warn({ err: (err as Error)?.message }, 'error after the response was sent');
    if (!res.writableEnded) res.destroy();
    return;
  }
  const scim = speaksScim(req);
  const known = isRosterError(err) ? err : (fromParserError(err) ?? storeUnavailableError(err));
  if (known) {
    // A known 5xx is no bug, but an operator wants to see it, by what it was: "store unavailable",
    // "not implemented", "request timeout".
    if (ERROR_TABLE[known.kind].status >= 500) {
      req.log?.warn({ kind: known.kind, err: known.detail }, known.kind.replaceAll('-', ' '));
    }
    return sendError(res, known, scim);
  }
  req.log?.error({ err }, 'unhandled error');
  const detail = 'Internal server error; the request id in X-Request-Id identifies it.';
  res.status(500);
  if (scim) res.type(SCIM_CONTENT_TYPE).send(JSON.stringify(scimErrorBody({ status: 500 }, detail)));
  else res.json({ error: { kind: 'internal', message: detail } });
};

function fromParserError(err: unknown): RosterError | undefined {
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') {
    return new RosterError('payload-too-large', `Request body exceeds the limit of ${e.limit} bytes.`);
  }
  if (e?.type === 'entity.parse.failed') {
    return new RosterError('invalid-syntax', 'Request body is not valid JSON.');
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new RosterError('invalid-syntax', 'Request body must be UTF-8 encoded.');
  }
  return undefined;
}
