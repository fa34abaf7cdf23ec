import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import {
  firstRequest,
  pendingBlock,
  RosterError,
  type Actor,
  type PendingAction,
  type PendingBlock,
} from '../../domain';
import type { PendingCompletionNote, Unblocking } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { TenantDocuments } from '../tenant-documents';
import type { TenantStore } from '../tenants/tenant-store';
import type { WriteLane } from '../write-lane';
import { isActiveReportOf } from './reporting-line';
import type { StoredPendingDeactivation, UserDocument } from './user-document';
import type { AuditTrail } from './user-writes';

/** A pending deactivation as GET /api/v1/pending-deactivations lists it. */
export interface PendingView {
  user: { id: string; userName: string; displayName: string | null };
  action: PendingAction;
  requestedBy: string;
  channel: Actor['channel'];
  requestedAt: Date;
  lastRequestedAt: Date;
  attempts: number;
  /** null: nothing blocks it any more (a crash came in between; `roster check --repair` finishes it). */
  blockedBy: PendingBlock | null;
  /** Every active direct report (blockedBy names a few): what the Deactivate a Manager step needs. */
  reports: { id: string; userName: string }[];
}

/** A write carrying out a pending request: which one, and what ended its block. */
export interface Completing {
  pending: StoredPendingDeactivation;
  unblockedBy: Unblocking;
}

/**
 * Pending deactivations (docs/contract.md "Pending deactivations"), kept on the user's own document
 * under `pendingDeactivation`: one field of one document, so there is never a second record, and
 * carrying one out is the guard's own conditional write of that document (user-writes.ts), which
 * also names the request (`requestId`) — so it happens once, whichever process gets there first.
 *
 * This is the side the writes use, built from the writes' own deps (documents, trail, store
 * clock): in a dry run they are the snapshot and a trail that records nothing, so recording a
 * request or marking it incomplete there writes nothing for real (dry-run.ts).
 */
const PENDING = 'pendingDeactivation.requestId';

export function pendingRequests(deps: {
  docs: TenantDocuments<UserDocument>;
  audit: AuditTrail;
  now: Clock;
}) {
  const { docs, audit, now } = deps;

  /**
   * Records a refused request, or counts a repeat. Each step is one conditional update of the
   * user's document (atomic on MongoDB; on FerretDB the caller holds the tenant's write lane): a
   * repeat increments the existing record; only a user without one gets a fresh record. A delete
   * after a deactivation makes the request a delete (it asks for more); the reverse keeps it one.
   */
  async function record(
    tenantId: string,
    userId: string,
    action: PendingAction,
    actor: Actor,
  ): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const at = now();
      const repeated = await docs.update(
        tenantId,
        userId,
        { [PENDING]: { $exists: true } },
        {
          $inc: { 'pendingDeactivation.attempts': 1 },
          $set: {
            'pendingDeactivation.lastRequestedAt': at,
            ...(action === 'delete' ? { 'pendingDeactivation.action': 'delete' } : {}),
          },
        },
      );
      if (repeated) return;
      const fresh: StoredPendingDeactivation = {
        ...firstRequest(action, actor, at),
        requestId: randomUUID(),
      };
      if (
        await docs.update(
          tenantId,
          userId,
          { pendingDeactivation: { $exists: false } },
          { $set: { pendingDeactivation: fresh } },
        )
      )
        return;
    }
  }

  /**
   * I3 refused carrying the request out: it stays pending, showing the attributes the profile
   * needs; true when this is news (the audit records it once, not at every attempt).
   */
  async function markIncomplete(
    tenantId: string,
    user: UserDocument,
    completing: Completing,
    error: RosterError,
  ): Promise<void> {
    const missing = ((error.data?.missing as string[] | undefined) ?? []).slice();
    const before = completing.pending.missing ?? [];
    if (before.length === missing.length && before.every((m, i) => m === missing[i])) return;
    const marked = await docs.update(
      tenantId,
      user._id,
      { [PENDING]: completing.pending.requestId },
      { $set: { 'pendingDeactivation.missing': missing } },
    );
    if (marked) {
      await audit.refused(
        tenantId,
        requesterOf(completing.pending),
        completing.pending.action,
        { id: user._id, userName: user.userName },
        error,
        noteOf(completing.pending, completing.unblockedBy),
      );
    }
  }

  return { record, markIncomplete };
}

export type PendingRequests = ReturnType<typeof pendingRequests>;

/**
 * The store's side of pending deactivations: the list with what blocks each, an admin's audited
 * cancellation, and every tenant's totals for the metrics.
 */
