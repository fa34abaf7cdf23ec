import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../clock';
import { settleTogether } from '../settle-together';
import type { TenantDocuments } from '../tenant-documents';
import {
  decideChange,
  pendableAction,
  refusalToError,
  RosterError,
  withPendingNotice,
  type Actor,
  type LifecycleChange,
} from '../../domain';
import type { AuditAction, AuditLog, Unblocking } from '../audit/audit-log';
import type { TenantStore } from '../tenants/tenant-store';
import type { WriteLane } from '../write-lane';
import type { ActiveReportsLedger } from './ledger';
import type { LifecycleFactsOf } from './lifecycle-facts';
import { pendingCompletion, stillBlocked } from './pending-completion';
import {
  noteOf,
  pendingEffect,
  pendingRequests,
  requesterOf,
  type Completing,
} from './pending-deactivations';
import { SCIM_NAMED_FIELDS, type UserDocument } from './user-document';
import { userNameKey, type UserKeys } from './user-keys';
import { userStateOf } from './user-state';

/** The attributes a client writes; the rest of a UserDocument is the store's. */
export type UserDraft = Omit<
  UserDocument,
  | '_id'
  | 'tenantId'
  | 'userNameKey'
  | 'activeReports'
  | 'activeReportsAt'
  | 'activeReportsClaims'
  | 'primaryOwner'
  | 'pendingDeactivation'
  | 'version'
  | 'created'
  | 'lastModified'
>;

const SYSTEM_FIELDS = new Set<string>([
  '_id',
  'tenantId',
  'userNameKey',
  'activeReports',
  'activeReportsAt',
  'activeReportsClaims',
  'primaryOwner',
  'version',
  'created',
  'lastModified',
]);
const DRAFT_FIELDS = [
  'userName',
  'active',
  ...SCIM_NAMED_FIELDS,
  'enterprise',
  'managerId',
  'canManageTeam',
] as const satisfies readonly (keyof UserDraft)[];

/**
 * Test-only hooks between the steps of a write. A hook that throws stands for the process dying
 * there: nothing after it runs, not even the rollback.
 */
export interface WriteFaults {
  /** May return a promise: a test runs another process's write there (the step is awaited). */
  afterLedgerAdd?: () => void | Promise<void>;
  /** The user's document is written; the old manager's ledger entry is not yet released. Awaited. */
  beforeLedgerRelease?: () => void | Promise<void>;
  /** A report has left a manager's ledger; Roster has not yet looked for what that unblocks. */
  beforePendingCompletion?: () => void;
}

/** Refusals decided from the tenant document (its owner, its policy). */
const TENANT_REFUSALS = new Set(['owner-protected', 'incomplete-profile']);

const policyOf = (tenant: { policy: { requiredFields: string[] } } | null) => ({
  requiredFields: tenant?.policy.requiredFields ?? [],
});

/** What a write request says besides the change itself. */
export interface WriteOptions {
  /** If-Match (RFC 7644 §3.14). */
  ifMatch?: number | undefined;
  /** The request itself states `active: true`: it cancels a pending deactivation (docs/contract.md). */
  requestsActive?: boolean | undefined;
}

/** Only the store's own completion of a pending deactivation passes `completing`. */
interface InternalWriteOptions extends WriteOptions {
  completing?: Completing | undefined;
}

/** The precondition naming the pending request a completing write carries out. */
const PENDING_REQUEST = 'pendingDeactivation.requestId';

/** How many times a write re-reads and re-decides after losing a race before giving up (409). */
const MAX_ATTEMPTS = 8;

/** What a write records: the audit trail, or nothing at all in a dry run. */
export type AuditTrail = Pick<AuditLog, 'applied' | 'refused'>;

/**
 * What the writes run against. The store hands in its documents, keys and audit log; the dry run
 * (dry-run.ts) hands in snapshots of them and a trail that records nothing, and runs this same code.
 */
export interface UserWriteDeps {
  /** The lane runs the tenant's writes one at a time (FerretDB): a document read in a turn stays current in it. */
  laneSerialises?: boolean;
  docs: TenantDocuments<UserDocument>;
  keys: UserKeys;
  ledger: ActiveReportsLedger;
  tenants: Pick<TenantStore, 'byId' | 'cached' | 'forget'>;
  audit: AuditTrail;
  lane: WriteLane;
  facts: LifecycleFactsOf;
  now: Clock;
  faults: WriteFaults;
  /** Runs after a user is deleted, inside the same lane turn (the group store: leave their groups). */
  onRemoved?: ((tenantId: string, userId: string) => Promise<void>) | undefined;
}

