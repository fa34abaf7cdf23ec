import { RosterError } from '../domain';
import type { Store, Tenant } from '../store';

/** The tenant an operator named with `--tenant`; not-found (exit 1) says which name it was. */
export async function tenantNamed(store: Store, name: string): Promise<Tenant> {
  const tenant = await store.tenants.byName(name);
  if (!tenant) throw new RosterError('not-found', `No tenant named "${name}".`);
  return tenant;
}
