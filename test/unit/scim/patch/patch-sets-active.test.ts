import { patchSetsActive } from '../../../../src/scim/resources/users/user-patch';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** Only a PATCH that itself states active: true cancels a pending deactivation (docs/contract.md). */
describe('patchSetsActive', () => {
  it.each([
    [
      'Okta: replace without path, value {active: true}',
      patch({ op: 'replace', value: { active: true } }),
      true,
    ],
    [
      'Entra: "Replace" path active value "True"',
      patch({ op: 'Replace', path: 'active', value: 'True' }),
      true,
    ],
    [
      'the core URN-qualified path',
      patch({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:active', value: true }),
      true,
    ],
    [
      'among other operations',
      patch({ op: 'add', path: 'title', value: 'x' }, { op: 'replace', value: { Active: true } }),
      true,
    ],
    ['active false', patch({ op: 'replace', value: { active: false } }), false],
    ['Entra "False"', patch({ op: 'Replace', path: 'active', value: 'False' }), false],
    ['a PATCH that leaves active alone', patch({ op: 'replace', path: 'title', value: 'Lead' }), false],
    ['remove', patch({ op: 'remove', path: 'active' }), false],
    ['a malformed message (applyPatch refuses it)', { Operations: 'no' }, false],
  ])('%s → %s', (_name, body, expected) => {
    expect(patchSetsActive(body)).toBe(expected);
  });
});
