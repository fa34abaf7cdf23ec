/**
 * The Group writes of RFC 7644 §3.3, §3.5.1, §3.5.2 and §3.6 as functions of a context, called by
 * the /Groups routes and by /Bulk operations alike (as src/scim/users/user-operations.ts).
 */
import { RosterError } from '../../domain';
import type { GroupChange, GroupDocument } from '../../store';
import type { OperationResult, ScimContext } from '../operation';
import { etagOf } from '../users/user-mapping';
import { coerceGroupInput } from './group-input';
import { toScimGroup } from './group-mapping';
import { membersOf } from './group-members';
import { readGroupPatch } from './group-patch';
import type { GroupProjection } from './group-projection';

const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function createGroup(ctx: ScimContext, body: unknown): Promise<OperationResult> {
  const input = coerceGroupInput(body);
  const doc = await ctx.store.groups.create(
    ctx.tenantId,
    { displayName: input.displayName, externalId: input.externalId },
    input.members ?? [],
  );
  return written(ctx, doc, 201, true);
}

/**
 * RFC 7644 §3.5.1 lets a PUT without `members` either clear them or keep them; Roster keeps
 * them, so a client that replaces a group's name and does not map members (Okta's custom
 * integrations rename by PUT) cannot empty it by accident. `"members": []` empties it.
 */
export async function replaceGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: number | undefined,
): Promise<OperationResult> {
  const target = groupId(id);
  const input = coerceGroupInput(body);
  const change: GroupChange = {
    displayName: input.displayName,
    externalId: input.externalId ?? null,
    ...(input.members === undefined ? {} : { members: { kind: 'replace', userIds: input.members } }),
  };
  const doc = await ctx.store.groups.update(ctx.tenantId, target, change, { ifMatch });
  return written(ctx, doc, 200, true);
}

/**
 * RFC 7644 §3.5.2: a PATCH answers 204 No Content, or 200 and the resource "subject to the
 * attributes query parameter" when the client asked for it (`projection`). Entra asks servers
 * not to return the members of a group after a PATCH; they are shown only when `attributes`
 * names them.
 */
export async function patchGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: number | undefined,
  projection: GroupProjection | undefined,
): Promise<OperationResult> {
  const target = groupId(id);
  const doc = await ctx.store.groups.update(ctx.tenantId, target, readGroupPatch(body, target), { ifMatch });
  if (projection === undefined) {
    return { status: 204, version: etagOf(doc.version), location: locationOf(ctx, doc._id) };
  }
  const result = await written(ctx, doc, 200, projection.showsMembers);
  return { ...result, resource: projection.project(result.resource!) };
}

export async function deleteGroup(
  ctx: ScimContext,
  id: string,
  ifMatch: number | undefined,
): Promise<OperationResult> {
  await ctx.store.groups.remove(ctx.tenantId, groupId(id), { ifMatch });
  return { status: 204 };
}

/** Ids are UUIDs; anything else cannot name a group (and never reaches a query). */
export function groupId(id: string): string {
  if (!GROUP_ID.test(id)) throw new RosterError('not-found', `Group ${id} not found.`);
  return id;
}

/** A group as written, with its members resolved when `withMembers`. */
export async function groupResource(
  ctx: ScimContext,
  doc: GroupDocument,
  withMembers: boolean,
): Promise<Record<string, unknown>> {
  const members = withMembers
    ? (await membersOf(ctx.store, ctx.tenantId, ctx.baseUrl, [doc._id])).get(doc._id)
    : undefined;
  return toScimGroup(doc, ctx.baseUrl, members);
}

async function written(
  ctx: ScimContext,
  doc: GroupDocument,
  status: number,
  withMembers: boolean,
): Promise<OperationResult> {
  return {
    status,
    resource: await groupResource(ctx, doc, withMembers),
    version: etagOf(doc.version),
    location: locationOf(ctx, doc._id),
  };
}

function locationOf(ctx: ScimContext, id: string): string {
  return `${ctx.baseUrl}/Groups/${id}`;
}
