import fs from 'node:fs';
import path from 'node:path';
import request, { type Response } from 'supertest';
import type { Express } from 'express';
import type { Store } from '../../src/store';

let counter = 0;

/** Who the audit trail names for what the harness arranges outside any request. */
export const TEST_OPERATOR = { tokenName: 'test-harness', channel: 'admin' } as const;

/** A fresh tenant and a token for it: every test arranges its own data. */
export async function newTenant(store: Store, scopes: string[] = ['scim:read', 'scim:write', 'admin']) {
  counter += 1;
  const tenant = await store.tenants.create(
    `t${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const token = await store.tokens.issue(tenant._id, 'test-idp', scopes, TEST_OPERATOR);
  return { tenantId: tenant._id, token: token.secret };
}

export const SCIM_JSON = 'application/scim+json';
export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ROSTER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM client bound to one app and token. */
export function scimClient(app: Express, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  const send = (
    method: 'post' | 'put' | 'patch',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const agent = request(app);
    const url = `/scim/v2${path}`;
    const req = method === 'post' ? agent.post(url) : method === 'put' ? agent.put(url) : agent.patch(url);
    return req.set(auth).set(headers).set('Content-Type', SCIM_JSON).send(JSON.stringify(body));
  };
  return {
    /** The Authorization header value this client sends. */
    authorization: auth.Authorization,
    get: (path: string, headers: Record<string, string> = {}) =>
      request(app).get(`/scim/v2${path}`).set(auth).set(headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      send('post', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => send('put', path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) =>
      send('patch', path, body, headers),
    delete: (path: string, headers: Record<string, string> = {}) =>
      request(app).delete(`/scim/v2${path}`).set(auth).set(headers),
    /** A body sent exactly as given (malformed JSON, `__proto__` keys, other content types). */
    raw: (method: 'post' | 'put' | 'patch', path: string, text: string | Buffer, contentType = SCIM_JSON) =>
      request(app)[method](`/scim/v2${path}`).set(auth).set('Content-Type', contentType).send(text),
  };
}

/** A complete profile (I3), so status changes are allowed. */
export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  const [given = 'Given', family = 'Family'] = userName.split('@')[0]!.split('.');
  return {
    schemas: [CORE],
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

/** A SCIM PatchOp message of these operations. */
export function patchOp(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** A request body as the vendor documents it (test/fixtures/<vendor>/<name>.json). */
export function fixture<T = Record<string, unknown>>(relativePath: string): T {
  const file = path.join(__dirname, '..', 'fixtures', relativePath);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * A copy of a documented body with the ids it names replaced by ids of this run (the vendors'
 * examples name users of their own tenants, e.g. Entra's manager "2819c223-…").
 */
export function withIds<T>(body: T, ids: Record<string, string>): T {
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return Object.hasOwn(ids, value) ? ids[value] : value;
    if (Array.isArray(value)) return value.map(swap);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    }
    return value;
  };
  return swap(body) as T;
}

/** The SCIM Error schema, RFC 7644 §3.12. */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * Asserts a SCIM error response (RFC 7644 §3.12): the status, application/scim+json, the Error
 * schema, `status` as a string, the scimType when given (and none when null), a detail.
 */
export function expectScimError(res: Response, status: number, scimType?: string | null): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body.schemas).toEqual([ERROR_SCHEMA]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe('string');
  if (scimType === null) expect(body.scimType).toBeUndefined();
  else if (scimType !== undefined) expect(body.scimType).toBe(scimType);
}

/** Asserts the status, with the response body in the failure message. */
export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
}

export type ScimClient = ReturnType<typeof scimClient>;
export type ScimUser = Record<string, unknown> & {
  id: string;
  userName: string;
  active: boolean;
  meta: { resourceType?: string; created: string; lastModified: string; location: string; version: string };
};

/** POSTs a user (userBody unless a whole body is given) and returns it; fails unless 201. */
export async function createUser(
  client: ScimClient,
  userName: string,
  extra: Record<string, unknown> = {},
): Promise<ScimUser> {
  const res = await client.post('/Users', userBody(userName, extra));
  expectStatus(res, 201);
  return res.body as ScimUser;
}

/** `{ "value": id }` under the enterprise extension, as a PUT/POST body carries a manager. */
export function managerOf(id: string) {
  return { [ENTERPRISE]: { manager: { value: id } } };
}

/** A user's stored state, read back over SCIM; fails unless 200. */
export async function readUser(client: ScimClient, id: string): Promise<ScimUser> {
  const res = await client.get(`/Users/${id}`);
  expectStatus(res, 200);
  return res.body as ScimUser;
}

/** `?filter=` with the filter URL-encoded, plus any other query parameters. */
export function filterQuery(filter: string, extra = ''): string {
  return `/Users?filter=${encodeURIComponent(filter)}${extra}`;
}

/**
 * A resource with the scheme, host and port cut from its URLs (meta.location, $ref): supertest
 * gives every request its own ephemeral port, so two reads of one user differ only there.
 */
export function sansOrigin<T>(resource: T): T {
  return JSON.parse(JSON.stringify(resource).replace(/https?:\/\/[^/"]+\/scim\/v2/g, '/scim/v2')) as T;
}
