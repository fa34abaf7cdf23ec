import type { Request, Response } from 'express';
import { SCIM_CONTENT_TYPE } from '../../http/errors';
import type { OperationResult } from '../operation';

export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** A write's answer: ETag and Location when there are, the resource when there is one (else no body). */
export function sendResult(res: Response, result: OperationResult): void {
  if (result.version !== undefined) res.set('ETag', result.version);
  if (result.status === 201 && result.location !== undefined) res.location(result.location);
  if (result.resource === undefined) {
    res.status(result.status).end();
    return;
  }
  sendScim(res, result.status, result.resource);
}

/**
 * A conditional GET (RFC 7644 §3.14, RFC 9110 §13.1.2): when If-None-Match names the resource's
 * current ETag (weak comparison, a list or `*`), answers 304 with the ETag and no body, and says
 * so; the caller then sends nothing more.
 */
export function answeredNotModified(req: Request, res: Response, etag: string): boolean {
  const header = req.get('If-None-Match');
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const tags = header.split(',').map(opaque);
  if (!tags.includes('*') && !tags.includes(opaque(etag))) return false;
  res.set('ETag', etag).status(304).end();
  return true;
}