/**
 * Every write to a user: read, ask the lifecycle rules (src/domain), then write with conditional
 * updates in docs/domain.md's order — ledger entry on the new manager first (only while they are
 * active), the user's document next (compare-and-set on `version`; a deactivation also requires
 * an empty ledger and not being the owner), the old manager's entry last. A write that loses a
 * race re-reads and re-decides. On FerretDB the tenant's writes also run one at a time (WriteLane).
 */
export function userWrites(deps: UserWriteDeps) {
  const { docs, keys, ledger, tenants, audit, lane, facts, now: clock, faults, onRemoved } = deps;
  // Built from this write's own documents, trail and clock: a dry run's stay in its snapshot.
  const pending = pendingRequests({ docs, audit, now: clock });
  const completion = pendingCompletion({
    docs,
    pending,
    writes: {
      async deactivate(tenantId, userId, completing) {
        const draft = (before: UserDocument): UserDraft => ({ ...before, active: false });
        await updateNow(tenantId, userId, draft, { completing }, requesterOf(completing.pending));
      },
      remove: (tenantId, userId, completing) =>
        removeNow(tenantId, userId, { completing }, requesterOf(completing.pending)),
    },
  });

  /** The other users a write may have unblocked: hook points for pending deactivations. */
  async function afterWrite(
    tenantId: string,
    before: UserDocument,
    removedFrom: string | null,
    ownPendingKept: boolean,
    unblockedBy: Unblocking,
    /**
     * The manager as read in this lane turn. Where the lane serialises the tenant's writes, no
     * pending request then means none now; elsewhere another process may have recorded one since.
     */
    manager: UserDocument | null,
    /** False when the facts repaired the user's own ledger in this turn: `before` lists too much. */
    beforeIsCurrent: boolean,
  ): Promise<void> {
    faults.beforePendingCompletion?.();
    const serialised = deps.laneSerialises === true;
    // The documents read in this turn stand for a re-read (docs/store.md, "What a write does not
    // read again"): completion's own first look (pending-completion.ts) would find what they show.
    const managerSettled =
      serialised &&
      manager !== null &&
      manager._id === removedFrom &&
      (!manager.pendingDeactivation || stillBlocked(manager, before._id));
    if (removedFrom && !managerSettled)
      await completion.afterBlockMayHaveEnded(tenantId, removedFrom, unblockedBy);
    if (
      ownPendingKept &&
      before.pendingDeactivation &&
      !(serialised && beforeIsCurrent && stillBlocked(before, null))
    ) {
      await completion.afterBlockMayHaveEnded(tenantId, before._id, unblockedBy);
    }
  }

  async function decide(
    tenantId: string,
    change: LifecycleChange,
    before: UserDocument | null,
    after: UserDocument | null,
    actor: Actor,
    completing?: Completing,
  ) {
    // The tenant from the cache (tenant-store.ts). The two refusals that rest on it (I2, the
    // owner; I3, the required fields) are confirmed from a fresh read: a stale copy can delay a
    // refusal (the write's own conditions still hold I2) but never cause one.
    const { tenant, fresh } = await tenants.cached(tenantId);
    const gathered = await facts(tenantId, tenant?.ownerId ?? null, before, after);
    let decision = decideChange(change, gathered.facts, policyOf(tenant));
    if (!decision.allowed && !fresh && TENANT_REFUSALS.has(decision.refusal.kind)) {
      const current = await tenants.byId(tenantId);
      decision = decideChange(
        change,
        { ...gathered.facts, ownerId: current?.ownerId ?? null },
        policyOf(current),
      );
    }
    if (!decision.allowed) {
      let error = refusalToError(decision.refusal);
      // A completion's refusal is the completion's to judge (pending-completion.ts), not a request's.
      if (completing) throw error;
      const subject = after ?? before!;
      const pendable = before ? pendableAction(decision.refusal, actor.channel) : null;
      if (pendable) {
        await pending.record(tenantId, before!._id, pendable, actor);
        error = withPendingNotice(error, decision.refusal, pendable);
      }
      await audit.refused(
        tenantId,
        actor,
        auditAction(before, after),
        { id: subject._id, userName: subject.userName },
        error,
      );
      throw error;
    }
    return { ...decision.ledger, manager: gathered.manager, repaired: gathered.repaired };
  }

  async function create(tenantId: string, draft: UserDraft, actor: Actor): Promise<UserDocument> {
    return lane.run(tenantId, async () => {
      const now = clock();
      const doc: UserDocument = {
        ...clean(draft),
        _id: randomUUID(),
        tenantId,
        userNameKey: userNameKey(draft.userName),
        activeReports: [],
        activeReportsAt: {},
        primaryOwner: false,
        version: 1,
        created: now,
        lastModified: now,
      };
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const effects = await decide(tenantId, { kind: 'create', after: userStateOf(doc) }, null, doc, actor);
        // The keys and the manager's ledger entry are independent claims: made at once, each undone
        // if the other failed. Both stand before the user exists (I1: the entry before the report).
        const [keysClaim, ledgerClaim] = await Promise.allSettled([
          keys.claim(tenantId, doc._id, null, doc),
          effects.addTo
            ? ledger.add(tenantId, effects.addTo, doc._id, effects.manager)
            : Promise.resolve(true),
        ]);
        if (keysClaim.status === 'rejected' || ledgerClaim.status === 'rejected') {
          if (effects.addTo && ledgerClaim.status === 'fulfilled' && ledgerClaim.value)
            await ledger.remove(tenantId, effects.addTo, doc._id);
          if (keysClaim.status === 'fulfilled')
            await keys.release(tenantId, keysClaim.value.claimed, doc._id);
          throw keysClaim.status === 'rejected'
            ? keysClaim.reason
            : (ledgerClaim as PromiseRejectedResult).reason;
        }
        const { claimed } = keysClaim.value;
        try {
          if (!ledgerClaim.value) {
            await keys.release(tenantId, claimed, doc._id);
            continue; // the manager was deactivated meanwhile: decide again
          }
          await docs.insert(doc);
        } catch (err) {
          if (effects.addTo) await ledger.remove(tenantId, effects.addTo, doc._id);
          await keys.release(tenantId, claimed, doc._id);
          throw uniquenessFromIndex(err);
        }
        await audit.applied(tenantId, actor, 'create', { id: doc._id, userName: doc.userName });
        return withManager(doc, effects.manager);
      }
      throw conflict();
    });
  }

  /**
   * Replaces the client-writable attributes of user `id` with what `change` makes of the stored
   * user (PUT: the body; PATCH: the operations applied to it). `change` may run more than once.
   */
  async function update(
    tenantId: string,
    id: string,
    /** May be async: a PATCH gives the event loop turns while it applies (src/scim/resources/users/user-patch.ts). */
    change: (before: UserDocument) => UserDraft | Promise<UserDraft>,
    opts: WriteOptions,
    actor: Actor,
  ): Promise<UserDocument> {
    return lane.run(tenantId, () => updateNow(tenantId, id, change, opts, actor));
  }

  /** `update` within the caller's lane turn. */
  async function updateNow(
    tenantId: string,
    id: string,
    change: (before: UserDocument) => UserDraft | Promise<UserDraft>,
    opts: InternalWriteOptions,
    actor: Actor,
  ): Promise<UserDocument> {
    const { completing } = opts;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const before = await load(tenantId, id);
      assertVersion(before, opts.ifMatch);
      // Finished or withdrawn since it was read: nothing left to carry out.
      if (completing && before.pendingDeactivation?.requestId !== completing.pending.requestId) return before;
      const draft = clean(await change(before));
      const pendingChange = pendingEffect(before, draft, opts);
      const unchanged = DRAFT_FIELDS.every((f) => isDeepStrictEqual(draft[f], before[f]));
      if (unchanged && !pendingChange.clears) return before;

      const after: UserDocument = {
        ...systemFieldsOf(before),
        ...draft,
        userNameKey: userNameKey(draft.userName),
        version: before.version + 1,
        lastModified: clock(),
      };
      const effects = await decide(
        tenantId,
        { kind: 'update', before: userStateOf(before), after: userStateOf(after) },
        before,
        after,
        actor,
        completing,
      );
      const { claimed, released } = await keys.claim(tenantId, id, before, after);
      if (effects.addTo && !(await ledger.add(tenantId, effects.addTo, id, effects.manager))) {
        await keys.release(tenantId, claimed, id);
        continue;
      }
      if (effects.addTo) await faults.afterLedgerAdd?.();
      const deactivating = before.active && !after.active;
      const guard = {
        version: before.version,
        ...(deactivating ? { active: true, primaryOwner: { $ne: true }, activeReports: { $size: 0 } } : {}),
        ...(completing ? { [PENDING_REQUEST]: completing.pending.requestId } : {}),
      };
      let matched: boolean;
      try {
        // `before` stands for a re-read unless the facts repaired its ledger meanwhile.
        matched = await docs.update(
          tenantId,
          id,
          guard,
          setAndUnset(after, draft, pendingChange.clears),
          effects.repaired ? undefined : before,
        );
      } catch (err) {
        matched = false;
        if (effects.addTo) await ledger.remove(tenantId, effects.addTo, id);
        await keys.release(tenantId, claimed, id);
        throw uniquenessFromIndex(err);
      }
      if (!matched) {
        if (effects.addTo) await ledger.remove(tenantId, effects.addTo, id);
        await keys.release(tenantId, claimed, id);
        tenants.forget(tenantId); // the owner may have moved (the guard's primaryOwner condition)
        continue;
      }
      if (effects.removeFrom) await faults.beforeLedgerRelease?.();
      const action = auditAction(before, after);
      const user = { id, userName: after.userName };
      const auditRows = async () => {
        if (completing) {
          await audit.applied(
            tenantId,
            actor,
            action,
            user,
            noteOf(completing.pending, completing.unblockedBy),
          );
        } else if (action !== 'update') await audit.applied(tenantId, actor, action, user);
        if (pendingChange.cancels) {
          await audit.applied(
            tenantId,
            actor,
            'pending-cancel',
            user,
            noteOf(before.pendingDeactivation!, null),
          );
        }
      };
      // Once the write stands, the old manager's ledger, the keys given up and the audit rows are
      // independent of each other: one round trip of waiting for all three.
      await settleTogether(
        // The manager the facts read (the current one) stands for a re-read; an old one is read.
        effects.removeFrom
          ? ledger.remove(
              tenantId,
              effects.removeFrom,
              id,
              effects.removeFrom === effects.manager?._id ? effects.manager : undefined,
            )
          : Promise.resolve(),
        keys.release(tenantId, released, id),
        auditRows(),
      );
      await afterWrite(
        tenantId,
        before,
        effects.removeFrom,
        !pendingChange.clears,
        { actor: actor.tokenName, channel: actor.channel, action, user },
        effects.manager,
        !effects.repaired,
      );
      return withManager(after, effects.manager);
    }
    throw conflict();
  }

  async function remove(tenantId: string, id: string, opts: WriteOptions, actor: Actor): Promise<void> {
    return lane.run(tenantId, () => removeNow(tenantId, id, opts, actor));
  }

  /** `remove` within the caller's lane turn. */
  async function removeNow(
    tenantId: string,
    id: string,
    opts: InternalWriteOptions,
    actor: Actor,
  ): Promise<void> {
    const { completing } = opts;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const before = await load(tenantId, id);
      assertVersion(before, opts.ifMatch);
      if (completing && before.pendingDeactivation?.requestId !== completing.pending.requestId) return;
      const effects = await decide(
        tenantId,
        { kind: 'delete', before: userStateOf(before) },
        before,
        null,
        actor,
        completing,
      );
      const deleted = await docs.remove(tenantId, id, {
        version: before.version,
        primaryOwner: { $ne: true },
        activeReports: { $size: 0 },
        ...(completing ? { [PENDING_REQUEST]: completing.pending.requestId } : {}),
      });
      if (!deleted) continue;
      const user = { id, userName: before.userName };
      const note = completing ? noteOf(completing.pending, completing.unblockedBy) : undefined;
      // Once the user is gone, what pointed at it is independent work: one round trip of waiting.
      await settleTogether(
        effects.removeFrom ? ledger.remove(tenantId, effects.removeFrom, id) : Promise.resolve(),
        keys.release(tenantId, keys.heldBy(tenantId, before), id),
        audit.applied(tenantId, actor, 'delete', user, note),
        onRemoved ? onRemoved(tenantId, id) : Promise.resolve(),
      );
      await afterWrite(
        tenantId,
        before,
        effects.removeFrom,
        false,
        { actor: actor.tokenName, channel: actor.channel, action: 'delete', user },
        effects.manager,
        !effects.repaired,
      );
      return;
    }
    throw conflict();
  }

  async function load(tenantId: string, id: string): Promise<UserDocument> {
    const doc = await docs.get(tenantId, id);
    if (!doc) throw new RosterError('not-found', `User ${id} not found.`);
    return doc;
  }

  return {
    create,
    update,
    remove,
    managerReadFor,
    /** Carries out `userId`'s pending deactivation if nothing blocks it now (the caller holds the lane). */
    completePendingNow: (tenantId: string, userId: string, unblockedBy: Unblocking) =>
      completion.afterBlockMayHaveEnded(tenantId, userId, unblockedBy),
    completePending: (tenantId: string, userId: string, unblockedBy: Unblocking) =>
      lane.run(tenantId, () => completion.complete(tenantId, userId, unblockedBy)),
  };
}

