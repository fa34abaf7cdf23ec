/**
 * A stored document's version as an entity tag (RFC 7232 §2.3, weak: RFC 7644 §3.14), and back.
 * The version is what compare-and-set writes check (docs/domain.md, Compare-and-set); SCIM and the
 * admin API both show it as ETag and read it from If-Match, so it is defined once, here.
 */
export const etagOf = (version: number): string => `W/"${version}"`;

/** The version an If-Match header names; undefined for `*` or no header, NaN when unreadable. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = header.trim().match(/^(?:W\/)?"(\d{1,15})"$/);
  return match ? Number(match[1]) : Number.NaN;
}
