import { SCOPES } from './tokens/token-store';
import type { Store } from '.';

export const BOOTSTRAP_TENANT = 'default';

/**
 * ROSTER_BOOTSTRAP_TOKEN (docs/contract.md): when set, tenant `default` exists and accepts this token
 * with every scope. The environment owns that token: it cannot be revoked through the API or
 * the CLI (a restart would bring it back), and a start with the variable unset or changed
 * removes the token registered from the old value. How many were removed (for the log).
 */
export async function syncBootstrapToken(store: Store, secret: string | undefined): Promise<number> {
  if (secret === undefined) return store.tokens.adoptEnvironmentToken(undefined);
  const tenant = await store.tenants.ensure(BOOTSTRAP_TENANT);
  await store.tokens.register(tenant._id, 'bootstrap', [...SCOPES], secret);
  return store.tokens.adoptEnvironmentToken(secret);
}