export type UserWrites = ReturnType<typeof userWrites>;

/**
 * The manager document a write read while deciding, by the document it returned: the response's
 * `manager.displayName` comes from it instead of a read of its own. A WeakMap, so it lives as long
 * as the returned document.
 */
const managersRead = new WeakMap<UserDocument, UserDocument | null>();

function withManager(doc: UserDocument, manager: UserDocument | null): UserDocument {
  if (manager === null || manager._id === doc.managerId) managersRead.set(doc, manager);
  return doc;
}

/** The manager `doc`'s write read (null: it has none), or undefined when unknown. */
function managerReadFor(doc: UserDocument): UserDocument | null | undefined {
  return managersRead.get(doc);
}

/** If-Match (RFC 7644 §3.14): the client's version must be the stored one; checked on every attempt. */
function assertVersion(before: UserDocument, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && before.version !== ifMatch) {
    throw new RosterError(
      'version-mismatch',
      `If-Match names version ${ifMatch}, but the user is at version ${before.version}; re-read it and retry.`,
    );
  }
}

function auditAction(before: UserDocument | null, after: UserDocument | null): AuditAction {
  if (before === null) return 'create';
  if (after === null) return 'delete';
  if (before.active && !after.active) return 'deactivate';
  if (!before.active && after.active) return 'reactivate';
  if (before.managerId !== after.managerId) return 'manager-change';
  return 'update';
}

