/**
 * Security (the issue "Operations: ... hostile input"): scopes on every route of the app (the
 * routes are read from the app itself, so a route added later is checked too), the tenant taken
 * from the token only, tokens stored as hashes, security headers, and CORS off unless configured.
 */
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Scope } from '../../src/store/tokens/token-store';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog } from '../harness/store';
import {
  createUser,
  expectScimError,
  expectStatus,
  newTenant,
  scimClient,
  userBody,
} from '../harness/tenant';

interface AppRoute {
  method: string;
  path: string;
}

/** The express internals the walk reads: a layer is a route, a mounted router, or middleware. */
interface Layer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route of the app, with its full path pattern; `all` for routes answering every method. */
function routesOf(app: Express): AppRoute[] {
  const walk = (stack: Layer[], prefix: string): AppRoute[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const paths = [layer.route.path].flat();
        const methods = Object.keys(layer.route.methods).map((m) => (m === '_all' ? 'all' : m));
        return paths.flatMap((p) => methods.map((method) => ({ method, path: prefix + p })));
      }
      if (!layer.handle.stack) return [];
      const mount = [layer.rawPath ?? '/'].flat()[0]!;
      return walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

/** Who may call a route: nobody needs a token, any valid token, or one with this scope. */
type Access = 'public' | 'any-token' | Scope;

const DISCOVERY = /^\/scim\/v2\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/|$)/;
const NOT_IMPLEMENTED = /^\/scim\/v2\/Me(\/|$)/;

/** The access table (README: Scopes). A route it has no rule for fails the test, on purpose. */
function accessOf({ method, path }: AppRoute): Access | undefined {
  if (path === '/healthz' || path === '/readyz') return 'public';
  if (path === '/' || path === '/app' || path.startsWith('/app/') || path.startsWith('/static/'))
    return 'public';
  if (path === '/metrics') return 'admin';
  // The page's sign-in (contract.md, People sign in to the page): reached without a token by
  // design; who gets a session is tested in auth-signin.test.ts and auth-security.test.ts.
  if (path.startsWith('/auth/')) return 'public';
  if (path.startsWith('/api/v1/')) return 'admin';
  if (DISCOVERY.test(path) || NOT_IMPLEMENTED.test(path)) return 'any-token';
  if (path.startsWith('/scim/v2/')) {
    if (method === 'get' || path.endsWith('/.search')) return 'scim:read';
    return 'scim:write';
  }
  return undefined;
}

const ALL_SCOPES: Scope[] = ['scim:read', 'scim:write', 'admin'];
const SOME_ID = '2819c223-7f76-453a-919d-413861904646';

/** A concrete URL for a pattern: ids for parameters, a segment for wildcards. */
const concrete = (path: string) => path.replace(/[{}]/g, '').replace(/:\w+/g, SOME_ID).replace(/\*\w+/g, 'x');

function send(app: Express, method: string, path: string, token?: string) {
  const verb = (method === 'all' ? 'post' : method) as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const req = request(app)[verb](concrete(path));
  if (token) req.set('Authorization', `Bearer ${token}`);
  return verb === 'get' || verb === 'delete' ? req : req.set('Content-Type', 'application/json').send('{}');
}

