import type { Response } from 'express';
import { SCIM_CONTENT_TYPE } from '../../http/errors';

export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}
