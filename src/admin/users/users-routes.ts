import { Router, type Request } from 'express';
import {
  checkManageUsersRemoval,
  etagOf,
  hasManageUsersRole,
  MANAGE_USERS,
  RosterError,
  versionFromIfMatch,
  withManageUsers,
} from '../../domain';
import { principalOf } from '../../http/auth';
import { applyProfileEdits, type Store } from '../../store';
import { actorOf, bodyObject, userIdParam } from '../request';
import { reassignmentRequestOf } from './deactivate-manager';
import { profileEditsOf } from './edit-request';
import { flatUser, flatUsers } from './flat-user';
import { searchUsers, userSearchOf } from './user-search';

/**
 * The Manage Team page's users (docs/contract.md, Admin API): list and search, read, edit, and the
 * two status changes of the seed article. Writes go through the store's guarded update on the
 * `admin` channel, so I1–I3 and the audit trail apply as on every other channel.
 */
export function usersRoutes(store: Store): Router {
  const router = Router();

  router.get('/users', async (req, res) => {
    const { tenantId } = principalOf(res);
    const page = await searchUsers(store, tenantId, userSearchOf(req.query));
    res.json({
      users: await flatUsers(store, tenantId, page.users),
      total: page.total,
      nextCursor: page.nextCursor,
    });
  });

  router.get('/users/:id', async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = userIdParam(req.params.id);
    const doc = await store.users.byId(tenantId, id);
    if (!doc) throw new RosterError('not-found', `User ${id} not found.`);
    res.set('ETag', etagOf(doc.version)).json({ user: await flatUser(store, tenantId, doc) });
  });

  router.patch('/users/:id', async (req, res) => {
    const { tenantId } = principalOf(res);
    const { manageUsers, rest } = manageUsersEditOf(req.body);
    const edits = profileEditsOf(rest);
    const id = userIdParam(req.params.id);
    if (manageUsers === false) await checkManageUsersKept(store, tenantId, id);
    const doc = await store.users.update(
      tenantId,
      id,
      (before) => {
        const draft = applyProfileEdits(before, edits);
        if (manageUsers === undefined) return draft;
        const roles = withManageUsers(before.roles, manageUsers);
        return { ...draft, roles: roles.length > 0 ? roles : undefined };
      },
      { ifMatch: ifMatchOf(req), requestsActive: edits.active === true },
      actorOf(res),
    );
    res.set('ETag', etagOf(doc.version)).json({ user: await flatUser(store, tenantId, doc) });
  });

  router.post('/users/:id/deactivate', async (req, res) => {
    const { tenantId } = principalOf(res);
    const request = reassignmentRequestOf(req.body);
    const { user, moves, deleted } = await store.users.deactivateManager(
      tenantId,
      userIdParam(req.params.id),
      request,
      actorOf(res),
    );
    res.json({ user: await flatUser(store, tenantId, user), moves, ...(deleted ? { deleted } : {}) });
  });

  router.post('/users/:id/reactivate', async (req, res) => {
    const { tenantId } = principalOf(res);
    bodyObject(req.body, [], '{}');
    const doc = await store.users.update(
      tenantId,
      userIdParam(req.params.id),
      (before) => applyProfileEdits(before, { active: true }),
      { requestsActive: true },
      actorOf(res),
    );
    res.json({ user: await flatUser(store, tenantId, doc) });
  });

  return router;
}

/** `manageUsers` (grant or remove the Manage Users role) apart from the profile fields. */
function manageUsersEditOf(body: unknown): { manageUsers: boolean | undefined; rest: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('manageUsers' in body)) {
    return { manageUsers: undefined, rest: body };
  }
  const { manageUsers, ...rest } = body as Record<string, unknown>;
  if (typeof manageUsers !== 'boolean')
    throw new RosterError('invalid-value', 'manageUsers must be true or false.');
  return { manageUsers, rest };
}

/** Facts for the domain's rule that the account keeps an active person holding Manage Users. */
async function checkManageUsersKept(store: Store, tenantId: string, userId: string): Promise<void> {
  const [user, tenant, others] = await Promise.all([
    store.users.byId(tenantId, userId),
    store.tenants.byId(tenantId),
    store.users.count(tenantId, {
      _id: { $ne: userId },
      active: true,
      'roles.value': { $regex: `^\\s*${MANAGE_USERS}\\s*$`, $options: 'i' },
    }),
  ]);
  if (!user || !hasManageUsersRole(user.roles)) return;
  const owner = tenant?.ownerId ? await store.users.byId(tenantId, tenant.ownerId) : null;
  checkManageUsersRemoval({
    userName: user.userName,
    ownerExists: owner?.active === true,
    otherActiveHolders: others,
  });
}

function ifMatchOf(req: Request): number | undefined {
  const version = versionFromIfMatch(req.get('If-Match'));
  if (Number.isNaN(version)) {
    throw new RosterError(
      'version-mismatch',
      'If-Match must be a version this server issued, such as W/"3".',
    );
  }
  return version;
}
