import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor, SsoSettings } from '../../domain';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';

/**
 * An account's sign-in settings, one document per tenant (`_id` is the tenant id). The client
 * secret is stored as given: Roster must send it to the IdP, so a hash won't do, and a key kept
 * beside the store protects nothing the store's own access control doesn't. What Roster
 * guarantees is that it never leaves: `show` has no secret, only whether one is set, and no log
 * line carries settings.
 */
interface SsoDocument extends SsoSettings {
  _id: string;
  updated: Date;
}

/** The settings as shown to an operator or admin: everything but the secret. */
export interface SsoView {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSet: true;
  readonly emailClaim: string;
  readonly updated: Date;
}

const ssoSchema = new Schema<SsoDocument>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'sso_settings', autoIndex: false },
);

export function ssoStore(connection: Connection, deps: { audit: Pick<AuditLog, 'ssoChanged'>; now: Clock }) {
  const settings = (connection.models.SsoSettings ??
    connection.model('SsoSettings', ssoSchema)) as Model<SsoDocument>;
  const byTenant = (tenantId: string) =>
    settings.collection.findOne({ _id: { $eq: tenantId } } as never) as Promise<SsoDocument | null>;

  return {
    async show(tenantId: string): Promise<SsoView | null> {
      const doc = await byTenant(tenantId);
      return doc
        ? {
            issuer: doc.issuer,
            clientId: doc.clientId,
            clientSecretSet: true,
            emailClaim: doc.emailClaim,
            updated: doc.updated,
          }
        : null;
    },

    /** With the secret: for the sign-in flow only. */
    async forSignIn(tenantId: string): Promise<SsoSettings | null> {
      const doc = await byTenant(tenantId);
      return doc
        ? {
            issuer: doc.issuer,
            clientId: doc.clientId,
            clientSecret: doc.clientSecret,
            emailClaim: doc.emailClaim,
          }
        : null;
    },

    /** Sets them and audits the change (the IdP and client, never the secret). */
    async set(tenantId: string, value: SsoSettings, actor: Actor): Promise<SsoView> {
      const doc: SsoDocument = { _id: tenantId, ...value, updated: deps.now() };
      await settings.collection.replaceOne({ _id: { $eq: tenantId } } as never, doc, { upsert: true });
      await deps.audit.ssoChanged(tenantId, actor, value);
      return (await this.show(tenantId))!;
    },

    /** True when there were settings to clear; a clear that cleared something is audited. */
    async clear(tenantId: string, actor: Actor): Promise<boolean> {
      const result = await settings.collection.deleteOne({ _id: { $eq: tenantId } } as never);
      if (result.deletedCount === 0) return false;
      await deps.audit.ssoChanged(tenantId, actor, null);
      return true;
    },
  };
}

export type SsoStore = ReturnType<typeof ssoStore>;