describe('security', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  /** A token of a fresh tenant with exactly these scopes. */
  const tokenWith = async (scopes: Scope[]) => {
    const key = scopes.join(',');
    if (!tokens.has(key)) tokens.set(key, (await newTenant(t.store, scopes)).token);
    return tokens.get(key)!;
  };

  beforeAll(async () => {
    // The route walk presents unknown tokens by the dozen from one address: the limit on failed
    // authentications (tested in auth-edges.test.ts) would answer 429 before the 401s asserted here.
    t = await startTestApp({ ROSTER_AUTH_FAILURE_BURST: '0' });
  });
  afterAll(() => t.close());

  describe('scopes on every route', () => {
    it('finds the routes of the app (the walk itself works)', () => {
      const found = routesOf(t.app).map((r) => `${r.method} ${r.path}`);
      expect(found).toEqual(
        expect.arrayContaining([
          'get /healthz',
          'get /metrics',
          'get /scim/v2/Users',
          'patch /scim/v2/Users/:id',
          'get /api/v1/account',
        ]),
      );
    });

    it('has an access rule for every route', () => {
      expect(routesOf(t.app).filter((r) => accessOf(r) === undefined)).toEqual([]);
    });

    it('answers 401 without a token and 403 with a token lacking the scope, on every route', async () => {
      const failures: string[] = [];
      for (const route of routesOf(t.app)) {
        const access = accessOf(route)!;
        if (access === 'public') continue;
        const name = `${route.method.toUpperCase()} ${route.path}`;

        const anonymous = await send(t.app, route.method, route.path);
        if (anonymous.status !== 401 || !/^Bearer/.test(anonymous.headers['www-authenticate'] ?? '')) {
          failures.push(`${name} without a token: ${anonymous.status}`);
        }
        const unknown = await send(t.app, route.method, route.path, 'rst_not-a-token-of-anyone');
        if (unknown.status !== 401) failures.push(`${name} with an unknown token: ${unknown.status}`);

        if (access === 'any-token') {
          const any = await send(t.app, route.method, route.path, await tokenWith(['admin']));
          if ([401, 403].includes(any.status)) failures.push(`${name} with a token: ${any.status}`);
          continue;
        }
        const lacking = await send(
          t.app,
          route.method,
          route.path,
          await tokenWith(ALL_SCOPES.filter((s) => s !== access)),
        );
        if (lacking.status !== 403) failures.push(`${name} without scope ${access}: ${lacking.status}`);
        const holding = await send(t.app, route.method, route.path, await tokenWith([access]));
        if ([401, 403].includes(holding.status))
          failures.push(`${name} with scope ${access}: ${holding.status}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('tenant from the token only', () => {
    it('ignores a tenant named in the query or a header, and refuses one in the body', async () => {
      const a = await newTenant(t.store);
      const b = await newTenant(t.store);
      const post = (body: Record<string, unknown>) =>
        request(t.app)
          .post(`/scim/v2/Users?tenantId=${b.tenantId}`)
          .set('Authorization', `Bearer ${a.token}`)
          .set('X-Tenant-Id', b.tenantId)
          .set('Content-Type', 'application/scim+json')
          .send(JSON.stringify(body));
      expectScimError(
        await post({ ...userBody('placed.user@x.com'), tenantId: b.tenantId }),
        400,
        'invalidSyntax',
      );
      const res = await post(userBody('placed.user@x.com'));
      expectStatus(res, 201);
      expect((await t.store.users.byId(a.tenantId, res.body.id))?.tenantId).toBe(a.tenantId);
      expect(await t.store.users.byId(b.tenantId, res.body.id)).toBeNull();

      const account = await request(t.app)
        .get(`/api/v1/account?tenantId=${b.tenantId}`)
        .set('Authorization', `Bearer ${a.token}`)
        .set('X-Tenant-Id', b.tenantId);
      expect(account.body.id).toBe(a.tenantId);
    });
  });

  describe('tokens', () => {
    it('a valid token in the URL is refused (401): only the Authorization header is accepted', async () => {
      const { token } = await newTenant(t.store);
      for (const path of ['/scim/v2/Users', '/api/v1/account']) {
        for (const query of [`access_token=${token}`, `access_token=${token}&access_token=${token}`]) {
          const res = await request(t.app).get(`${path}?${query}`);
          expect(res.status).toBe(401);
          expect(JSON.stringify(res.body)).toContain('Authorization header');
        }
      }
    });

    it('are stored as hashes: no stored document holds a secret', async () => {
      const { tenantId, token } = await newTenant(t.store);
      const stored = await t.store.raw.collection('tokens').find({ tenantId }).toArray();
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(JSON.stringify(stored)).not.toContain(token.slice(4, 20));
    });
  });

  describe('security headers', () => {
    it('sends nosniff, no-referrer, DENY and a strict CSP; no-store on API answers', async () => {
      const { token } = await newTenant(t.store);
      const responses = [
        await request(t.app).get('/healthz'),
        await request(t.app).get('/scim/v2/Users'),
        await request(t.app).get('/scim/v2/Users').set('Authorization', `Bearer ${token}`),
        await request(t.app).get('/api/v1/account').set('Authorization', `Bearer ${token}`),
        await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`),
        await request(t.app).get('/no/such/thing'),
      ];
      for (const res of responses) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      for (const res of responses.slice(0, 5)) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
      }
    });

    it("gives the page a policy of its own: only the server's own scripts, never inline ones", async () => {
      const page = await request(t.app).get('/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = page.headers['content-security-policy'] as string;
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
    });
  });

  describe('CORS', () => {
    const ORIGIN = 'https://admin.example.com';

    it('sends no CORS header at all unless ROSTER_CORS_ORIGINS is set', async () => {
      const { token } = await newTenant(t.store);
      const res = await request(t.app)
        .get('/scim/v2/Users')
        .set('Origin', ORIGIN)
        .set('Authorization', `Bearer ${token}`);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const preflight = await request(t.app)
        .options('/scim/v2/Users')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows the configured origins only, and answers their preflights before authentication', async () => {
      const app = buildApp({
        config: loadConfig({ ROSTER_CORS_ORIGINS: `${ORIGIN}, http://localhost:5173` }),
        store: t.store,
        log: silentLog,
      });
      const { token } = await newTenant(t.store);
      const scim = scimClient(app, token);
      await createUser(scim, 'cors.user@x.com');

      const allowed = await request(app)
        .get('/scim/v2/Users')
        .set('Origin', ORIGIN)
        .set('Authorization', `Bearer ${token}`);
      expect(allowed.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(allowed.headers['access-control-expose-headers']).toMatch(/ETag/);
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      expect(allowed.headers.vary).toMatch(/Origin/);

      const preflight = await request(app)
        .options('/scim/v2/Users')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);

      const other = await request(app)
        .get('/scim/v2/Users')
        .set('Origin', 'https://evil.example')
        .set('Authorization', `Bearer ${token}`);
      expect(other.status).toBe(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
