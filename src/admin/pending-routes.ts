import { Router } from 'express';
import { principalOf } from '../http/auth';
import type { Store } from '../store';
import { actorOf, userIdParam } from './request';
import { flatUsers } from './users/flat-user';

/**
 * Pending deactivations (docs/contract.md): the IdP deprovisioning requests Roster will finish once
 * their block ends, and the admin's way to withdraw one. The tenant is the token's, always.
 */
export function pendingDeactivationsRoutes(store: Store): Router {
  const router = Router();

  router.get('/pending-deactivations', async (_req, res) => {
    const { tenantId } = principalOf(res);
    const pending = await store.users.pendingDeactivations.list(tenantId);
    // The name the page shows everywhere else (flat-user.ts), not only a stored displayName.
    const docs = await store.users.byIds(
      tenantId,
      pending.map((p) => p.user.id),
    );
    const names = new Map((await flatUsers(store, tenantId, docs)).map((u) => [u.id, u.displayName]));
    res.json({
      pendingDeactivations: pending.map((p) => ({
        ...p,
        user: { ...p.user, displayName: names.get(p.user.id) ?? p.user.displayName },
        requestedAt: p.requestedAt.toISOString(),
        lastRequestedAt: p.lastRequestedAt.toISOString(),
      })),
      total: pending.length,
    });
  });

  router.delete('/pending-deactivations/:userId', async (req, res) => {
    const { tenantId } = principalOf(res);
    await store.users.pendingDeactivations.cancel(tenantId, userIdParam(req.params.userId), actorOf(res));
    res.status(204).end();
  });

  return router;
}
