import fs from 'node:fs';
import type { EmbeddedServer } from '../../src/store/embedded/embedded-server';

export default async function globalTeardown(): Promise<void> {
  const held = (globalThis as { rosterTestStore?: { server: EmbeddedServer; dataDir: string } })
    .rosterTestStore;
  if (!held) return;
  await held.server.stop();
  fs.rmSync(held.dataDir, { recursive: true, force: true });
}
