import express, { Router } from 'express';
import { RosterError } from '../domain';
import { authenticate, principalOf, requireScope } from '../http/auth';
import type { Store } from '../store';
import { actorOf, ID_PATTERN } from './request';
import { spreadsheetRoutes } from './spreadsheet/spreadsheet-routes';
import { tokensRoutes } from './tokens-routes';
import { usersRoutes } from './users/users-routes';

/**
 * /api/v1: the team admin's API (JSON, scope `admin`), for what SCIM has no verb for. Every
 * route is tenant-scoped by the token and goes through the same store operations, and so the
 * same lifecycle rules, as SCIM.
 */
export function adminRouter(store: Store): Router {
  const router = Router();
  router.use(authenticate(store.tokens), requireScope('admin'));
  // JSON bodies only; the spreadsheet import streams its text/csv body itself.
  router.use(express.json({ limit: 64 * 1024, strict: true }));
  // Before usersRoutes: /users/export and /users/import are not user ids.
  router.use(spreadsheetRoutes(store));
  router.use(usersRoutes(store));
  router.use(tokensRoutes(store));

  router.get('/account', async (_req, res) => {
    const { tenantId } = principalOf(res);
    const tenant = await store.tenants.byId(tenantId);
    if (!tenant)
      throw new RosterError('not-found', 'This token belongs to an account that no longer exists.');
    const owner = tenant.ownerId ? await store.users.byId(tenantId, tenant.ownerId) : null;
    res.json({
      id: tenant._id,
      name: tenant.name,
      owner: owner ? { id: owner._id, userName: owner.userName, active: owner.active } : null,
      policy: { requiredFields: tenant.policy.requiredFields },
    });
  });

  router.put('/account/owner', async (req, res) => {
    const { tenantId } = principalOf(res);
    const userId = (req.body as { userId?: unknown } | undefined)?.userId;
    if (typeof userId !== 'string' || !ID_PATTERN.test(userId)) {
      throw new RosterError('invalid-value', 'Send {"userId": "<id of an active user of this account>"}.');
    }
    const owner = await store.users.transferOwnership(tenantId, userId, actorOf(res));
    res.json({ owner: { id: owner._id, userName: owner.userName, active: owner.active } });
  });

  router.get('/audit', async (req, res) => {
    const { tenantId } = principalOf(res);
    const userId = req.query.userId;
    if (userId !== undefined && (typeof userId !== 'string' || !ID_PATTERN.test(userId))) {
      throw new RosterError('invalid-value', 'userId must be a user id.');
    }
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const events = await store.audit.list(tenantId, { ...(userId ? { userId } : {}), limit });
    res.json({ events });
  });

  return router;
}
