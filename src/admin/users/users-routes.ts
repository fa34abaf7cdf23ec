import { Router, type Request } from 'express';
import { etagOf, RosterError, versionFromIfMatch } from '../../domain';
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
    const edits = profileEditsOf(req.body);
    const doc = await store.users.update(
      tenantId,
      userIdParam(req.params.id),
      (before) => applyProfileEdits(before, edits),
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
