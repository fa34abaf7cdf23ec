import type { Request, Response } from 'express';
import type { Channel } from '../../domain';
import { principalOf } from '../../http/auth';
import type { Store } from '../../store';
import { expectedVersion } from '../protocol/etag';
import type { ScimContext } from '../operation';

/** The base URL of this SCIM service as the client reached it: `https://host/scim/v2`. */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`;
}

/** A request's context: the tenant and actor come from the token, never from the request. */
export function scimContext(store: Store, req: Request, res: Response, channel: Channel): ScimContext {
  const { tenantId, name } = principalOf(res);
  return { store, tenantId, actor: { tokenName: name, channel }, baseUrl: baseUrlOf(req) };
}

/** The If-Match header as a version (RFC 7644 §3.14). */
export function ifMatchOf(req: Request): number | undefined {
  return expectedVersion(req.get('If-Match'), 'If-Match');
}
