/**
 * The synchronous CPU one User PATCH costs, measured on the pure functions (no store, no HTTP):
 * the hostile shapes of issue 16 item 1, then the worst request the caps still allow
 * (src/domain/limits.ts). `npx tsx bench/patch-work.ts`; numbers in bench/README.md.
 */
import { REQUEST_LIMITS, STRING_LIMITS } from '../src/domain/limits';
import { applyPatch } from '../src/scim/patch/apply-patch';
import type { ScimUserResource } from '../src/scim/schema/types';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function user(emails: number, value: (i: number) => string = (i) => `user${i}@example.com`) {
  return {
    schemas: [CORE],
    id: '00000000-0000-4000-8000-000000000000',
    userName: 'victim@example.com',
    name: { givenName: 'V', familyName: 'Ictim' },
    emails: Array.from({ length: emails }, (_, i) => ({ value: value(i), type: 'work' })),
    active: true,
    meta: { resourceType: 'User', created: '', lastModified: '', location: '', version: 'W/"1"' },
  } as unknown as ScimUserResource;
}

function time(label: string, run: () => unknown): void {
  const started = process.hrtime.bigint();
  let outcome = 'applied';
  try {
    run();
  } catch (err) {
    outcome = `refused: ${(err as Error).message.slice(0, 100)}`;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label}: ${ms.toFixed(1)} ms (${outcome})`);
}

const patch = (operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

// Issue 16: a user holding 15,000 emails, 1,000 filtered replaces, 8,000 adds.
time('1,000 × emails[value eq …].type on 15,000 emails', () =>
  applyPatch(
    user(15_000),
    patch(
      Array.from({ length: 1_000 }, (_, i) => ({
        op: 'replace',
        path: `emails[value eq "user${14_999 - i}@example.com"].type`,
        value: 'home',
      })),
    ),
  ),
);
time('8,000 × add emails on 1 email', () =>
  applyPatch(
    user(1),
    patch(
      Array.from({ length: 8_000 }, (_, i) => ({
        op: 'add',
        path: 'emails',
        value: [{ value: `new${i}@example.com`, type: 'home' }],
      })),
    ),
  ),
);

// The worst the caps allow: every value at its longest and non-ASCII (the slow fold), every
// operation a filter of the most conditions that matches nothing until its last one.
const {
  patchOperations: ops,
  valuesPerAttribute: values,
  patchFilterConditions: conditions,
} = REQUEST_LIMITS;
const long = (i: number) => `é${'ü'.repeat(STRING_LIMITS.email - 20)}${i}@x.com`;
const misses = Array.from({ length: conditions - 1 }, (_, c) => `value eq "${c}Ü${'ö'.repeat(200)}"`);
const filter = [...misses, `value eq "${long(values - 1).toUpperCase()}"`].join(' or ');
time(`worst allowed: ${ops} × ${conditions}-condition filter on ${values} long emails`, () =>
  applyPatch(
    user(values, long),
    patch(Array.from({ length: ops }, () => ({ op: 'replace', path: `emails[${filter}].type`, value: 'x' }))),
  ),
);
time(`worst allowed: ${ops} × remove/add of ${values} long emails`, () =>
  applyPatch(
    user(values, long),
    patch(
      Array.from({ length: ops }, (_, i) => ({
        op: i % 2 === 0 ? 'remove' : 'add',
        path: 'emails',
        value: Array.from({ length: values }, (_, j) => ({ value: long(j), type: 'work' })),
      })),
    ),
  ),
);
