import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive, spawnRoster, waitUntil } from '../harness/process';

/** `npm start` as an operator runs it: fail fast on bad config, leave nothing behind on exit. */
describe('the roster process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-proc-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const embeddedEnv = () => ({
    PORT: '0',
    ROSTER_DATA_DIR: dataDir,
    ...(process.env.ROSTER_TEST_FERRETDB_BIN ? { FERRETDB_BIN: process.env.ROSTER_TEST_FERRETDB_BIN } : {}),
  });

  it('a bad configuration value stops it at once with one line naming the variable', async () => {
    const roster = spawnRoster({ PORT: 'eighty', ROSTER_DATA_DIR: dataDir });
    expect(await roster.exited).toBe(2);
    expect(roster.stderr).toEqual([
      'roster: configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")',
    ]);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('SIGINT stops the server and its embedded store, leaving no child process', async () => {
    const roster = spawnRoster(embeddedEnv());
    const started = await roster.waitForLine((l) => l.msg === 'embedded store started');
    const listening = await roster.waitForLine((l) => l.msg === 'roster listening');
    const storePid = started.pid as number;
    expect(processAlive(storePid)).toBe(true);

    const ready = await fetch(`http://127.0.0.1:${listening.port as number}/readyz`);
    expect(ready.status).toBe(200);

    roster.child.kill('SIGINT');
    expect(await roster.exited).toBe(0);
    expect(await waitUntil(() => !processAlive(storePid), 5000)).toBe(true);
    expect(roster.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('even a SIGKILL of the server leaves no embedded store running', async () => {
    const roster = spawnRoster(embeddedEnv());
    const started = await roster.waitForLine((l) => l.msg === 'embedded store started');
    await roster.waitForLine((l) => l.msg === 'roster listening');
    roster.child.kill('SIGKILL');
    await roster.exited;
    expect(await waitUntil(() => !processAlive(started.pid as number), 10000)).toBe(true);
  });
});
