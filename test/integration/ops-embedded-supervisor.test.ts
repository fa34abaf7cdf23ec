/**
 * The embedded store is supervised (the issue "Operations: store outages"): killed, it comes back
 * on the same port and Roster reconnects by itself; killed again and again right after each
 * start, Roster gives up and exits 1 rather than looping forever.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runningStoreUriFile } from '../../src/store/embedded/ferretdb-process';
import { processAlive, spawnRoster, waitUntil, type RosterProcess } from '../harness/process';

const TOKEN = 'supervisor-test-token-0123456789';

describe('embedded store supervision', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-supervisor-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = () =>
    spawnRoster({
      PORT: '0',
      ROSTER_DATA_DIR: dataDir,
      ROSTER_BOOTSTRAP_TOKEN: TOKEN,
      ROSTER_METRICS_PUBLIC: 'true',
      ...(process.env.ROSTER_TEST_FERRETDB_BIN ? { FERRETDB_BIN: process.env.ROSTER_TEST_FERRETDB_BIN } : {}),
    });

  const starts = (roster: RosterProcess) => roster.lines.filter((l) => l.msg === 'embedded store started');

  async function getWithin(url: string, status: number, timeoutMs: number): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      if (res.status === status || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('restarts a killed store on the same port; Roster reconnects and counts the restart', async () => {
    const roster = start();
    try {
      const listening = await roster.waitForLine((l) => l.msg === 'roster listening');
      const base = `http://127.0.0.1:${listening.port as number}`;
      const firstPid = starts(roster)[0]!.pid as number;
      const uri = fs.readFileSync(runningStoreUriFile(dataDir), 'utf8');

      process.kill(firstPid, 'SIGKILL');
      const restarted = await roster.waitForLine((l) => l.msg === 'embedded store restarted', 30000);
      expect(restarted.restarts).toBe(1);
      expect(restarted.pid).not.toBe(firstPid);
      expect(roster.lines.some((l) => l.msg === 'embedded store exited')).toBe(true);
      // Same address: the CLI finds it where it was, and the server's pool reconnected to it.
      expect(fs.readFileSync(runningStoreUriFile(dataDir), 'utf8')).toBe(uri);

      expect((await getWithin(`${base}/readyz`, 200, 20000)).status).toBe(200);
      expect((await getWithin(`${base}/scim/v2/Users`, 200, 20000)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^roster_embedded_store_restarts_total 1$/m);
      expect(roster.child.exitCode).toBeNull();

      roster.child.kill('SIGINT');
      expect(await roster.exited).toBe(0);
      expect(await waitUntil(() => !processAlive(restarted.pid as number), 5000)).toBe(true);
    } finally {
      if (roster.child.exitCode === null) roster.child.kill('SIGKILL');
    }
  }, 60000);

  it('gives up and exits 1 when the store dies right after every start', async () => {
    const roster = start();
    try {
      await roster.waitForLine((l) => l.msg === 'roster listening');
      let killed = 0;
      const killer = setInterval(() => {
        const all = starts(roster);
        if (all.length > killed && processAlive(all[killed]!.pid as number)) {
          process.kill(all[killed]!.pid as number, 'SIGKILL');
          killed += 1;
        }
      }, 50);
      try {
        expect(await roster.exited).toBe(1);
      } finally {
        clearInterval(killer);
      }
      // 'exit' may come before the last lines are read; 'end' of stdout comes after them.
      if (!roster.child.stdout!.readableEnded) await once(roster.child.stdout!, 'end');
      const messages = roster.lines.map((l) => l.msg);
      const gaveUp = messages.indexOf('embedded store keeps failing; giving up');
      expect(gaveUp).toBeGreaterThan(messages.lastIndexOf('embedded store restarted'));
      expect(messages.indexOf('embedded store could not be kept running; exiting')).toBeGreaterThan(gaveUp);
      expect(messages.filter((m) => m === 'embedded store restarted').length).toBe(5);
    } finally {
      if (roster.child.exitCode === null) roster.child.kill('SIGKILL');
    }
  }, 60000);
});
