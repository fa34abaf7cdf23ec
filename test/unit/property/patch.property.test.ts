/**
 * Hostile PATCH requests (the issue "Operations: ... hostile input"): fast-check sends random
 * operations — known and hostile paths, any JSON values, `__proto__` and `constructor` keys as
 * JSON.parse makes them (own properties, as a request body has them). The answer is a user or a
 * RosterError; the stored resource is never mutated and no prototype gains a property.
 */
import fc from 'fast-check';
import { RosterError } from '../../../src/domain/errors';
import { applyPatch } from '../../../src/scim/resources/users/user-patch';
import { deepFreeze, userResource } from '../scim/patch/user-fixtures';
import { expectNoPollution, prototypeSnapshot } from './prototype-guard';

const RUNS = 3000;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const PATHS = [
  'title',
  'active',
  'name.givenName',
  'emails',
  'emails[type eq "work"].value',
  'emails[type eq "work"]',
  'phoneNumbers[primary eq true].value',
  'addresses',
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:department`,
  'urn:ietf:params:scim:schemas:extension:roster:2.0:User:canManageTeam',
  'id',
  'meta.created',
  'groups',
];
const HOSTILE_PATHS = [
  '__proto__',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'name.__proto__.polluted',
  'emails[type eq "work"].__proto__',
  'emails[__proto__ eq "x"].value',
  `${ENTERPRISE}:__proto__`,
  'prototype',
  '$set',
  'emails[value co "x"',
  'name..givenName',
];
/** Parsed, not written as literals: `{ "__proto__": ... }` in JSON is an own key, as in a body. */
const HOSTILE_VALUES = [
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"name": {"__proto__": {"isAdmin": true}}}',
  '[{"__proto__": {"polluted": 1}, "value": "x@example.com"}]',
  `{"${ENTERPRISE}": {"__proto__": {"polluted": 1}}}`,
  '{"active": "False", "title": {"$gt": ""}}',
  '{"emails": [{"value": {"$ne": null}}]}',
].map((text) => JSON.parse(text) as unknown);

const op = fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'REMOVE', 'move', '', 7);
const path = fc.oneof(
  { arbitrary: fc.constantFrom(...PATHS), weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE_PATHS), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 2 },
);
const value = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.constantFrom('x@example.com', 'False', true, null, 26118915), weight: 1 },
);
const anyOperation = fc
  .record({ op, path, value }, { requiredKeys: ['op'] })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
/** Operations a client could mean, with values of the right type (strings may still be hostile). */
const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', '$gt', 'constructor'));
const wellFormed = fc.oneof(
  fc.record({ op: fc.constantFrom('replace', 'add'), path: fc.constant('title'), value: text }),
  fc.record({ op: fc.constantFrom('replace', 'Replace'), path: fc.constant('active'), value: fc.boolean() }),
  fc.record({ op: fc.constant('replace'), path: fc.constant('name.givenName'), value: text }),
  fc.record({
    op: fc.constant('add'),
    path: fc.constant('emails'),
    value: fc.array(fc.record({ value: text, type: text })),
  }),
  fc.record({ op: fc.constant('replace'), path: fc.constant('emails[type eq "work"].value'), value: text }),
  fc.record({
    op: fc.constant('remove'),
    path: fc.constantFrom('title', 'emails[type eq "home"]', 'phoneNumbers'),
  }),
  fc.record({
    op: fc.constant('replace'),
    value: fc.dictionary(fc.constantFrom('title', 'nickName', '__proto__', 'constructor'), text),
  }),
);
const operation = fc.oneof({ arbitrary: wellFormed, weight: 3 }, { arbitrary: anyOperation, weight: 2 });
const body = fc.oneof(
  {
    arbitrary: fc
      .array(operation, { maxLength: 4 })
      .map((Operations) => ({ schemas: [PATCH_OP], Operations })),
    weight: 8,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 1 },
);

describe(`PATCH under hostile input (numRuns: ${RUNS})`, () => {
  const before = prototypeSnapshot();
  afterAll(() => expectNoPollution(before));

  it('answers with a user or a RosterError, never mutating the stored resource', () => {
    const babs = deepFreeze(userResource());
    const pristine = JSON.stringify(babs);
    let applied = 0;
    fc.assert(
      fc.property(body, (request) => {
        try {
          const result = applyPatch(babs, request);
          applied += 1;
          expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
          expect(Object.hasOwn(result, '__proto__')).toBe(false);
        } catch (err) {
          if (!(err instanceof RosterError)) {
            throw new Error(`${JSON.stringify(request)} failed with ${String(err)}`);
          }
        }
        expect(JSON.stringify(babs)).toBe(pristine);
      }),
      { numRuns: RUNS },
    );
    expect(applied).toBeGreaterThan(RUNS / 20);
  });
});
