import { applyPatch } from '../../../../src/scim/resources/users/user-patch';
import { errorOf } from './errors';
import { PATCH_OP, patchBody, userResource } from './user-fixtures';

const babs = userResource();

describe('applyPatch: the PatchOp message (RFC 7644 §3.5.2)', () => {
  it.each([
    ['not an object', []],
    ['no schemas', { Operations: [{ op: 'replace', path: 'active', value: false }] }],
    ['wrong schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [] }],
    ['no Operations', { schemas: [PATCH_OP] }],
    ['empty Operations', { schemas: [PATCH_OP], Operations: [] }],
    ['Operations not an array', { schemas: [PATCH_OP], Operations: { op: 'add' } }],
    ['an operation not an object', patchBody('replace')],
    ['unknown op', patchBody({ op: 'move', path: 'active', value: false })],
    ['op missing', patchBody({ path: 'active', value: false })],
    ['path not a string', patchBody({ op: 'replace', path: 7, value: false })],
    ['add without value', patchBody({ op: 'add', path: 'nickName' })],
  ])('%s → invalid-syntax', (_case, body) => {
    expect(errorOf(() => applyPatch(babs, body)).kind).toBe('invalid-syntax');
  });

  it('replace without value → invalid-syntax, not a silent delete (scimmy #80)', () => {
    const error = errorOf(() => applyPatch(babs, patchBody({ op: 'replace', path: 'displayName' })));
    expect(error.kind).toBe('invalid-syntax');
    expect(error.detail).toMatch(/use "remove"/);
  });

  it('accepts message and operation member names in any case, and ops capitalised (Entra)', () => {
    const body = {
      SCHEMAS: [PATCH_OP.toUpperCase()],
      operations: [{ OP: 'Replace', Path: 'nickName', VALUE: 'Babs' }],
    };
    expect(applyPatch(babs, body).nickName).toBe('Babs');
  });

  it('a null path means no path', () => {
    expect(
      applyPatch(babs, patchBody({ op: 'replace', path: null, value: { nickName: 'B' } })).nickName,
    ).toBe('B');
  });

  it('names the failing operation in the detail', () => {
    const body = patchBody(
      { op: 'replace', path: 'nickName', value: 'B' },
      { op: 'replace', path: 'nope', value: 1 },
    );
    expect(errorOf(() => applyPatch(babs, body)).detail).toMatch(/^Operations\[1\] \(replace nope\): /);
  });
});
