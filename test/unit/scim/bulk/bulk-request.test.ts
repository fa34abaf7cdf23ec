import { isRosterError } from '../../../../src/domain/errors';
import { readBulkRequest } from '../../../../src/scim/bulk/bulk-request';
import { referencesOf, resolveReferences } from '../../../../src/scim/bulk/bulk-references';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const request = (Operations: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: [BULK_REQUEST],
  Operations,
  ...extra,
});

function kindOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isRosterError(err)) return err.kind;
    throw err;
  }
  return undefined;
}

describe('readBulkRequest (RFC 7644 §3.7)', () => {
  it('reads method (any case), bulkId, endpoint, target, version and data', () => {
    const { operations, failOnErrors } = readBulkRequest(
      request(
        [
          { method: 'post', path: '/Users', bulkId: 'q', data: { a: 1 } },
          { method: 'Patch', path: '/Groups/bulkId:q', version: 'W/"2"', data: {} },
          { method: 'DELETE', path: '/Users/abc%20def' },
        ],
        { failOnErrors: 3 },
      ),
    );
    expect(failOnErrors).toBe(3);
    expect(operations).toEqual([
      { index: 0, method: 'POST', bulkId: 'q', endpoint: 'Users', data: { a: 1 } },
      { index: 1, method: 'PATCH', endpoint: 'Groups', target: 'bulkId:q', version: 'W/"2"', data: {} },
      { index: 2, method: 'DELETE', endpoint: 'Users', target: 'abc def' },
    ]);
  });

  it('refuses the whole request when it is no BulkRequest, too long, or declares a bulkId twice', () => {
    expect(kindOf(() => readBulkRequest([]))).toBe('invalid-syntax');
    expect(kindOf(() => readBulkRequest({ Operations: [] }))).toBe('invalid-syntax');
    expect(kindOf(() => readBulkRequest(request({} as unknown as unknown[])))).toBe('invalid-syntax');
    const ops = Array.from({ length: 1001 }, () => ({ method: 'DELETE', path: '/Users/x' }));
    expect(kindOf(() => readBulkRequest(request(ops)))).toBe('payload-too-large');
    const twice = [
      { method: 'POST', path: '/Users', bulkId: 'q', data: {} },
      { method: 'POST', path: '/Groups', bulkId: 'q', data: {} },
    ];
    expect(kindOf(() => readBulkRequest(request(twice)))).toBe('invalid-value');
    expect(kindOf(() => readBulkRequest(request([], { failOnErrors: 1.5 })))).toBe('invalid-value');
  });

  it('marks a malformed operation invalid and keeps reading the others', () => {
    const { operations } = readBulkRequest(
      request([
        'not an object',
        { method: 'GET', path: '/Users' },
        { method: 'POST', path: '/Users', data: {} },
        { method: 'POST', path: '/Users/x', bulkId: 'a', data: {} },
        { method: 'PUT', path: '/Users', data: {} },
        { method: 'PUT', path: '/Users/x' },
        { method: 'DELETE', path: '/Elsewhere/x' },
        { method: 'DELETE', path: '/Users/x', version: 3 },
        { method: 'DELETE', path: '/Users/x' },
      ]),
    );
    expect(operations.map((op) => op.invalid?.kind)).toEqual([
      'invalid-syntax',
      'invalid-syntax',
      'invalid-syntax',
      'invalid-syntax',
      'invalid-syntax',
      'invalid-syntax',
      'not-found',
      'invalid-syntax',
      undefined,
    ]);
  });
});

describe('bulkId references (RFC 7644 §3.7.2)', () => {
  it('finds whole-string references in the path and anywhere in the data', () => {
    const [op] = readBulkRequest(
      request([
        {
          method: 'PATCH',
          path: '/Groups/bulkId:g',
          data: {
            Operations: [{ value: [{ value: 'bulkId:u' }, { value: 'not bulkId:v' }] }],
            other: 'bulkId:',
          },
        },
      ]),
    ).operations;
    expect([...referencesOf(op!)].sort()).toEqual(['g', 'u']);
  });

  it('replaces them with the created ids, leaving the input untouched', () => {
    const data = {
      members: [{ value: 'bulkId:u' }],
      manager: { value: 'bulkId:m' },
      note: 'bulkId:u and more',
    };
    const resolved = resolveReferences(
      data,
      new Map([
        ['u', 'id-u'],
        ['m', 'id-m'],
      ]),
    );
    expect(resolved).toEqual({
      members: [{ value: 'id-u' }],
      manager: { value: 'id-m' },
      note: 'bulkId:u and more',
    });
    expect(data.members[0]!.value).toBe('bulkId:u');
  });
});
