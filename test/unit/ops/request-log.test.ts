import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLogger } from '../../../src/http/request-log';

type Line = Record<string, unknown> & { msg: string; level: number };

/** An app behind the request logger, at `level`, whose log lines are collected. */
function appAt(level: string) {
  const lines: Line[] = [];
  const log = pino(
    { level },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    }),
  );
  const app = express();
  app.use(requestLogger(log));
  const api = express.Router();
  api.get('/note', (req, res) => {
    req.log.info({ step: 'inside' }, 'handler said');
    res.status(Number(req.query.status ?? 200)).json({ ok: true });
  });
  app.use('/api', api);
  app.get('/healthz', (_req, res) => res.status(500).end());
  return { app, lines };
}

describe('request log', () => {
  it('at info, writes no line for a 2xx, and one for a 4xx with ids and the path only', async () => {
    const { app, lines } = appAt('info');
    await request(app).get('/api/note?status=200&email=a@b.example').expect(200);
    expect(lines.map((l) => l.msg)).toEqual(['handler said']);

    await request(app)
      .get('/api/note?status=404&email=a@b.example')
      .set('X-Request-Id', 'given-1')
      .expect(404);
    const done = lines.filter((l) => l.msg === 'request completed');
    expect(done).toEqual([
      expect.objectContaining({
        level: 30,
        req: { id: 'given-1', method: 'GET', path: '/api/note' },
        res: { status: 404 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('a@b.example');
  });

  it("binds the request's id to every line logged for it, and answers it in X-Request-Id", async () => {
    const { app, lines } = appAt('info');
    const given = await request(app).get('/api/note').set('X-Request-Id', 'abc.123_X-y');
    expect(given.headers['x-request-id']).toBe('abc.123_X-y');
    const insane = await request(app).get('/api/note').set('X-Request-Id', 'no spaces allowed');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((l) => (l.req as { id: string }).id)).toEqual([
      'abc.123_X-y',
      insane.headers['x-request-id'],
    ]);
    expect(lines[0]).toMatchObject({ step: 'inside', req: { method: 'GET', path: '/api/note' } });
  });

  it('logs 2xx at debug, 503 as a warning, other 5xx as errors with an err, and never /healthz', async () => {
    const { app, lines } = appAt('debug');
    await request(app).get('/api/note').expect(200);
    await request(app).get('/api/note?status=503').expect(503);
    await request(app).get('/api/note?status=500').expect(500);
    await request(app).get('/healthz').expect(500);
    const ends = lines.filter((l) => l.msg !== 'handler said');
    expect(ends.map((l) => [l.level, l.msg, (l.res as { status: number }).status])).toEqual([
      [20, 'request completed', 200],
      [40, 'request errored', 503],
      [50, 'request errored', 500],
    ]);
    expect(ends[2]).toMatchObject({ err: { message: 'failed with status code 500' } });
  });
});
