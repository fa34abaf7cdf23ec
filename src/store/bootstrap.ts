import { SCOPES } from './tokens/token-store';
import type { Store } from '.';

export const BOOTSTRAP_TENANT = 'default';

/** ROSTER_BOOTSTRAP_TOKEN: tenant `default` exists and accepts this token with every scope (docs/contract.md). */
export async function ensureBootstrapTenant(store: Store, secret: string): Promise<void> {
  const tenant = await store.tenants.ensure(BOOTSTRAP_TENANT);
  await store.tokens.register(tenant._id, 'bootstrap', [...SCOPES], secret);
}
