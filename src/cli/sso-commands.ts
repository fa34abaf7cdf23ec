import fs from 'node:fs';
import { readSsoSettings } from '../domain';
import { flag, positionals, requiredOption, UsageError, type Command, type CommandArgs } from './command';
import { jsonLine } from './format';
import { OPERATOR } from './operator';
import { tenantNamed } from './tenant-named';

/**
 * `roster sso set|show|clear` (contract.md, People sign in to the page). The client secret is
 * read from a file or an environment variable, never from the command line, where it would sit
 * in the shell history and in every `ps` listing; it is never printed.
 */

function clientSecretOf(args: CommandArgs): string {
  const file = args.values['client-secret-file'];
  const variable = args.values['client-secret-env'];
  if ((typeof file === 'string') === (typeof variable === 'string')) {
    throw new UsageError('give exactly one of --client-secret-file F or --client-secret-env VAR');
  }
  if (typeof file === 'string') {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      throw new UsageError(`--client-secret-file: cannot read "${file}"`);
    }
  }
  // The variable the operator named on this command line: the one env read outside src/config.
  // eslint-disable-next-line no-restricted-properties
  const value = process.env[variable as string];
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`--client-secret-env: the environment variable ${String(variable)} is not set`);
  }
  return value.trim();
}

export const ssoSet: Command = {
  name: 'sso set',
  synopsis:
    '--tenant NAME --issuer URL --client-id ID (--client-secret-file F | --client-secret-env VAR) [--email-claim email] [--json]',
  summary: "Let the account's people sign in to the page with their company IdP (OpenID Connect).",
  options: {
    tenant: { type: 'string' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-file': { type: 'string' },
    'client-secret-env': { type: 'string' },
    'email-claim': { type: 'string' },
    json: { type: 'boolean' },
  },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    positionals(args, []);
    const settings = readSsoSettings({
      issuer: requiredOption(args, 'issuer', 'URL'),
      clientId: requiredOption(args, 'client-id', 'ID'),
      clientSecret: clientSecretOf(args),
      emailClaim: args.values['email-claim'],
    });
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const sso = await store.sso.set(tenant._id, settings, OPERATOR);
      if (json) return jsonLine({ tenant: tenantName, sso });
      return `Tenant "${tenantName}" signs in with ${sso.issuer} (client ${sso.clientId}, email claim ${sso.emailClaim}).`;
    };
  },
};

export const ssoShow: Command = {
  name: 'sso show',
  synopsis: '--tenant NAME [--json]',
  summary: "Show the account's sign-in settings (never the client secret).",
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    positionals(args, []);
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const sso = await store.sso.show(tenant._id);
      if (json) return jsonLine({ tenant: tenantName, sso });
      if (!sso) return `Tenant "${tenantName}" has no company sign-in set up.`;
      return [
        `issuer       ${sso.issuer}`,
        `client id    ${sso.clientId}`,
        `secret       (set; never shown)`,
        `email claim  ${sso.emailClaim}`,
      ].join('\n');
    };
  },
};

export const ssoClear: Command = {
  name: 'sso clear',
  synopsis: '--tenant NAME [--json]',
  summary: "Remove the account's company sign-in; signed-in people stay until their session ends.",
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    positionals(args, []);
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const cleared = await store.sso.clear(tenant._id, OPERATOR);
      if (json) return jsonLine({ tenant: tenantName, cleared });
      return cleared
        ? `Tenant "${tenantName}" no longer signs in with a company IdP.`
        : `Tenant "${tenantName}" had no company sign-in set up.`;
    };
  },
};
