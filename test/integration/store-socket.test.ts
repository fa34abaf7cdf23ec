import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Schema } from 'mongoose';
import { connectStore, runningStoreUriFile } from '../../src/store';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import {
  MAX_SOCKET_PATH_BYTES,
  startFerretdb,
  storeSocketPath,
} from '../../src/store/embedded/ferretdb-process';
import { silentLog } from '../harness/store';

/**
 * The embedded store is reached over a Unix-domain socket that only Roster's user can open,
 * which is gone when the store stops; a data directory too deep for a socket path gets TCP.
 */
describe('embedded store transport', () => {
  let binary: string;
  let dataDir: string;

  beforeAll(async () => {
    binary = process.env.ROSTER_TEST_FERRETDB_BIN ?? (await ensureFerretdbBinary(silentLog));
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-sock-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const noteSchema = new Schema({ _id: String, text: String }, { versionKey: false });

  it('listens on a socket in a 0700 directory, serves through it, and removes it on stop', async () => {
    const server = await startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000 });
    const socket = storeSocketPath(dataDir);
    try {
      expect(server.uri).toBe(`mongodb://${encodeURIComponent(socket)}/`);
      expect(fs.readFileSync(runningStoreUriFile(dataDir), 'utf8')).toBe(server.uri);
      const stat = fs.statSync(socket);
      expect(stat.isSocket()).toBe(true);
      // No group or other bit: only the owner can connect.
      expect(stat.mode & 0o077).toBe(0);
      expect(fs.statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);

      const store = await connectStore({ uri: server.uri, dbName: 'socket', log: silentLog });
      try {
        await store.connection.model('Note', noteSchema).create({ _id: 'n1', text: 'over the socket' });
        const found = await store.connection.model('Note', noteSchema).findById('n1').lean();
        expect(found).toEqual({ _id: 'n1', text: 'over the socket' });
      } finally {
        await store.connection.close();
      }
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(socket)).toBe(false);
    expect(fs.existsSync(runningStoreUriFile(dataDir))).toBe(false);
  });

  it('starts again after a kill left its socket behind, on the same socket', async () => {
    const first = await startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000 });
    const socket = storeSocketPath(dataDir);
    process.kill(first.pid!, 'SIGKILL');
    await first.exited;
    // What a killed Roster (no exit handler) would leave: a file where the socket was.
    fs.writeFileSync(socket, '');

    const second = await startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000 });
    try {
      expect(second.uri).toBe(first.uri);
      expect(fs.statSync(socket).isSocket()).toBe(true);
      const store = await connectStore({ uri: second.uri, dbName: 'socket', log: silentLog });
      await store.connection.close();
    } finally {
      await second.stop();
    }
  });

  it('falls back to TCP on 127.0.0.1, and says so, when the socket path is too long', async () => {
    const deep = path.join(dataDir, 'd'.repeat(MAX_SOCKET_PATH_BYTES));
    const lines: Array<{ msg: string; socket?: string }> = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()) as { msg: string; socket?: string });
          done();
        },
      }),
    );
    const server = await startFerretdb({ binary, dataDir: deep, log, timeoutMs: 30000 });
    try {
      expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: expect.stringMatching(/too long; listening on TCP/) }),
      );
      expect(fs.existsSync(storeSocketPath(deep))).toBe(false);
      const store = await connectStore({ uri: server.uri, dbName: 'socket', log: silentLog });
      await store.connection.close();
    } finally {
      await server.stop();
    }
  });
});
