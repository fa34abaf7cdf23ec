import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { mountSmallFilesystem } from '../harness/filesystem';
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

  it('a PORT in use is the one-line configuration error, before the store starts (exit 2)', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const roster = spawnRoster({ ...embeddedEnv(), PORT: String(port) });
      expect(await roster.exited).toBe(2);
      expect(roster.stderr).toEqual([
        `roster: configuration error: PORT ${port} is already in use on 127.0.0.1: stop what listens there, or set PORT to a free port`,
      ]);
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      taken.close();
    }
  });

  it('a HOST that is not this machine is the one-line configuration error (exit 2)', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of the test machine.
    const roster = spawnRoster({ ...embeddedEnv(), HOST: '192.0.2.1' });
    expect(await roster.exited).toBe(2);
    expect(roster.stderr).toEqual([
      'roster: configuration error: HOST 192.0.2.1 is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses',
    ]);
  });

  it('a read-only data directory says to make ROSTER_DATA_DIR writable, before any MONGODB_URI hint', async () => {
    // A read-only tmpfs: root (which the tests run as) may write a chmod'ed directory, not a ro mount.
    const readOnly = mountSmallFilesystem(1024 * 1024, { readOnly: true });
    try {
      const roster = spawnRoster({ ...embeddedEnv(), ROSTER_DATA_DIR: readOnly.dir });
      expect(await roster.exited).toBe(1);
      const fatal = roster.lines.find((l) => l.msg === 'cannot open the store');
      const message = String(fatal?.err);
      expect(message).toContain(`ROSTER_DATA_DIR (${readOnly.dir}) is not writable (EROFS)`);
      expect(message.indexOf('make ROSTER_DATA_DIR writable')).toBeGreaterThanOrEqual(0);
      expect(message.indexOf('make ROSTER_DATA_DIR writable')).toBeLessThan(message.indexOf('MONGODB_URI'));
    } finally {
      readOnly.unmount();
    }
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
