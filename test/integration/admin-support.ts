import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import type { Store } from '../../src/store';
import { createUser, managerOf, newTenant, ROSTER, scimClient, type ScimClient } from '../harness/tenant';

/** The admin API (/api/v1) for one token. */
export function adminClient(app: Express, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (url: string) => request(app).get(`/api/v1${url}`).set(auth),
    post: (url: string, body?: unknown) => {
      const req = request(app).post(`/api/v1${url}`).set(auth);
      return body === undefined ? req : req.send(body as object);
    },
    put: (url: string, body: unknown) =>
      request(app)
        .put(`/api/v1${url}`)
        .set(auth)
        .send(body as object),
    patch: (url: string, body: unknown, headers: Record<string, string> = {}) =>
      request(app)
        .patch(`/api/v1${url}`)
        .set(auth)
        .set(headers)
        .send(body as object),
    delete: (url: string) => request(app).delete(`/api/v1${url}`).set(auth),
    /** Uploads a spreadsheet exactly as given (bytes or text). */
    importCsv: (csv: string | Buffer, query = '', contentType = 'text/csv') =>
      request(app).post(`/api/v1/users/import${query}`).set(auth).set('Content-Type', contentType).send(csv),
    /** The export as raw text (BOM included). */
    exportCsv: async (): Promise<string> => {
      const res = await request(app)
        .get('/api/v1/users/export')
        .set(auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
      if (res.status !== 200) throw new Error(`export answered ${res.status}: ${String(res.body)}`);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      return res.body as string;
    },
  };
}

export type AdminClient = ReturnType<typeof adminClient>;

/** The records of a CSV text (BOM dropped): for asserting on exports. */
export function csvRows(text: string): string[][] {
  return parse(text, { bom: true }) as string[][];
}

/** A spreadsheet from test/fixtures/csv/, byte for byte. */
export function csvFixture(name: string): Buffer {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'csv', name));
}

export interface Team {
  tenantId: string;
  token: string;
  scim: ScimClient;
  admin: AdminClient;
  /** userName's first part → id. */
  ids: Record<string, string>;
}

export interface Member {
  userName: string;
  manager?: string;
  lead?: boolean;
  active?: boolean;
  extra?: Record<string, unknown>;
}

/**
 * A fresh tenant with these users, created over SCIM in the order given (managers first); each
 * active unless it says otherwise (deactivated after the whole team exists).
 */
export async function arrangeTeam(app: Express, store: Store, members: readonly Member[]): Promise<Team> {
  const { tenantId, token } = await newTenant(store);
  const scim = scimClient(app, token);
  const ids: Record<string, string> = {};
  for (const m of members) {
    const extra = {
      ...(m.manager ? managerOf(ids[m.manager]!) : {}),
      ...(m.lead ? { [ROSTER]: { canManageTeam: true } } : {}),
      ...m.extra,
    };
    ids[m.userName.split('@')[0]!] = (await createUser(scim, m.userName, extra)).id;
  }
  for (const m of [...members].reverse()) {
    if (m.active !== false) continue;
    const res = await scim.patch(`/Users/${ids[m.userName.split('@')[0]!]}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    if (res.status !== 200) throw new Error(`could not deactivate ${m.userName}: ${res.text}`);
  }
  return { tenantId, token, scim, admin: adminClient(app, token), ids };
}

/** The stored state that matters to these tests, per user: for "nothing changed" assertions. */
export async function snapshot(store: Store, tenantId: string, ids: Record<string, string>) {
  const docs = await store.users.byIds(tenantId, Object.values(ids));
  return Object.fromEntries(
    docs
      .map((d) => [
        d.userName,
        {
          active: d.active,
          managerId: d.managerId ?? null,
          version: d.version,
          activeReports: [...d.activeReports].sort(),
        },
      ])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
