/**
 * What reaches the log (the issue "Operations: ... security"): the real process's stdout, read
 * as an operator's log shipper would. Ids and paths only: no token (header or query), no query
 * string, no body, no name or e-mail address.
 */
import { execFileSync } from 'node:child_process';
import { withDatabase } from '../harness/cli';
import { PROJECT_ROOT, spawnRoster } from '../harness/process';
import { dropTestDatabase, testStoreUri } from '../harness/store';

const TOKEN = 'rst_log-test-bootstrap-token-0123456789';

describe('request logs', () => {
  it('carry ids and paths, never tokens, query strings, bodies or personal data', async () => {
    const dbName = `roster_test_logs_${process.pid}`;
    const roster = spawnRoster({
      PORT: '0',
      MONGODB_URI: withDatabase(testStoreUri(), dbName),
      ROSTER_BOOTSTRAP_TOKEN: TOKEN,
      LOG_LEVEL: 'trace',
    });
    try {
      const listening = await roster.waitForLine((l) => l.msg === 'roster listening');
      const base = `http://127.0.0.1:${listening.port as number}/scim/v2`;
      const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' };

      const created = await fetch(`${base}/Users`, {
        method: 'POST',
        headers: { ...auth, 'X-Request-Id': 'log-test-create' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'pii.person@secret.example',
          name: { givenName: 'Privata', familyName: 'Secretsurname' },
          emails: [{ value: 'pii.person@secret.example', primary: true }],
        }),
      });
      expect(created.status).toBe(201);
      const filter = encodeURIComponent('userName eq "pii.person@secret.example"');
      expect((await fetch(`${base}/Users?filter=${filter}`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${base}/Users?access_token=${TOKEN}&filter=${filter}`)).status).toBe(401);
      const wrong = await fetch(`${base}/Users`, {
        headers: { Authorization: 'Bearer rst_wrong-secret-value-42' },
      });
      expect(wrong.status).toBe(401);
      const malformed = await fetch(`${base}/Users`, {
        method: 'POST',
        headers: auth,
        body: '{"userName": "pii.broken@secret.example", ',
      });
      expect(malformed.status).toBe(400);

      await roster.waitForLine((l) => (l.res as { status?: number } | undefined)?.status === 400);
      roster.child.kill('SIGINT');
      expect(await roster.exited).toBe(0);
    } finally {
      if (roster.child.exitCode === null) roster.child.kill('SIGKILL');
      await dropTestDatabase(dbName);
    }

    const log = roster.lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of [
      TOKEN,
      TOKEN.slice(4, 24),
      'rst_wrong-secret-value-42',
      'pii.person',
      'pii.broken',
      'secret.example',
      'Secretsurname',
      'Privata',
      'filter=',
      'access_token',
    ]) {
      expect(log).not.toContain(secret);
    }
    const requests = roster.lines.filter((l) => l.req !== undefined && l.res !== undefined);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests.map((l) => (l.req as { path: string }).path)).toEqual(
      expect.arrayContaining(['/scim/v2/Users']),
    );
    expect(requests.find((l) => (l.req as { id: string }).id === 'log-test-create')).toBeDefined();
  }, 60000);

  it('the logger redacts an Authorization header, cookies and token fields', () => {
    const script = `
      const { createLogger } = require('./src/log');
      createLogger('info').info(
        { req: { headers: { authorization: 'Bearer rst_redact-me-please', cookie: 'sid=redact-me-too' } }, issued: { token: 'redact-me-3' } },
        'probe',
      );
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    const line = JSON.parse(out.trim()) as { req: { headers: Record<string, string> } };
    expect(out).not.toMatch(/redact-me/);
    expect(line.req.headers.authorization).toBe('[redacted]');
  });
});
