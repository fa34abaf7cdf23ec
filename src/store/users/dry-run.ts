import {
  decideChange,
  refusalToError,
  RosterError,
  type Actor,
  type LifecycleFacts,
  type UserRef,
} from '../../domain';
import type { TenantStore } from '../tenants/tenant-store';
import type { UserDocument } from './user-document';
import { userNameKey } from './user-keys';
import type { UserDirectory } from './user-directory';
import { userStateOf } from './user-state';
import type { UserDraft } from './user-writes';

/** How far up a manager chain the cycle check walks: the same bound as the store's (lifecycle-facts.ts). */
const MAX_CHAIN = 64;

/**
 * The store's `update` decided but not written: it reads what the store would read, asks the
 * same lifecycle rules (decideChange) and throws the same refusals, and remembers each update it
 * allowed, so a sequence is judged as the store would judge it applied in that order. Used where
 * a request must change nothing unless every step is allowed (deactivate a manager) and for the
 * spreadsheet's dry run. One instance per request: it is a snapshot plus the request's own
 * changes, not a cache.
 *
 * What it cannot see: ledger entries of writes in flight elsewhere, which can only make the real
 * store refuse more (docs/domain.md). It audits nothing.
 */
export function userDryRun(deps: { reads: Pick<UserDirectory, 'byIdsEach'>; tenants: TenantStore }) {
  const { reads, tenants } = deps;
  /** Users as this dry run has them: read once, then as its own updates left them; null = no such user. */
  const users = new Map<string, UserDocument | null>();
  const written = new Set<string>();
  let tenant: Awaited<ReturnType<TenantStore['byId']>> | undefined;

  async function load(tenantId: string, ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !users.has(id));
    if (missing.length === 0) return;
    for (const id of missing) users.set(id, null);
    for (const doc of await reads.byIdsEach(tenantId, missing)) users.set(doc._id, doc);
  }

  async function get(tenantId: string, id: string): Promise<UserDocument | null> {
    await load(tenantId, [id]);
    return users.get(id) ?? null;
  }

  async function chainFrom(tenantId: string, fromId: string): Promise<string[]> {
    const chain: string[] = [];
    let current: string | undefined = fromId;
    while (current !== undefined && chain.length < MAX_CHAIN && !chain.includes(current)) {
      chain.push(current);
      current = (await get(tenantId, current))?.managerId;
    }
    return chain;
  }

  /** The user's active direct reports: the stored ledger, less the reports moved away here, plus those moved in. */
  async function activeReportsOf(tenantId: string, user: UserDocument): Promise<UserRef[]> {
    const movedIn = [...written].filter((id) => users.get(id)?.managerId === user._id);
    const candidates = [...new Set([...user.activeReports, ...movedIn])];
    await load(tenantId, candidates);
    return candidates
      .map((id) => users.get(id))
      .filter((r): r is UserDocument => r != null && r.active && r.managerId === user._id)
      .map((r) => ({ id: r._id, userName: r.userName }));
  }

  async function facts(
    tenantId: string,
    ownerId: string | null,
    before: UserDocument,
    after: UserDocument,
  ): Promise<LifecycleFacts> {
    const manager = after.managerId ? await get(tenantId, after.managerId) : null;
    return {
      ownerId,
      proposedManager: manager
        ? { id: manager._id, userName: manager.userName, active: manager.active }
        : null,
      proposedManagerExists: manager !== null,
      managerChainOfProposed:
        manager && after.managerId !== before.managerId ? await chainFrom(tenantId, manager._id) : [],
      activeReports: before.active && !after.active ? await activeReportsOf(tenantId, before) : [],
    };
  }

  /** Same contract as the store's `update` (user-writes.ts), minus the writes. */
  async function update(
    tenantId: string,
    id: string,
    change: (before: UserDocument) => UserDraft | Promise<UserDraft>,
    opts: { ifMatch?: number | undefined },
    _actor: Actor,
  ): Promise<UserDocument> {
    const before = await get(tenantId, id);
    if (!before) throw new RosterError('not-found', `User ${id} not found.`);
    if (opts.ifMatch !== undefined && before.version !== opts.ifMatch) {
      throw new RosterError(
        'version-mismatch',
        `If-Match names version ${opts.ifMatch}, but the user is at version ${before.version}; re-read it and retry.`,
      );
    }
    const draft = await change(before);
    const after: UserDocument = {
      ...draft,
      _id: before._id,
      tenantId: before.tenantId,
      userNameKey: userNameKey(draft.userName),
      activeReports: before.activeReports,
      activeReportsAt: before.activeReportsAt,
      primaryOwner: before.primaryOwner,
      version: before.version + 1,
      created: before.created,
      lastModified: new Date(),
    };
    tenant ??= await tenants.byId(tenantId);
    const decision = decideChange(
      { kind: 'update', before: userStateOf(before), after: userStateOf(after) },
      await facts(tenantId, tenant?.ownerId ?? null, before, after),
      { requiredFields: tenant?.policy.requiredFields ?? [] },
    );
    if (!decision.allowed) throw refusalToError(decision.refusal);
    users.set(id, after);
    written.add(id);
    return after;
  }

  return { update };
}

export type UserDryRun = ReturnType<typeof userDryRun>;