export function pendingDeactivations(deps: {
  users: Model<UserDocument>;
  docs: TenantDocuments<UserDocument>;
  tenants: Pick<TenantStore, 'byId'>;
  audit: AuditTrail;
  lane: WriteLane;
}) {
  const { users, docs, tenants, audit, lane } = deps;

  /** DELETE /api/v1/pending-deactivations/{userId}: an admin withdraws the request (audited). */
  async function cancel(tenantId: string, userId: string, actor: Actor): Promise<void> {
    return lane.run(tenantId, async () => {
      const user = await docs.get(tenantId, userId);
      const pending = user?.pendingDeactivation;
      if (!user || !pending) {
        throw new RosterError('not-found', `User ${userId} has no pending deactivation.`);
      }
      const cleared = await docs.update(
        tenantId,
        userId,
        { [PENDING]: pending.requestId },
        { $unset: { pendingDeactivation: '' } },
      );
      if (!cleared) throw new RosterError('not-found', `User ${userId} has no pending deactivation.`);
      await audit.applied(
        tenantId,
        actor,
        'pending-cancel',
        { id: userId, userName: user.userName },
        noteOf(pending, null),
      );
    });
  }

  /** The tenant's pending deactivations, newest request first, each with what blocks it now. */
  async function list(tenantId: string): Promise<PendingView[]> {
    const pending = await users
      .find({ tenantId: { $eq: tenantId }, [PENDING]: { $exists: true } })
      .lean<UserDocument[]>()
      .exec();
    pending.sort(
      (a, b) =>
        b.pendingDeactivation!.requestedAt.getTime() - a.pendingDeactivation!.requestedAt.getTime() ||
        a._id.localeCompare(b._id),
    );
    const ownerId = (await tenants.byId(tenantId))?.ownerId ?? null;
    const views: PendingView[] = [];
    for (const user of pending) {
      const p = user.pendingDeactivation!;
      const reports = await backedReports(user);
      views.push({
        user: { id: user._id, userName: user.userName, displayName: user.displayName ?? null },
        action: p.action,
        requestedBy: p.requestedBy,
        channel: p.channel,
        requestedAt: p.requestedAt,
        lastRequestedAt: p.lastRequestedAt,
        attempts: p.attempts,
        blockedBy: pendingBlock({
          isOwner: user._id === ownerId || user.primaryOwner,
          activeReports: reports,
          missing: p.missing,
        }),
        reports,
      });
    }
    return views;
  }

  /** The user's active direct reports per the ledger, each confirmed by the report's own document. */
  async function backedReports(user: UserDocument) {
    if (user.activeReports.length === 0) return [];
    const byId = new Map((await docs.getMany(user.tenantId, user.activeReports)).map((r) => [r._id, r]));
    // In ledger order: the order they joined the team, as the refusal's detail names them.
    return user.activeReports
      .map((id) => byId.get(id))
      .filter((r): r is UserDocument => isActiveReportOf(user, r))
      .map((r) => ({ id: r._id, userName: r.userName }));
  }

  /** Every tenant's count and oldest request, for the metrics scrape. */
  async function totals(): Promise<{ count: number; oldestRequestedAt: Date | null }> {
    const count = await users.countDocuments({ [PENDING]: { $exists: true } }).exec();
    if (count === 0) return { count, oldestRequestedAt: null };
    const [oldest] = await users
      .find({ [PENDING]: { $exists: true } }, { 'pendingDeactivation.requestedAt': 1 })
      .sort({ 'pendingDeactivation.requestedAt': 1 })
      .limit(1)
      .lean<UserDocument[]>()
      .exec();
    return { count, oldestRequestedAt: oldest?.pendingDeactivation?.requestedAt ?? null };
  }

  return { cancel, list, totals };
}

export type PendingDeactivations = ReturnType<typeof pendingDeactivations>;

/** The original request as an actor: its completion is that request carried out. */
export function requesterOf(pending: StoredPendingDeactivation): Actor {
  return { tokenName: pending.requestedBy, channel: pending.channel };
}

export function noteOf(
  pending: StoredPendingDeactivation,
  unblockedBy: Unblocking | null,
): PendingCompletionNote {
  return {
    requestedBy: pending.requestedBy,
    channel: pending.channel,
    requestedAt: pending.requestedAt,
    lastRequestedAt: pending.lastRequestedAt,
    attempts: pending.attempts,
    ...(unblockedBy ? { unblockedBy } : {}),
  };
}

/**
 * What a successful write does to its user's pending request, in the same conditional update:
 * a write carrying it out, a deactivation (the request is done), or a write the request itself
 * states `active: true` in (the IdP or an admin changed their mind) clears it; the last is a
 * cancellation and is audited as one.
 */
export function pendingEffect(
  before: UserDocument,
  after: Pick<UserDocument, 'active'>,
  opts: { requestsActive?: boolean | undefined; completing?: Completing | undefined },
): { clears: boolean; cancels: boolean } {
  const pending = before.pendingDeactivation;
  if (!pending) return { clears: false, cancels: false };
  if (opts.completing) return { clears: true, cancels: false };
  if (opts.requestsActive === true && after.active) return { clears: true, cancels: true };
  const deactivated = before.active && !after.active && pending.action === 'deactivate';
  return { clears: deactivated, cancels: false };
}
