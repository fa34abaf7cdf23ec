import { insertDocument } from '../insert';
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor, RosterError } from '../../domain';
import type { Clock } from '../clock';
import type { StoreObserver } from '../observer';
import type { TenantModel } from '../tenant-databases';

export type AuditAction =
  | 'create'
  | 'update'
  | 'deactivate'
  | 'reactivate'
  | 'delete'
  | 'manager-change'
  | 'owner-transfer'
  | 'token-issue'
  | 'token-revoke'
  | 'pending-cancel'
  | 'sso-set'
  | 'sso-clear';

/**
 * On the row of a pending deactivation carried out (or refused by I3 when Roster tried): the
 * original request, and the change that ended its block.
 */
export interface PendingCompletionNote {
  requestedBy: string;
  channel: Actor['channel'];
  requestedAt: Date;
  lastRequestedAt: Date;
  attempts: number;
  /** Absent on a cancellation. */
  unblockedBy?: Unblocking;
}

/** The write that ended a pending deactivation's block: who, how, and to whom. */
export interface Unblocking {
  actor: string;
  channel: Actor['channel'];
  /** What that write did (`manager-change`, `deactivate`, `delete`, `owner-transfer`, `update`, `repair`). */
  action: string;
  user: { id: string; userName: string } | null;
}

/** One lifecycle change or refusal: who (token name), when, through which channel, to whom, and the outcome. */
export interface AuditEvent {
  _id: string;
  tenantId: string;
  at: Date;
  /** A token's name, or the person signed in to the page who made the change. */
  actor: string | { type: 'user'; id: string; userName: string };
  channel: Actor['channel'];
  action: AuditAction;
  userId: string | null;
  userName: string | null;
  outcome: 'applied' | 'refused';
  /** For refusals: the RosterError kind and the detail the client was given. */
  kind?: string;
  detail?: string;
  /** For token actions: which token (never its secret). */
  token?: { id: string; name: string };
  /** For company sign-in changes: the IdP and client now set (never the client secret). */
  sso?: { issuer: string; clientId: string } | null;
  pendingDeactivation?: PendingCompletionNote;
}

/**
 * An event as GET /api/v1/audit serves it: the contract's keys (`time`, `user`; docs/contract.md,
 * Audit event shape). The stored rows keep `at`/`userId`/`userName` so the rows already written
 * and their indexes stay valid; this is the one place that translates them.
 */
export interface AuditEntry {
  id: string;
  /** ISO 8601. */
  time: string;
  actor: AuditEvent['actor'];
  channel: AuditEvent['channel'];
  action: AuditAction;
  /** Whom the event is about; both null for events about no user (token actions). */
  user: { id: string | null; userName: string | null };
  outcome: AuditEvent['outcome'];
  kind?: string;
  detail?: string;
  token?: { id: string; name: string };
  pendingDeactivation?: PendingCompletionNote;
}

export function auditEntryOf(event: AuditEvent): AuditEntry {
  const { _id, tenantId: _tenant, at, userId, userName, ...rest } = event;
  return { id: _id, time: new Date(at).toISOString(), ...rest, user: { id: userId, userName } };
}

const auditSchema = new Schema<AuditEvent>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'audit_events', autoIndex: false },
);
auditSchema.index({ tenantId: 1, userId: 1, at: -1 });
auditSchema.index({ tenantId: 1, at: -1 });

/**
 * The audit trail. Every row is written by a store operation (the user writes, the owner
 * transfer, deactivate-a-manager, the spreadsheet, token issue and revoke), never by an adapter,
 * so every channel — SCIM, admin API, CSV, CLI — audits alike. A refusal's row and its count
 * (`observer.refused`) are written in one place.
 */
/** The `audit_events` collection of a database (a tenant's own on FerretDB: tenant-databases.ts). */
export function auditModel(connection: Connection): Model<AuditEvent> {
  return (connection.models.AuditEvent ?? connection.model('AuditEvent', auditSchema)) as Model<AuditEvent>;
}

/** The user of an event about no user (token and sign-in changes). */
const NO_USER = { id: null, userName: null };

export function auditLog(events: TenantModel<AuditEvent>, deps: { now: Clock; observer: StoreObserver }) {
  async function record(
    tenantId: string,
    actor: Actor,
    action: AuditAction,
    user: { id: string | null; userName: string | null },
    outcome: AuditEvent['outcome'],
    notes: {
      error?: RosterError | undefined;
      token?: AuditEvent['token'];
      pending?: PendingCompletionNote | undefined;
      sso?: AuditEvent['sso'];
    } = {},
  ): Promise<void> {
    const { error, token, pending } = notes;
    const event: AuditEvent = {
      _id: randomUUID(),
      tenantId,
      at: deps.now(),
      actor: actor.person
        ? { type: 'user', id: actor.person.id, userName: actor.person.userName }
        : actor.tokenName,
      channel: actor.channel,
      action,
      userId: user.id,
      userName: user.userName,
      outcome,
      ...(error ? { kind: error.kind, detail: error.detail } : {}),
      ...(token ? { token } : {}),
      ...(pending ? { pendingDeactivation: pending } : {}),
      ...(notes.sso !== undefined ? { sso: notes.sso } : {}),
    };
    await insertDocument(await events(tenantId), event);
  }

  return {
    applied: (
      tenantId: string,
      actor: Actor,
      action: AuditAction,
      user: { id: string; userName: string },
      pending?: PendingCompletionNote,
    ) => record(tenantId, actor, action, user, 'applied', { pending }),
    refused: (
      tenantId: string,
      actor: Actor,
      action: AuditAction,
      user: { id: string | null; userName: string | null },
      error: RosterError,
      pending?: PendingCompletionNote,
    ) => {
      deps.observer.refused(error.kind);
      return record(tenantId, actor, action, user, 'refused', { error, pending });
    },
    /** A token issued or revoked: who did it, and which token. */
    tokenChanged: (
      tenantId: string,
      actor: Actor,
      action: 'token-issue' | 'token-revoke',
      token: { id: string; name: string },
    ) => record(tenantId, actor, action, NO_USER, 'applied', { token: { id: token.id, name: token.name } }),

    /** A change to the account's company sign-in: `settings` as set now, null when cleared. */
    ssoChanged: (tenantId: string, actor: Actor, settings: { issuer: string; clientId: string } | null) =>
      record(tenantId, actor, settings ? 'sso-set' : 'sso-clear', NO_USER, 'applied', {
        sso: settings && { issuer: settings.issuer, clientId: settings.clientId },
      }),

    /** Newest first, in the contract's shape. */
    async list(tenantId: string, opts: { userId?: string; limit: number }): Promise<AuditEntry[]> {
      const query: Record<string, unknown> = { tenantId: { $eq: tenantId } };
      if (opts.userId) query.userId = { $eq: opts.userId };
      const found = await (
        await events(tenantId)
      )
        .find(query)
        .sort({ at: -1, _id: -1 })
        .limit(opts.limit)
        .lean<AuditEvent[]>();
      return found.map(auditEntryOf);
    },
  };
}

export type AuditLog = ReturnType<typeof auditLog>;
