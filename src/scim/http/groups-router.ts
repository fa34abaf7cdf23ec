import { Router, type Request, type Response } from 'express';
import { RosterError } from '../../domain';
import { principalOf, requireScope } from '../../http/auth';
import type { Store } from '../../store';
import {
  createGroup,
  deleteGroup,
  groupId,
  groupResource,
  patchGroup,
  replaceGroup,
} from '../groups/group-operations';
import { compileGroupProjection } from '../groups/group-projection';
import { listGroups } from '../groups/list-groups';
import { listParamsFromQuery, listParamsFromSearch } from '../users/list-params';
import { etagOf } from '../users/user-mapping';
import { baseUrlOf, ifMatchOf, scimContext } from './context';
import { answeredNotModified, sendResult, sendScim } from './respond';

/** RFC 7644 §3 on /Groups. As for /Users, the tenant comes from the token only. */
export function groupsRouter(store: Store): Router {
  const router = Router();
  const read = requireScope('scim:read');
  const write = requireScope('scim:write');
  const context = (req: Request, res: Response) => scimContext(store, req, res, 'scim');

  router.get('/Groups', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listGroups(store, tenantId, baseUrlOf(req), listParamsFromQuery(req.query)));
  });

  router.post('/Groups/.search', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listGroups(store, tenantId, baseUrlOf(req), listParamsFromSearch(req.body)));
  });

  router.get('/Groups/:id', read, async (req, res) => {
    const ctx = context(req, res);
    const id = req.params.id as string;
    const doc = await store.groups.byId(ctx.tenantId, groupId(id));
    if (!doc) throw new RosterError('not-found', `Group ${id} not found.`);
    if (answeredNotModified(req, res, etagOf(doc.version))) return;
    const projection = compileGroupProjection(listParamsFromQuery(req.query));
    res.set('ETag', etagOf(doc.version));
    sendScim(res, 200, projection.project(await groupResource(ctx, doc, projection.showsMembers)));
  });

  router.post('/Groups', write, async (req, res) => {
    sendResult(res, await createGroup(context(req, res), req.body));
  });

  router.put('/Groups/:id', write, async (req, res) => {
    sendResult(res, await replaceGroup(context(req, res), req.params.id as string, req.body, ifMatchOf(req)));
  });

  router.patch('/Groups/:id', write, async (req, res) => {
    const params = listParamsFromQuery(req.query);
    const asked = params.attributes !== undefined || params.excludedAttributes !== undefined;
    const projection = asked ? compileGroupProjection(params, { membersOnRequest: true }) : undefined;
    sendResult(
      res,
      await patchGroup(context(req, res), req.params.id as string, req.body, ifMatchOf(req), projection),
    );
  });

  router.delete('/Groups/:id', write, async (req, res) => {
    sendResult(res, await deleteGroup(context(req, res), req.params.id as string, ifMatchOf(req)));
  });

  return router;
}
