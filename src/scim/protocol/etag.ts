/**
 * Versions and entity tags (RFC 7644 §3.14): every stored resource carries a version number,
 * sent as meta.version and the ETag, and read back from If-Match or a bulk operation's
 * "version". The same rules for Users and Groups.
 */
import { RosterError, versionFromIfMatch } from '../../domain';

// The tag itself (etagOf, versionFromIfMatch) is the domain's, src/domain/version-tag.ts, since the
// admin API sends the same ETags; this file holds what only the SCIM protocol asks of them.

/**
 * Whether an If-None-Match header names this ETag (RFC 9110 §13.1.2: weak comparison, a list or
 * `*`); no header names nothing.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const tags = header.split(',').map(opaque);
  return tags.includes('*') || tags.includes(opaque(etag));
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
