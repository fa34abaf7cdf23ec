import { spawnRoster } from './process';

export interface CliRun {
  code: number | null;
  /** stdout, a parsed object per JSON line and `{ raw }` for any other line. */
  lines: Record<string, unknown>[];
  /** stdout as printed, for asserting what never appears in it. */
  stdout: string;
  stderr: string[];
}

/** Runs `npm run roster -- ...args` as an operator would, to completion. */
export async function cli(env: Record<string, string>, args: string[]): Promise<CliRun> {
  const run = spawnRoster(env, 'src/cli/main.ts', args);
  // 'close' comes after stdout has been read to its end; 'exit' may come before.
  const closed = new Promise((resolve) => run.child.once('close', resolve));
  const code = await run.exited;
  await closed;
  const stdout = run.lines.map((l) => (typeof l.raw === 'string' ? l.raw : JSON.stringify(l))).join('\n');
  return { code, lines: run.lines, stdout, stderr: run.stderr };
}

/** The test store's URI with its database path replaced: the CLI's database is the URI's path. */
export function withDatabase(uri: string, dbName: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${dbName}`);
}
