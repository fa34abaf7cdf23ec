/**
 * Versions and entity tags (RFC 7644 §3.14): every stored resource carries a version number,
 * sent as meta.version and the ETag, and read back from If-Match or a bulk operation's
 * "version". The same rules for Users and Groups.
 */
import { RosterError } from '../../domain/errors';

/** meta.version and the ETag of a stored resource: a weak entity tag. */
export const etagOf = (version: number) => `W/"${version}"`;

/** The version an If-Match header names; undefined for `*` or no header, NaN when unreadable. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = header.trim().match(/^(?:W\/)?"(\d{1,15})"$/);
  return match ? Number(match[1]) : Number.NaN;
}

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
