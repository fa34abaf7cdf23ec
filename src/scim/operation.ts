/**
 * What a SCIM write needs from its request and what it answers, whichever way it arrived: a
 * request of its own (src/scim/http) or one operation of a /Bulk request (src/scim/bulk, RFC 7644
 * §3.7: "Each operation corresponds to a single HTTP request against a resource endpoint").
 */
import { type Actor, RosterError } from '../domain';
import type { Store } from '../store';
import { versionFromIfMatch } from './users/user-mapping';

export interface ScimContext {
  readonly store: Store;
  /** From the token, never from the request. */
  readonly tenantId: string;
  /** The token's name and the channel: `scim` for single requests, `scim-bulk` for /Bulk. */
  readonly actor: Actor;
  /** `https://host/scim/v2`, for meta.location and $ref. */
  readonly baseUrl: string;
}

/** The answer of a write: the status a single request gets, and the resource when there is one. */
export interface OperationResult {
  readonly status: number;
  readonly resource?: Record<string, unknown>;
  /** meta.version, also the ETag (RFC 7644 §3.14). */
  readonly version?: string;
  /** meta.location of the resource written. */
  readonly location?: string;
}

/**
 * The version a client expects (RFC 7644 §3.14 If-Match; §3.7 a bulk operation's "version"):
 * undefined for none or `*`. Anything but an ETag this server issued is refused (412).
 */
export function expectedVersion(
  text: string | undefined,
  source: 'If-Match' | 'version',
): number | undefined {
  const version = versionFromIfMatch(text);
  if (Number.isNaN(version)) {
    throw new RosterError('version-mismatch', `${source} must be an ETag this server issued, such as W/"3".`);
  }
  return version;
}
