/** The rate limiter alone, on a clock the test moves (its wiring into the app: ops-limits.test.ts). */
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/http/errors';
import { clientKey, failedAuthLimit } from '../../src/ops/failed-auth-limit';
import { rateLimit } from '../../src/ops/rate-limit';
import { RosterError } from '../../src/domain/errors';

/** The limiter in front of a handler that always answers. */
function appWith(limits: { ratePerSecond: number; burst: number }) {
  let now = 0;
  const app = express();
  app.use(rateLimit(limits, () => now));
  app.get('/x', (_req, res) => void res.json({ ok: true }));
  app.use(errorHandler);
  return { app, advance: (ms: number) => (now += ms) };
}

describe('rateLimit', () => {
  it('keys buckets by the presented token', async () => {
    const { app } = appWith({ ratePerSecond: 1, burst: 2 });
    const header = () => request(app).get('/x').set('Authorization', 'Bearer rst_one');
    expect((await header()).status).toBe(200);
    expect((await header()).status).toBe(200);
    const refused = await header();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.error).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 1 });
    expect((await request(app).get('/x').set('Authorization', 'Bearer rst_two')).status).toBe(200);
  });

  it('refills with time', async () => {
    const { app, advance } = appWith({ ratePerSecond: 1, burst: 1 });
    const call = () => request(app).get('/x').set('Authorization', 'Bearer rst_one');
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
    advance(1000);
    expect((await call()).status).toBe(200);
  });

  it('lets requests without a token through (authentication refuses them without a store lookup)', async () => {
    const { app } = appWith({ ratePerSecond: 1, burst: 1 });
    for (let i = 0; i < 3; i += 1) expect((await request(app).get('/x')).status).toBe(200);
  });

  it('is off at a rate of 0', async () => {
    const { app } = appWith({ ratePerSecond: 0, burst: 1 });
    for (let i = 0; i < 3; i += 1) {
      expect((await request(app).get('/x').set('Authorization', 'Bearer rst_one')).status).toBe(200);
    }
  });
});

describe('failedAuthLimit', () => {
  /** The limiter in front of a handler that accepts only "Bearer good", on a clock the test moves. */
  function appWithFailures(limits: { ratePerSecond: number; burst: number }) {
    let now = 0;
    const app = express();
    app.use(failedAuthLimit(limits, () => now));
    app.get('/x', (req, res, next) => {
      if (req.get('Authorization') === 'Bearer good') return void res.json({ ok: true });
      next(new RosterError('unauthenticated', 'no'));
    });
    app.use(errorHandler);
    return { app, advance: (ms: number) => (now += ms) };
  }

  it('counts failures only, refuses the address once over, and refills with time', async () => {
    const { app, advance } = appWithFailures({ ratePerSecond: 0.5, burst: 2 });
    const call = (token: string) => request(app).get('/x').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 5; i += 1) expect((await call('good')).status).toBe(200);
    expect((await call('bad')).status).toBe(401);
    expect((await call('bad')).status).toBe(401);
    const refused = await call('good');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2');
    advance(2000);
    expect((await call('good')).status).toBe(200);
    expect((await call('bad')).status).toBe(401);
    expect((await call('bad')).status).toBe(429);
  });

  it('keys IPv4 addresses as themselves and IPv6 ones by their /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
  });
});
