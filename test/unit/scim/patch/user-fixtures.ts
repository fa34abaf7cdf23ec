/** Test data for the PATCH suites: a full outgoing User, client request bodies, deep freezing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScimUserResource } from '../../../../src/scim/schema/types';

export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ROSTER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Babs as GET /Users/{id} returns her: every readOnly attribute filled in. */
export function userResource(overrides: Partial<ScimUserResource> = {}): ScimUserResource {
  return {
    schemas: [CORE, ENTERPRISE, ROSTER],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    userName: 'bjensen@example.com',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
    groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides', type: 'direct' }],
    [ENTERPRISE]: {
      department: 'Tour Operations',
      manager: {
        value: '26118915-6090-4610-87e4-49d8ca9f808d',
        $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
        displayName: 'John Smith',
      },
    },
    [ROSTER]: { canManageTeam: false, primaryOwner: false },
    meta: {
      resourceType: 'User',
      created: '2010-01-23T04:56:22Z',
      lastModified: '2011-05-13T04:42:34Z',
      location: 'https://example.com/scim/v2/Users/2819c223-7f76-453a-919d-413861904646',
      version: 'W/"3694e05e9dff591"',
    },
    ...overrides,
  };
}

export function patchBody(...operations: unknown[]): unknown {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** A request body exactly as the client sends it (test/fixtures/<client>/<name>.json). */
export function fixture(client: 'okta' | 'entra', name: string): unknown {
  return JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', 'fixtures', client, `${name}.json`), 'utf8'),
  );
}

/** Freezes every object and array reachable from `value`, so any write to the input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
