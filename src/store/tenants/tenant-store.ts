import { insertDocument } from '../insert';
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { DEFAULT_TENANT_POLICY, type TenantPolicy, RosterError } from '../../domain';
import type { Clock } from '../clock';

/** An account: owns users, groups, tokens, a policy and one primary owner. */
export interface TenantDocument {
  _id: string;
  name: string;
  /** The primary owner's user id (I2); the user document carries `primaryOwner: true` too. */
  ownerId: string | null;
  policy: { requiredFields: string[] };
  created: Date;
}

export type Tenant = Readonly<TenantDocument>;

const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

const tenantSchema = new Schema<TenantDocument>(
  {
    _id: String,
    name: { type: String, required: true, unique: true },
    ownerId: { type: String, default: null },
    policy: { requiredFields: [String] },
    created: Date,
  },
  { versionKey: false, collection: 'tenants' },
);

/**
 * How long `cached` trusts a tenant read from the store. What writes decide from it (owner and
 * required fields) is either re-checked by the write itself (I2: the owner flag on the user is a
 * condition of the update) or confirmed by a fresh read before a refusal (user-writes.ts), so a
 * change made by another process is seen within this bound at worst, and this process's own at once.
 */
export const TENANT_CACHE_MS = 2_000;

export function tenantStore(connection: Connection, deps: { now: Clock }) {
  const tenants: Model<TenantDocument> =
    connection.models.Tenant ?? connection.model<TenantDocument>('Tenant', tenantSchema);
  const nowMs = () => deps.now().getTime();
  const cache = new Map<string, { tenant: Tenant | null; readAt: number }>();

  return {
    /** Every tenant, by name (the CLI's `tenant list`). */
    async list(): Promise<Tenant[]> {
      return tenants.find().sort({ name: 1 }).lean<TenantDocument[]>();
    },

    /**
     * Deletes the tenant's own document only; its users, groups and tokens are not touched. For a
     * tenant just created and still empty: `tenant create` taking back one it could not give a token.
     */
    async remove(id: string): Promise<void> {
      await tenants.deleteOne({ _id: { $eq: id } });
    },

    async create(name: string): Promise<Tenant> {
      if (!TENANT_NAME.test(name)) {
        throw new RosterError(
          'invalid-value',
          `Tenant name "${name}" must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit.`,
        );
      }
      const doc: TenantDocument = {
        _id: randomUUID(),
        name,
        ownerId: null,
        policy: { requiredFields: [...DEFAULT_TENANT_POLICY.requiredFields] },
        created: deps.now(),
      };
      try {
        await insertDocument(tenants, doc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) {
          throw new RosterError('uniqueness', `Tenant "${name}" already exists.`);
        }
        throw err;
      }
      return doc;
    },

    /** The tenant named `name`, created when missing (the bootstrap tenant). */
    async ensure(name: string): Promise<Tenant> {
      const existing = await this.byName(name);
      if (existing) return existing;
      try {
        return await this.create(name);
      } catch (err) {
        if (err instanceof RosterError && err.kind === 'uniqueness') return (await this.byName(name))!;
        throw err;
      }
    },

    async byName(name: string): Promise<Tenant | null> {
      return tenants.findOne({ name: { $eq: name } }).lean<TenantDocument>();
    },

    async byId(id: string): Promise<Tenant | null> {
      const tenant = await tenants.findById(id).lean<TenantDocument>();
      cache.set(id, { tenant, readAt: nowMs() });
      return tenant;
    },

    /** `byId`, served from memory for up to TENANT_CACHE_MS after the last read here. */
    async cached(id: string): Promise<{ tenant: Tenant | null; fresh: boolean }> {
      const hit = cache.get(id);
      const at = nowMs();
      if (hit && at - hit.readAt < TENANT_CACHE_MS && at >= hit.readAt)
        return { tenant: hit.tenant, fresh: false };
      return { tenant: await this.byId(id), fresh: true };
    },

    /** Drops the cached copy: the next `cached` reads the store. */
    forget(id: string): void {
      cache.delete(id);
    },

    async policy(id: string): Promise<TenantPolicy> {
      const tenant = await this.byId(id);
      return { requiredFields: tenant?.policy.requiredFields ?? [...DEFAULT_TENANT_POLICY.requiredFields] };
    },

    async setRequiredFields(id: string, requiredFields: string[]): Promise<void> {
      cache.delete(id);
      await tenants.updateOne({ _id: id }, { $set: { 'policy.requiredFields': requiredFields } });
      cache.delete(id);
    },

    async setOwnerId(id: string, ownerId: string | null): Promise<void> {
      cache.delete(id);
      await tenants.updateOne({ _id: id }, { $set: { ownerId } });
      cache.delete(id);
    },
  };
}

export type TenantStore = ReturnType<typeof tenantStore>;
