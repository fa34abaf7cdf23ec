import { RosterError } from '../domain';
import { parseScopes } from '../store';
import { flag, positionals, requiredOption, type Command } from './command';
import { jsonLine, SHOWN_ONCE, table } from './format';
import { OPERATOR } from './operator';
import { tenantNamed } from './tenant-named';

export const tokenCreate: Command = {
  name: 'token create',
  synopsis: '--tenant NAME --name TOKEN_NAME --scopes SCOPE[,SCOPE...] [--json]',
  summary: 'Issue a token to a tenant (the secret is shown once).',
  options: {
    tenant: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string' },
    json: { type: 'boolean' },
  },
  plan(args) {
    positionals(args, []);
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    const name = requiredOption(args, 'name', 'TOKEN_NAME');
    const scopes = parseScopes(
      requiredOption(args, 'scopes', 'SCOPE[,SCOPE...]')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const token = await store.tokens.issue(tenant._id, name, scopes, OPERATOR);
      if (json)
        return jsonLine({ id: token.id, name: token.name, scopes: token.scopes, token: token.secret });
      return [
        `Created token "${token.name}" (id ${token.id}) for tenant "${tenant.name}", with scopes ${token.scopes.join(', ')}:`,
        `  ${token.secret}`,
        SHOWN_ONCE,
      ].join('\n');
    };
  },
};

export const tokenList: Command = {
  name: 'token list',
  synopsis: '--tenant NAME [--json]',
  summary: "List a tenant's tokens (never their secrets).",
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  plan(args) {
    positionals(args, []);
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      // Field by field: what an operator may see of a token, whatever else the store adds to it.
      const rows = (await store.tokens.list(tenant._id)).map((t) => ({
        id: t.id,
        name: t.name,
        scopes: t.scopes,
        created: t.created.toISOString(),
      }));
      if (json) return jsonLine(rows);
      return table(
        ['ID', 'NAME', 'SCOPES', 'CREATED'],
        rows.map((r) => [r.id, r.name, r.scopes.join(','), r.created]),
        `Tenant "${tenant.name}" has no tokens.`,
      );
    };
  },
};

export const tokenRevoke: Command = {
  name: 'token revoke',
  synopsis: '--tenant NAME ID [--json]',
  summary: 'Revoke a token by its id; it stops working at once, on every server.',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  plan(args) {
    const [id] = positionals(args, ['ID']) as [string];
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      if (!(await store.tokens.revoke(tenant._id, id, OPERATOR))) {
        throw new RosterError('not-found', `Tenant "${tenant.name}" has no token with id "${id}".`);
      }
      return json ? jsonLine({ revoked: id }) : `Revoked token ${id} of tenant "${tenant.name}".`;
    };
  },
};
