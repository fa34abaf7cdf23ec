import { DEFAULT_TENANT_POLICY, missingRequiredFields } from '../../../src/domain';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('missingRequiredFields (I3): which required SCIM attributes a profile lacks', () => {
  it.each<{ name: string; profile: Record<string, unknown>; requiredFields?: string[]; missing: string[] }>([
    {
      name: 'complete default profile → nothing missing',
      profile: { name: { givenName: 'Ana', familyName: 'Lima' }, emails: [{ value: 'ana@x.com' }] },
      missing: [],
    },
    {
      name: 'empty profile → every default field, in policy order',
      profile: {},
      missing: ['name.givenName', 'name.familyName', 'emails'],
    },
    {
      name: 'null, empty and blank values count as missing',
      profile: { name: { givenName: null, familyName: ' \t' }, emails: [] },
      missing: ['name.givenName', 'name.familyName', 'emails'],
    },
    {
      name: 'an email entry with only type and primary is no email',
      profile: {
        name: { givenName: 'A', familyName: 'B' },
        emails: [{ type: 'work', primary: true }, { value: '' }],
      },
      missing: ['emails'],
    },
    {
      name: 'dummy values are enough (seed: "apply dummy information")',
      profile: { name: { givenName: 'x', familyName: 'x' }, emails: [{ value: 'x' }] },
      missing: [],
    },
    {
      name: 'attribute names compare case-insensitively (RFC 7643 §2.1)',
      profile: { Name: { GivenName: 'Ana', familyname: 'Lima' }, EMAILS: [{ Value: 'ana@x.com' }] },
      missing: [],
    },
    {
      name: 'a sub-attribute of a multi-valued attribute is present when any element has it',
      profile: { emails: [{ type: 'home' }, { value: 'ana@x.com' }], phoneNumbers: [{ type: 'work' }] },
      requiredFields: ['emails.value', 'phoneNumbers.value'],
      missing: ['phoneNumbers.value'],
    },
    {
      name: 'an extension attribute by its schema URN',
      profile: { [ENTERPRISE]: { department: 'Sales', costCenter: '' } },
      requiredFields: [`${ENTERPRISE}:department`, `${ENTERPRISE}:costCenter`, `${ENTERPRISE}:manager.value`],
      missing: [`${ENTERPRISE}:costCenter`, `${ENTERPRISE}:manager.value`],
    },
    {
      name: 'prototype names are not attributes',
      profile: {},
      requiredFields: ['constructor', '__proto__', 'toString.name'],
      missing: ['constructor', '__proto__', 'toString.name'],
    },
    {
      name: 'numbers and booleans are values',
      profile: { active: false, x509Certificates: [{ value: 0 }] },
      requiredFields: ['active', 'x509Certificates'],
      missing: [],
    },
  ])('$name', ({ profile, requiredFields, missing }) => {
    const policy = requiredFields === undefined ? DEFAULT_TENANT_POLICY : { requiredFields };
    expect(missingRequiredFields(profile, policy)).toEqual(missing);
  });
});
