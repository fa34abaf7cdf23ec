import type { ParseArgsConfig } from 'node:util';
import type { Store } from '../store';

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** The arguments after `GROUP COMMAND`, as node:util parseArgs returns them. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** The work a command does once its store is open: the text for stdout, and an exit code when not 0. */
export type Task = (store: Store) => Promise<string | { output: string; exitCode: 0 | 1 }>;

export interface Command {
  /** `GROUP COMMAND`, as typed: `tenant create`. */
  readonly name: string;
  /** What follows the name in the usage text. */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: CommandOptions;
  /**
   * Checks the arguments and returns the task. It runs before any store is opened, so a mistake
   * is reported at once rather than after the embedded store has started.
   */
  plan(args: CommandArgs): Task;
}

/** A command line that can't be run as typed: exit 2, like a configuration error. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

export function requiredOption(args: CommandArgs, name: string, placeholder: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`missing --${name} ${placeholder}`);
  }
  return value.trim();
}

/** The positional arguments, exactly as many as `labels` names. */
export function positionals(args: CommandArgs, labels: readonly string[]): string[] {
  if (args.positionals.length < labels.length) {
    throw new UsageError(`missing ${labels.slice(args.positionals.length).join(' ')}`);
  }
  if (args.positionals.length > labels.length) {
    throw new UsageError(`unexpected argument "${args.positionals[labels.length]}"`);
  }
  return [...args.positionals];
}
