import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { connectStore } from '../../src/store';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import { startFerretdb } from '../../src/store/embedded/ferretdb-process';
import { silentLog } from '../harness/store';

/** The embedded store keeps its data across restarts, and its data directory has one owner. */
describe('embedded store (FerretDB on SQLite)', () => {
  let dataDir: string;
  let binary: string;

  beforeAll(async () => {
    binary = process.env.ROSTER_TEST_FERRETDB_BIN ?? (await ensureFerretdbBinary(silentLog));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-restart-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = () => startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000 });

  it('reads back through mongoose after a restart what it wrote before', async () => {
    const noteSchema = new Schema({ _id: String, text: String }, { versionKey: false });

    const first = await start();
    const store = await connectStore({ uri: first.uri, dbName: 'restart', log: silentLog });
    expect(store.capabilities).toMatchObject({
      engine: 'ferretdb',
      atomicUpdates: false,
      idOnlyFilters: true,
      elemMatch: false,
    });
    await store.close();
    // A connection of the test's own: what is under test is the engine keeping a document.
    const before = await mongoose.createConnection(first.uri, { dbName: 'restart' }).asPromise();
    await before.model('Note', noteSchema).create({ _id: 'n1', text: 'kept' });
    await before.close();
    await first.stop();

    const second = await start();
    const after = await mongoose.createConnection(second.uri, { dbName: 'restart' }).asPromise();
    try {
      const found = await after.model('Note', noteSchema).findById('n1').lean();
      expect(found).toEqual({ _id: 'n1', text: 'kept' });
    } finally {
      await after.close();
      await second.stop();
    }
  });

  it('refuses a second server on a data directory already in use', async () => {
    const owner = await start();
    try {
      await expect(start()).rejects.toThrow(/in use by another Roster process/);
    } finally {
      await owner.stop();
    }
  });
});
