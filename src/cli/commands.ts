import { parseArgs } from 'node:util';
import { SCOPES } from '../store';
import { UsageError, type Command, type Task } from './command';
import { check, ownerSet, policySet } from './account-commands';
import { tenantCreate, tenantList } from './tenant-commands';
import { tokenCreate, tokenList, tokenRevoke } from './token-commands';

export const COMMANDS: readonly Command[] = [
  tenantCreate,
  tenantList,
  tokenCreate,
  tokenList,
  tokenRevoke,
  ownerSet,
  policySet,
  check,
];

/** What a command line asks for: the usage text (with the exit code it warrants) or a task. */
export type Invocation =
  | { readonly kind: 'usage'; readonly exitCode: 0 | 2 }
  | { readonly kind: 'task'; readonly command: Command; readonly task: Task };

/** Reads `GROUP COMMAND [args]`; throws UsageError for a line that names no command or misuses one. */
export function interpret(argv: readonly string[]): Invocation {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help')
    return { kind: 'usage', exitCode: 0 };
  if (argv.length === 0) return { kind: 'usage', exitCode: 2 };
  const command = COMMANDS.find((c) => argv.slice(0, c.name.split(' ').length).join(' ') === c.name);
  if (!command) throw new UsageError(`unknown command "${argv.slice(0, 2).join(' ')}"`);
  const rest = argv.slice(command.name.split(' ').length);
  return { kind: 'task', command, task: command.plan(parse(command, rest)) };
}

function parse(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util reports a misused option as a TypeError with an ERR_PARSE_ARGS_* code.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(`${command.name}: ${firstSentence((err as Error).message)}`);
    }
    throw err;
  }
}

/** node:util's messages go on to explain `--` escaping, which is noise on one line. */
function firstSentence(message: string): string {
  return message.split(/\.\s|\n/)[0] ?? message;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run --silent roster -- COMMAND [ARGS]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [
      `  ${c.name.padEnd(width)}  ${c.synopsis}`,
      `  ${''.padEnd(width)}  ${c.summary}`,
    ]),
    '',
    `Scopes: ${SCOPES.join(', ')}.`,
    'Store: MONGODB_URI when set; else the server running on ROSTER_DATA_DIR (default ./data),',
    'or, with no server running there, the embedded store started for the command and stopped after it.',
    'Logs go to stderr (LOG_LEVEL, default warn for the CLI); --json output is the only stdout line.',
    'Exit codes: 0 done, 1 the command failed, 2 usage or configuration error.',
  ].join('\n');
}
