/**
 * POST /Bulk (RFC 7644 §3.7) against the real app and store: bulkId references backward and
 * forward, circular references, failOnErrors, per-operation statuses and SCIM errors, the
 * lifecycle guard judging each operation as the single request, and the advertised limits.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  ENTERPRISE,
  createUser,
  expectScimError,
  expectStatus,
  managerOf,
  newTenant,
  patchOp,
  readUser,
  scimClient,
  userBody,
  type ScimClient,
  TEST_OPERATOR,
} from '../harness/tenant';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type OperationResponse = {
  method?: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: { schemas: string[]; status: string; scimType?: string; detail: string };
};

const bulk = (operations: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  schemas: [BULK_REQUEST],
  Operations: operations,
  ...extra,
});

const postUser = (bulkId: string, userName: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: userBody(userName, extra),
});

const postGroup = (bulkId: string, displayName: string, members: string[]) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) },
});

describe('SCIM /Bulk', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function tenant() {
    const { tenantId, token } = await newTenant(t.store);
    return { tenantId, client: scimClient(t.app, token) };
  }

  async function send(client: ScimClient, body: unknown): Promise<OperationResponse[]> {
    const res = await client.post('/Bulk', body);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    return res.body.Operations as OperationResponse[];
  }

  const idOf = (op: OperationResponse) => op.location!.split('/').pop()!;

  const groupMembers = async (client: ScimClient, id: string) =>
    ((await client.get(`/Groups/${id}`)).body.members as { value: string }[]).map((m) => m.value);

  it('a group created with a member created earlier in the request (backward bulkId reference)', async () => {
    const { client } = await tenant();
    const ops = await send(
      client,
      bulk([postUser('qwerty', 'alice@example.com'), postGroup('ytrewq', 'Tour Guides', ['bulkId:qwerty'])]),
    );
    expect(ops).toEqual([
      {
        method: 'POST',
        bulkId: 'qwerty',
        version: 'W/"1"',
        location: expect.stringMatching(/\/scim\/v2\/Users\/[0-9a-f-]{36}$/),
        status: '201',
      },
      {
        method: 'POST',
        bulkId: 'ytrewq',
        version: 'W/"1"',
        location: expect.stringMatching(/\/scim\/v2\/Groups\/[0-9a-f-]{36}$/),
        status: '201',
      },
    ]);
    expect(await groupMembers(client, idOf(ops[1]!))).toEqual([idOf(ops[0]!)]);
    expect((await readUser(client, idOf(ops[0]!))).groups).toEqual([
      expect.objectContaining({ value: idOf(ops[1]!), display: 'Tour Guides' }),
    ]);
  });

  it('forward references (the group before its member, a PATCH and a manager before the POST they name) run in dependency order, creating nothing twice', async () => {
    const { client } = await tenant();
    const ops = await send(
      client,
      bulk([
        postGroup('g1', 'Forward', ['bulkId:u1']),
        {
          method: 'PATCH',
          path: '/Users/bulkId:u1',
          data: patchOp({ op: 'replace', path: 'title', value: 'Guide' }),
        },
        postUser('r1', 'report@example.com', managerOf('bulkId:m1')),
        postUser('u1', 'bob@example.com'),
        postUser('m1', 'boss@example.com'),
      ]),
    );
    expect(ops.map((op) => op.status)).toEqual(['201', '200', '201', '201', '201']);
    // Reported in request order, each with its own location.
    expect(ops.map((op) => op.bulkId)).toEqual(['g1', undefined, 'r1', 'u1', 'm1']);
    const userId = idOf(ops[3]!);
    expect(ops[1]!.location).toMatch(new RegExp(`/Users/${userId}$`));
    expect(await groupMembers(client, idOf(ops[0]!))).toEqual([userId]);
    expect((await readUser(client, userId)).title).toBe('Guide');
    const report = await readUser(client, idOf(ops[2]!));
    expect((report[ENTERPRISE] as { manager: { value: string } }).manager.value).toBe(idOf(ops[4]!));
    expect((await client.get('/Groups')).body.totalResults).toBe(1);
    expect((await client.get('/Users')).body.totalResults).toBe(3);
  });

  it('circular references are refused with 409 on each operation of the cycle (RFC 7644 §3.7.1); the rest applies', async () => {
    const { client } = await tenant();
    const ops = await send(
      client,
      bulk([
        postUser('a', 'a@example.com', managerOf('bulkId:b')),
        postUser('b', 'b@example.com', managerOf('bulkId:a')),
        postGroup('self', 'Itself', ['bulkId:self']),
        postUser('c', 'c@example.com'),
      ]),
    );
    expect(ops.map((op) => op.status)).toEqual(['409', '409', '409', '201']);
    for (const op of ops.slice(0, 3)) {
      expect(op.location).toBeUndefined();
      expect(op.response).toEqual({
        schemas: [ERROR],
        status: '409',
        detail: expect.stringMatching(/circular reference.*RFC 7644 §3\.7\.1/),
      });
    }
    expect((await client.get('/Users')).body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'c@example.com',
    ]);
    expect((await client.get('/Groups')).body.totalResults).toBe(0);
  });

  it('an operation referencing a POST that failed answers 409; a bulkId no POST declares is 400 invalidValue', async () => {
    const { client } = await tenant();
    await createUser(client, 'taken@example.com');
    const ops = await send(
      client,
      bulk([
        postUser('dup', 'TAKEN@example.com'),
        postGroup('g', 'Depends', ['bulkId:dup']),
        postGroup('h', 'Nowhere', ['bulkId:missing']),
      ]),
    );
    expect(ops.map((op) => [op.status, op.response?.scimType])).toEqual([
      ['409', 'uniqueness'],
      ['409', undefined],
      ['400', 'invalidValue'],
    ]);
    expect(ops[1]!.response!.detail).toMatch(/bulkId:dup.*Operations\[0\]/);
    expect(ops[2]!.response!.detail).toContain('bulkId:missing');
    expect((await client.get('/Groups')).body.totalResults).toBe(0);
  });

  it('failOnErrors stops after that many failed operations; only the operations that ran are reported', async () => {
    const { client } = await tenant();
    const ops = await send(
      client,
      bulk(
        [
          postUser('ok', 'first@example.com'),
          { method: 'POST', path: '/Users', bulkId: 'bad1', data: { schemas: ['nope'] } },
          { method: 'DELETE', path: '/Users/2819c223-7f76-453a-919d-413861904646' },
          postUser('never', 'never@example.com'),
        ],
        { failOnErrors: 2 },
      ),
    );
    expect(ops.map((op) => op.status)).toEqual(['201', '400', '404']);
    expect(ops[1]!.response).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
    expect(ops[2]!.location).toMatch(/\/Users\/2819c223-7f76-453a-919d-413861904646$/);
    expect((await client.get('/Users')).body.totalResults).toBe(1);

    // Without failOnErrors every operation runs.
    const all = await send(
      client,
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'bad2', data: { schemas: ['nope'] } },
        postUser('later', 'later@example.com'),
      ]),
    );
    expect(all.map((op) => op.status)).toEqual(['400', '201']);
  });

  it('the lifecycle guard judges each operation: deactivating a manager with an active report is refused (409 mutability) while the others apply', async () => {
    const { tenantId, client } = await tenant();
    const lead = await createUser(client, 'lead@example.com');
    const report = await createUser(client, 'report@example.com', managerOf(lead.id));
    const ops = await send(
      client,
      bulk([
        {
          method: 'PATCH',
          path: `/Users/${lead.id}`,
          data: patchOp({ op: 'replace', path: 'active', value: false }),
        },
        postUser('n', 'newcomer@example.com'),
        {
          method: 'PATCH',
          path: `/Users/${report.id}`,
          data: patchOp({ op: 'replace', path: 'title', value: 'Analyst' }),
        },
      ]),
    );
    expect(ops.map((op) => op.status)).toEqual(['409', '201', '200']);
    expect(ops[0]).toMatchObject({
      method: 'PATCH',
      location: expect.stringMatching(new RegExp(`/Users/${lead.id}$`)),
      response: { schemas: [ERROR], status: '409', scimType: 'mutability' },
    });
    expect(ops[0]!.response!.detail).toContain('report@example.com');
    expect((await readUser(client, lead.id)).active).toBe(true);
    expect((await readUser(client, report.id)).title).toBe('Analyst');

    const refusals = await t.store.audit.list(tenantId, { userId: lead.id, limit: 10 });
    expect(refusals[0]).toMatchObject({ outcome: 'refused', channel: 'scim-bulk', action: 'deactivate' });
  });

  it('PUT, PATCH and DELETE of users and groups, with "version" as If-Match (412 when stale)', async () => {
    const { client } = await tenant();
    const ana = await createUser(client, 'ana@example.com');
    const group = (await client.post('/Groups', { schemas: [GROUP], displayName: 'Eng' })).body;
    const ops = await send(
      client,
      bulk([
        {
          method: 'PUT',
          path: `/Users/${ana.id}`,
          version: ana.meta.version,
          data: userBody('ana@example.com', { title: 'Lead' }),
        },
        {
          method: 'PATCH',
          path: `/Groups/${group.id}`,
          version: 'W/"7"',
          data: patchOp({ op: 'add', path: 'members', value: [{ value: ana.id }] }),
        },
        {
          method: 'PATCH',
          path: `/Groups/${group.id}`,
          data: patchOp({ op: 'add', path: 'members', value: [{ value: ana.id }] }),
        },
        {
          method: 'PUT',
          path: `/Groups/${group.id}`,
          data: { schemas: [GROUP], displayName: 'Engineering' },
        },
        { method: 'DELETE', path: `/Groups/${group.id}` },
      ]),
    );
    expect(ops.map((op) => op.status)).toEqual(['200', '412', '204', '200', '204']);
    expect(ops[0]!.version).toBe('W/"2"');
    expect(ops[2]!.version).toBe('W/"2"');
    expect(ops[4]!.location).toMatch(new RegExp(`/Groups/${group.id}$`));
    expect((await readUser(client, ana.id)).title).toBe('Lead');
    expectScimError(await client.get(`/Groups/${group.id}`), 404);
  });

  it('refuses malformed operations one by one, and a malformed request whole', async () => {
    const { client } = await tenant();
    const ops = await send(
      client,
      bulk([
        { method: 'GET', path: '/Users' },
        { method: 'POST', path: '/Users', data: userBody('nobulkid@example.com') },
        { method: 'POST', path: '/Things', bulkId: 'x', data: {} },
        { method: 'PATCH', path: '/Users', data: patchOp({ op: 'remove', path: 'title' }) },
        { method: 'PUT', path: '/Users/not-an-id', data: userBody('x@example.com') },
        postUser('fine', 'fine@example.com'),
      ]),
    );
    expect(ops.map((op) => [op.method, op.status])).toEqual([
      [undefined, '400'],
      ['POST', '400'],
      ['POST', '404'],
      ['PATCH', '400'],
      ['PUT', '404'],
      ['POST', '201'],
    ]);
    expectScimError(await client.post('/Bulk', { Operations: [] }), 400, 'invalidSyntax');
    expectScimError(
      await client.post('/Bulk', { schemas: [BULK_REQUEST], Operations: {} }),
      400,
      'invalidSyntax',
    );
    expectScimError(
      await client.post(
        '/Bulk',
        bulk([postUser('same', 'one@example.com'), postUser('same', 'two@example.com')]),
      ),
      400,
      'invalidValue',
    );
    expectScimError(await client.post('/Bulk', bulk([], { failOnErrors: 0 })), 400, 'invalidValue');
    expect(await send(client, bulk([]))).toEqual([]);
  });

  it('more than maxOperations (1000) → 413 and nothing runs; a body over maxPayloadSize (1 MiB) → 413', async () => {
    const { client } = await tenant();
    const config = await client.get('/ServiceProviderConfig');
    expect(config.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });

    const tooMany = Array.from({ length: 1001 }, (_, i) => postUser(`u${i}`, `user${i}@example.com`));
    const res = await client.post('/Bulk', bulk(tooMany));
    expectScimError(res, 413, null);
    expect(res.body.detail).toMatch(/1001 operations.*1000/);
    expect((await client.get('/Users')).body.totalResults).toBe(0);

    const huge = bulk([postUser('big', 'big@example.com', { displayName: 'x'.repeat(1024 * 1024) })]);
    expectScimError(await client.post('/Bulk', huge), 413);
  });

  it('needs scim:write', async () => {
    const { tenantId } = await tenant();
    const reader = scimClient(
      t.app,
      (await t.store.tokens.issue(tenantId, 'reader', ['scim:read'], TEST_OPERATOR)).secret,
    );
    expectScimError(await reader.post('/Bulk', bulk([postUser('a', 'a@example.com')])), 403);
  });
});
