import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /healthz answers 200 while the process lives', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the store answers a ping', async () => {
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(200);
  });

  it('every response carries a request id, the client one when it is well-formed', async () => {
    const own = await request(t.app).get('/healthz').set('X-Request-Id', 'idp-req-42');
    expect(own.headers['x-request-id']).toBe('idp-req-42');
    const hostile = await request(t.app).get('/healthz').set('X-Request-Id', 'bad id\twith tabs');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown path is a JSON 404, not an HTML page', async () => {
    const res = await request(t.app).get('/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body.error.kind).toBe('not-found');
  });

  it('GET /readyz answers 503 once the store is gone', async () => {
    await t.store.close();
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'store unavailable',
      detail: expect.stringContaining('does not answer'),
    });
  });
});
