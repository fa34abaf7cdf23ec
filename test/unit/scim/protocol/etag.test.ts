import { etagOf, RosterError, versionFromIfMatch } from '../../../../src/domain';
import { expectedVersion, matchesIfNoneMatch } from '../../../../src/scim/protocol/etag';

describe('ETags (RFC 7644 §3.14), the same for Users and Groups', () => {
  it('sends a version as a weak ETag and reads it back, weak or strong', () => {
    expect(etagOf(3)).toBe('W/"3"');
    expect(versionFromIfMatch(etagOf(3))).toBe(3);
    expect(versionFromIfMatch(' "12" ')).toBe(12);
  });

  it('reads no header and * as "any version", and anything else as unreadable', () => {
    expect(versionFromIfMatch(undefined)).toBeUndefined();
    expect(versionFromIfMatch('*')).toBeUndefined();
    expect(versionFromIfMatch('W/"abc"')).toBeNaN();
  });

  it('refuses an ETag this server never issued as a version mismatch (412), naming its source', () => {
    expect(() => expectedVersion('nope', 'If-Match')).toThrow(RosterError);
    expect(() => expectedVersion('nope', 'version')).toThrow(/version must be an ETag/);
    expect(expectedVersion('W/"7"', 'version')).toBe(7);
  });

  it('matches If-None-Match weakly, in a list or as *', () => {
    expect(matchesIfNoneMatch('"4"', 'W/"4"')).toBe(true);
    expect(matchesIfNoneMatch('W/"1", W/"4"', 'W/"4"')).toBe(true);
    expect(matchesIfNoneMatch('*', 'W/"4"')).toBe(true);
    expect(matchesIfNoneMatch('W/"3"', 'W/"4"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, 'W/"4"')).toBe(false);
  });
});
