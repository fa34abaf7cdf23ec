import type { Request, Response } from 'express';
import type { Channel } from '../../domain';
import { principalOf } from '../../http/auth';
import { publicBase } from '../../http/public-url';
import type { Store } from '../../store';
import { expectedVersion } from '../protocol/etag';
import type { ScimContext } from '../operation';

/** The base URL of this SCIM service: `https://host/scim/v2`, from ROSTER_PUBLIC_URL when set. */
export function baseUrlOf(req: Request): string {
  return `${publicBase(req)}${req.baseUrl}`;
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
