import { ConfigError, loadConfig } from '../config';
import { isRosterError } from '../domain';
import { EmbeddedStoreUnavailable, type Store } from '../store';
import { UsageError } from './command';
import { interpret, usage } from './commands';
import { openCliStore } from './connect';
import { cliLogger } from './log';

/**
 * `npm run roster -- COMMAND`: the operator CLI. The only place in src/cli that reads the
 * environment or sets the exit code: 0 done, 1 the command failed, 2 usage or configuration error.
 */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let store: Store | undefined;
  try {
    const invocation = interpret(argv);
    if (invocation.kind === 'usage') {
      process.stdout.write(`${usage()}\n`);
      return invocation.exitCode;
    }
    const config = loadConfig(env);
    store = await openCliStore(config, cliLogger(env.LOG_LEVEL ? config.logLevel : undefined));
    const result = await invocation.task(store);
    const { output, exitCode } =
      typeof result === 'string' ? { output: result, exitCode: 0 as const } : result;
    process.stdout.write(`${output}\n`);
    return exitCode;
  } catch (err) {
    return report(err);
  } finally {
    // Always, so an embedded store started for this command never outlives it.
    await store?.close().catch((err: Error) => say(`closing the store failed: ${err.message}`));
  }
}

/** One line on stderr for what an operator can act on; a stack trace only for a bug. */
function report(err: unknown): 1 | 2 {
  if (err instanceof UsageError) {
    say(`${err.message} (see npm run --silent roster -- --help)`);
    return 2;
  }
  if (err instanceof ConfigError) {
    say(`configuration error: ${err.message}`);
    return 2;
  }
  if (isRosterError(err)) {
    say(err.detail);
    return 1;
  }
  if (err instanceof EmbeddedStoreUnavailable || (err instanceof Error && err.name.startsWith('Mongo'))) {
    say(err.message);
    return 1;
  }
  process.stderr.write(
    `roster: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 1;
}

function say(message: string): void {
  process.stderr.write(`roster: ${message.trim().replace(/\s*\n\s*/g, ' | ')}\n`);
}

void main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
