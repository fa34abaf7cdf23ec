/**
 * The User writes of RFC 7644 §3.3 (POST), §3.5.1 (PUT), §3.5.2 (PATCH) and §3.6 (DELETE), as
 * functions of a context: the /Users routes and /Bulk operations call the same ones, so every
 * write reaches the store's lifecycle guard the same way whichever channel it came through.
 */
import { RosterError, etagOf } from '../../../domain';
import type { UserDocument } from '../../../store';
import type { OperationResult, ScimContext } from '../../operation';
import { applyPatchYielding, patchSetsActive } from './user-patch';
import { coerceUserInput } from './user-input';
import { toScimUser, toUserDraft } from './user-mapping';
import { groupsOfUsers } from './user-groups';
import { toScimUsers } from './user-representation';
import type { ScimGroupRef } from '../../schema/types';

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function createUser(ctx: ScimContext, body: unknown): Promise<OperationResult> {
  const draft = toUserDraft(coerceUserInput(body, 'create'), null, 'create');
  const doc = await ctx.store.users.create(ctx.tenantId, draft, ctx.actor);
  // A new user is in no group yet.
  return written(ctx, doc, 201, Promise.resolve(new Map()));
}

export async function replaceUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: number | undefined,
): Promise<OperationResult> {
  const target = userId(id);
  const input = coerceUserInput(body, 'replace');
  const groups = groupsWhileWriting(ctx, target);
  const doc = await ctx.store.users.update(
    ctx.tenantId,
    target,
    (before) => toUserDraft(input, before, 'replace'),
    { ifMatch, requestsActive: input.active === true },
    ctx.actor,
  );
  return written(ctx, doc, 200, groups);
}

export async function patchUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: number | undefined,
): Promise<OperationResult> {
  const target = userId(id);
  const groups = groupsWhileWriting(ctx, target);
  const doc = await ctx.store.users.update(
    ctx.tenantId,
    target,
    async (before) =>
      toUserDraft(
        await applyPatchYielding(toScimUser(before, ctx.baseUrl, undefined), body),
        before,
        'patch',
      ),
    { ifMatch, requestsActive: patchSetsActive(body) },
    ctx.actor,
  );
  return written(ctx, doc, 200, groups);
}

export async function deleteUser(
  ctx: ScimContext,
  id: string,
  ifMatch: number | undefined,
): Promise<OperationResult> {
  // RFC 7644 §3.14: If-Match applies to DELETE as to PUT/PATCH.
  await ctx.store.users.remove(ctx.tenantId, userId(id), { ifMatch }, ctx.actor);
  return { status: 204 };
}

/** Ids are UUIDs; anything else cannot name a user (and never reaches a query). */
export function userId(id: string): string {
  if (!USER_ID.test(id)) throw new RosterError('not-found', `User ${id} not found.`);
  return id;
}

/**
 * The user's `groups` for the answer, read while the write runs: a User write never changes its
 * memberships (`groups` is readOnly, written through /Groups), so the read need not wait for it,
 * and a PUT or PATCH waits for one round trip less. Settled either way, so a refused write leaves
 * no rejection unheard; the write's error is what the caller sees.
 */
function groupsWhileWriting(ctx: ScimContext, id: string): Promise<Map<string, ScimGroupRef[]>> {
  const groups = groupsOfUsers(ctx.store, ctx.tenantId, ctx.baseUrl, [id]);
  groups.catch(() => undefined);
  return groups;
}

async function written(
  ctx: ScimContext,
  doc: UserDocument,
  status: number,
  groups: Promise<Map<string, ScimGroupRef[]>>,
): Promise<OperationResult> {
  const [resource] = await toScimUsers(ctx.store, ctx.tenantId, ctx.baseUrl, [doc], { groups });
  return {
    status,
    resource: resource as unknown as Record<string, unknown>,
    version: etagOf(doc.version),
    location: resource!.meta.location,
  };
}
