import type { Response } from 'express';
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
