import { RosterError } from '../../../src/domain/errors';
import { UsageError } from '../../../src/cli/command';
import { interpret } from '../../../src/cli/commands';
import { table } from '../../../src/cli/format';

describe('interpreting the command line (before any store is opened)', () => {
  it('finds the command and leaves the work for later', () => {
    const invocation = interpret(['tenant', 'create', 'acme', '--json']);
    expect(invocation).toMatchObject({ kind: 'task', command: { name: 'tenant create' } });
  });

  it('answers --help anywhere with usage (exit 0), and no command with usage (exit 2)', () => {
    expect(interpret(['token', 'list', '--help'])).toEqual({ kind: 'usage', exitCode: 0 });
    expect(interpret([])).toEqual({ kind: 'usage', exitCode: 2 });
  });

  it.each([
    [['tenant', 'delete', 'acme'], /unknown command "tenant delete"/],
    [['tenant', 'create'], /missing NAME/],
    [['tenant', 'create', 'a', 'b'], /unexpected argument "b"/],
    [['tenant', 'create', 'a', '--tenant', 'b'], /Unknown option '--tenant'/],
    [['token', 'create', '--tenant', 'a', '--scopes', 'admin'], /missing --name TOKEN_NAME/],
    [['token', 'revoke', 'id-1'], /missing --tenant NAME/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => interpret(argv)).toThrow(UsageError);
    expect(() => interpret(argv)).toThrow(message);
  });

  it('refuses an unknown scope before connecting, naming the valid ones', () => {
    const argv = ['token', 'create', '--tenant', 'a', '--name', 'n', '--scopes', 'scim:read, root'];
    expect(() => interpret(argv)).toThrow(RosterError);
    expect(() => interpret(argv)).toThrow(/root.*scim:read, scim:write, admin/);
  });
});

describe('table', () => {
  it('aligns columns and says so when there are no rows', () => {
    expect(
      table(
        ['ID', 'NAME'],
        [
          ['1', 'initial'],
          ['22', 'ci'],
        ],
        'none',
      ),
    ).toBe('ID  NAME\n1   initial\n22  ci');
    expect(table(['ID'], [], 'No tokens.')).toBe('No tokens.');
  });
});
