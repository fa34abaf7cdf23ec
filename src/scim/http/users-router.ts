import { Router, type Request, type Response } from 'express';
import { RosterError } from '../../domain';
import { principalOf, requireScope } from '../../http/auth';
import type { Store } from '../../store';
import { compileProjection } from '../schema/project';
import { listParamsFromQuery, listParamsFromSearch } from '../users/list-params';
import { listUsers } from '../users/list-users';
import { showsGroups } from '../users/user-groups';
import { etagOf } from '../users/user-mapping';
import { createUser, deleteUser, patchUser, replaceUser, userId } from '../users/user-operations';
import { toScimUsers } from '../users/user-representation';
import { baseUrlOf, ifMatchOf, scimContext } from './context';
import { answeredNotModified, sendResult, sendScim } from './respond';

/** RFC 7644 §3 on /Users. Every handler takes the tenant from the token, never from the request. */
export function usersRouter(store: Store): Router {
  const router = Router();
  const read = requireScope('scim:read');
  const write = requireScope('scim:write');
  const context = (req: Request, res: Response) => scimContext(store, req, res, 'scim');

  router.get('/Users', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listUsers(store, tenantId, baseUrlOf(req), listParamsFromQuery(req.query)));
  });

  router.post('/Users/.search', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listUsers(store, tenantId, baseUrlOf(req), listParamsFromSearch(req.body)));
  });

  router.get('/Users/:id', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = req.params.id as string;
    const doc = await store.users.byId(tenantId, userId(id));
    if (!doc) throw new RosterError('not-found', `User ${id} not found.`);
    if (answeredNotModified(req, res, etagOf(doc.version))) return;
    const params = listParamsFromQuery(req.query);
    const [resource] = await toScimUsers(store, tenantId, baseUrlOf(req), [doc], {
      withGroups: showsGroups(params),
    });
    const project = compileProjection({
      attributes: params.attributes,
      excludedAttributes: params.excludedAttributes,
    });
    res.set('ETag', etagOf(doc.version));
    sendScim(res, 200, project(resource as unknown as Record<string, unknown>));
  });

  router.post('/Users', write, async (req, res) => {
    sendResult(res, await createUser(context(req, res), req.body));
  });

  router.put('/Users/:id', write, async (req, res) => {
    sendResult(res, await replaceUser(context(req, res), req.params.id as string, req.body, ifMatchOf(req)));
  });

  router.patch('/Users/:id', write, async (req, res) => {
    sendResult(res, await patchUser(context(req, res), req.params.id as string, req.body, ifMatchOf(req)));
  });

  router.delete('/Users/:id', write, async (req, res) => {
    sendResult(res, await deleteUser(context(req, res), req.params.id as string, ifMatchOf(req)));
  });

  return router;
}
