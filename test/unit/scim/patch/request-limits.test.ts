/**
 * Issue 16 item 1: bounded work per request. Every cap of src/domain/limits.ts refuses one past it
 * with the right scimType kind and a detail naming the cap, and accepts the value at it.
 */
import { REQUEST_LIMITS, STRING_LIMITS } from '../../../../src/domain/limits';
import { applyPatch } from '../../../../src/scim/patch/apply-patch';
import { coerceUserInput } from '../../../../src/scim/schema/coerce';
import { errorOf } from './errors';
import { CORE, patchBody, userResource } from './user-fixtures';

const babs = userResource();
const emails = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `e${i}@x.com`, type: 'work' }));
const user = (extra: Record<string, unknown>) => ({ schemas: [CORE], userName: 'cap@x.com', ...extra });

describe('request limits', () => {
  it(`a PATCH of ${REQUEST_LIMITS.patchOperations} operations applies; one more is tooMany`, () => {
    const ops = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ op: 'replace', path: 'nickName', value: `n${i}` }));
    expect(applyPatch(babs, patchBody(...ops(REQUEST_LIMITS.patchOperations))).nickName).toBe('n99');
    const error = errorOf(() => applyPatch(babs, patchBody(...ops(REQUEST_LIMITS.patchOperations + 1))));
    expect(error.kind).toBe('too-many');
    expect(error.detail).toMatch(/101 operations; Roster accepts at most 100 .*patch\.maxOperations/);
  });

  it(`a value filter of ${REQUEST_LIMITS.patchFilterConditions} conditions applies; one more is invalidPath`, () => {
    const filter = (n: number) =>
      Array.from({ length: n }, (_, i) => `value eq "${i === 0 ? 'bjensen@example.com' : `x${i}`}"`).join(
        ' or ',
      );
    const at = applyPatch(
      babs,
      patchBody({ op: 'replace', path: `emails[${filter(10)}].type`, value: 'other' }),
    );
    expect(at.emails?.[0]?.type).toBe('other');
    const error = errorOf(() =>
      applyPatch(babs, patchBody({ op: 'replace', path: `emails[${filter(11)}].type`, value: 'other' })),
    );
    expect(error.kind).toBe('invalid-path');
    expect(error.detail).toMatch(/11 conditions .* at most 10/);
  });

  it(`a user may hold ${REQUEST_LIMITS.valuesPerAttribute} emails; one more is invalidValue, sent whole or added`, () => {
    expect(coerceUserInput(user({ emails: emails(100) }), 'create').emails).toHaveLength(100);
    const sent = errorOf(() => coerceUserInput(user({ emails: emails(101) }), 'create'));
    expect(sent.kind).toBe('invalid-value');
    expect(sent.detail).toMatch(/emails has 101 values; a user may have at most 100/);

    // Growing past the cap is refused at the operation that does it, not after all of them ran.
    const full = userResource({ emails: emails(100) });
    const added = errorOf(() =>
      applyPatch(full, patchBody({ op: 'add', path: 'emails', value: [{ value: 'new@x.com' }] })),
    );
    expect(added.kind).toBe('invalid-value');
    expect(added.detail).toMatch(
      /^Operations\[0\] \(add emails\): emails would have 101 values; .* at most 100/,
    );
  });

  it.each([
    ['title', 'text', (s: string) => ({ title: s })],
    ['userName', 'identifier', (s: string) => ({ userName: s })],
    ['externalId', 'identifier', (s: string) => ({ externalId: s })],
    ['emails[0].value', 'email', (s: string) => ({ emails: [{ value: s }] })],
    ['profileUrl', 'reference', (s: string) => ({ profileUrl: s })],
  ] as const)('%s: %s cap, counted in characters, not UTF-16 units', (label, kind, body) => {
    const limit = STRING_LIMITS[kind];
    // Astral characters are two UTF-16 units each: the cap counts what a person sees.
    expect(() => coerceUserInput(user(body('😀'.repeat(limit))), 'create')).not.toThrow();
    const error = errorOf(() => coerceUserInput(user(body('x'.repeat(limit + 1))), 'create'));
    expect(error.kind).toBe('invalid-value');
    expect(error.detail).toContain(`${label} is longer than ${limit} characters`);
  });

  it('a 70 KB title (issue 16) is refused through PATCH too', () => {
    const error = errorOf(() =>
      applyPatch(babs, patchBody({ op: 'replace', path: 'title', value: 'x'.repeat(70_000) })),
    );
    expect(error.kind).toBe('invalid-value');
    expect(error.detail).toMatch(/title is longer than 1024 characters/);
  });

  it('adds and removes by value in one pass: duplicates ignored, folded once per value', () => {
    const twenty = userResource({ emails: emails(20) });
    const patched = applyPatch(
      twenty,
      patchBody(
        {
          op: 'add',
          path: 'emails',
          value: [
            { value: 'E3@X.COM', type: 'WORK' },
            { value: 'Ünï@x.com', type: 'work' },
          ],
        },
        { op: 'add', path: 'emails', value: [{ value: 'üNÏ@X.com', type: 'work' }] },
        { op: 'remove', path: 'emails', value: [{ value: 'E1@x.com' }, { value: 'e2@X.com', type: 'work' }] },
      ),
    );
    const values = patched.emails!.map((e) => e.value);
    expect(values).toHaveLength(19);
    expect(values).toContain('Ünï@x.com');
    expect(values).not.toContain('e1@x.com');
    expect(values).not.toContain('e2@x.com');
    expect(values).not.toContain('E3@X.COM');
  });
});
