import { SCOPES, type Store } from '../store';
import { flag, positionals, type Command } from './command';
import { jsonLine, SHOWN_ONCE, table } from './format';
import { OPERATOR } from './operator';

/** The token every new tenant starts with, so its admin can sign in and issue narrower ones. */
const INITIAL_TOKEN = 'initial';

export const tenantCreate: Command = {
  name: 'tenant create',
  synopsis: 'NAME [--json]',
  summary: `Create a tenant and its "${INITIAL_TOKEN}" token with every scope (the secret is shown once).`,
  options: { json: { type: 'boolean' } },
  plan(args) {
    const [name] = positionals(args, ['NAME']) as [string];
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await store.tenants.create(name);
      const token = await issueInitialToken(store, tenant._id);
      if (json) return jsonLine({ tenant: tenant.name, token: token.secret, tenantId: tenant._id });
      return [
        `Created tenant "${tenant.name}" (id ${tenant._id}).`,
        `Its "${INITIAL_TOKEN}" token, with scopes ${token.scopes.join(', ')}:`,
        `  ${token.secret}`,
        SHOWN_ONCE,
      ].join('\n');
    };
  },
};

async function issueInitialToken(store: Store, tenantId: string) {
  try {
    return await store.tokens.issue(tenantId, INITIAL_TOKEN, SCOPES, OPERATOR);
  } catch (err) {
    // A tenant nobody holds a token for is unusable, and a retry would only hear "already exists".
    await store.tenants.remove(tenantId).catch(() => undefined);
    throw err;
  }
}

export const tenantList: Command = {
  name: 'tenant list',
  synopsis: '[--json]',
  summary: 'List the tenants.',
  options: { json: { type: 'boolean' } },
  plan(args) {
    positionals(args, []);
    const json = flag(args, 'json');
    return async (store) => {
      const tenants = await store.tenants.list();
      const rows = tenants.map((t) => ({ id: t._id, name: t.name, created: t.created.toISOString() }));
      if (json) return jsonLine(rows);
      return table(
        ['NAME', 'ID', 'CREATED'],
        rows.map((r) => [r.name, r.id, r.created]),
        'No tenants yet.',
      );
    };
  },
};
