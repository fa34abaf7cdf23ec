import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small filesystem of its own, for the tests of a store that runs out of space or cannot write:
 * a tmpfs mounted on a fresh directory, so "disk full" is the kernel's ENOSPC and "read-only" its
 * EROFS, exactly as on an operator's volume. Mounting needs root (CAP_SYS_ADMIN), which the test
 * machines have; without it the test fails here, saying so, rather than pretending.
 */
export interface SmallFilesystem {
  readonly dir: string;
  /** Writes a file until the filesystem has no room left; returns its path. */
  fill(): string;
  unmount(): void;
}

export function mountSmallFilesystem(sizeBytes: number, opts: { readOnly?: boolean } = {}): SmallFilesystem {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-small-fs-'));
  const options = `size=${sizeBytes}${opts.readOnly ? ',ro' : ''}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`this test mounts a ${sizeBytes}-byte tmpfs and needs root to do so: ${stderr ?? err}`);
  }
  return {
    dir,
    fill() {
      const filler = path.join(dir, 'filler');
      const fd = fs.openSync(filler, 'a');
      try {
        // Big chunks first, then smaller ones, so the last few free blocks are taken too.
        for (let chunk = 1024 * 1024; chunk >= 512; chunk /= 2) {
          const bytes = Buffer.alloc(chunk, 1);
          for (;;) {
            try {
              fs.writeSync(fd, bytes);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw err;
            }
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return filler;
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