/** Drops undefined values, so "absent" has one representation and comparisons are exact. */
function clean(draft: UserDraft): UserDraft {
  const out: Record<string, unknown> = {};
  for (const f of DRAFT_FIELDS) if (draft[f] !== undefined) out[f] = draft[f];
  return out as unknown as UserDraft;
}

function systemFieldsOf(doc: UserDocument) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (SYSTEM_FIELDS.has(k)) out[k] = v;
  return out as Pick<
    UserDocument,
    'activeReports' | 'activeReportsAt' | 'primaryOwner' | 'created' | '_id' | 'tenantId'
  >;
}

/** Sets the new attributes and unsets the ones the draft dropped; never touches the ledger or owner flag. */
function setAndUnset(after: UserDocument, draft: UserDraft, clearPending: boolean) {
  const $set: Record<string, unknown> = {
    userNameKey: after.userNameKey,
    version: after.version,
    lastModified: after.lastModified,
  };
  const $unset: Record<string, ''> = {};
  for (const f of DRAFT_FIELDS) {
    if (draft[f] === undefined) $unset[f] = '';
    else $set[f] = draft[f];
  }
  if (clearPending) $unset.pendingDeactivation = '';
  return Object.keys($unset).length ? { $set, $unset } : { $set };
}

function uniquenessFromIndex(err: unknown): unknown {
  if ((err as { code?: number }).code === 11000) {
    return new RosterError(
      'uniqueness',
      'userName is already taken in this account (userName is case-insensitive).',
    );
  }
  return err;
}

function conflict(): RosterError {
  return new RosterError(
    'write-conflict',
    'The user changed repeatedly while this request was applied; retry the request.',
  );
}
