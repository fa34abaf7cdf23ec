import { Router, type Request, type Response } from 'express';
import type { Actor } from '../../domain';
import { RosterError } from '../../domain/errors';
import { principalOf, requireScope } from '../../http/auth';
import type { Store } from '../../store';
import type { UserDocument } from '../../store/users';
import { applyPatch } from '../patch/apply-patch';
import { coerceUserInput } from '../schema/coerce';
import { compileProjection } from '../schema/project';
import { listParamsFromQuery, listParamsFromSearch } from '../users/list-params';
import { listUsers } from '../users/list-users';
import { etagOf, toScimUser, toUserDraft, versionFromIfMatch } from '../users/user-mapping';
import { toScimUsers } from '../users/user-representation';
import { sendScim } from './respond';

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** RFC 7644 §3 on /Users. Every handler takes the tenant from the token, never from the request. */
export function usersRouter(store: Store, baseUrl: (req: Request) => string): Router {
  const router = Router();
  const read = requireScope('scim:read');
  const write = requireScope('scim:write');

  router.get('/Users', read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listUsers(store, tenantId, baseUrl(req), listParamsFromQuery(req.query)));
  });

  router.post(['/Users/.search', '/.search'], read, async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await listUsers(store, tenantId, baseUrl(req), listParamsFromSearch(req.body)));
  });

  router.get('/Users/:id', read, async (req, res) => {
    const doc = await load(res, req.params.id as string);
    const params = listParamsFromQuery(req.query);
    const [resource] = await toScimUsers(store, doc.tenantId, baseUrl(req), [doc]);
    const project = compileProjection({
      attributes: params.attributes,
      excludedAttributes: params.excludedAttributes,
    });
    sendResource(res, 200, doc, project(resource as unknown as Record<string, unknown>));
  });

  router.post('/Users', write, async (req, res) => {
    const { tenantId } = principalOf(res);
    const draft = toUserDraft(coerceUserInput(req.body, 'create'), null, 'create');
    const doc = await store.users.create(tenantId, draft, actorOf(res));
    const [resource] = await toScimUsers(store, tenantId, baseUrl(req), [doc]);
    res.location(resource!.meta.location);
    sendResource(res, 201, doc, resource);
  });

  router.put('/Users/:id', write, async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = userId(req.params.id as string);
    const input = coerceUserInput(req.body, 'replace');
    const doc = await store.users.update(
      tenantId,
      id,
      (before) => toUserDraft(input, before, 'replace'),
      { ifMatch: ifMatch(req) },
      actorOf(res),
    );
    const [resource] = await toScimUsers(store, tenantId, baseUrl(req), [doc]);
    sendResource(res, 200, doc, resource);
  });

  router.patch('/Users/:id', write, async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = userId(req.params.id as string);
    const base = baseUrl(req);
    const doc = await store.users.update(
      tenantId,
      id,
      (before) => toUserDraft(applyPatch(toScimUser(before, base, undefined), req.body), before, 'patch'),
      { ifMatch: ifMatch(req) },
      actorOf(res),
    );
    const [resource] = await toScimUsers(store, tenantId, base, [doc]);
    sendResource(res, 200, doc, resource);
  });

  router.delete('/Users/:id', write, async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = userId(req.params.id as string);
    // RFC 7644 §3.14: If-Match applies to DELETE as to PUT/PATCH.
    await store.users.remove(tenantId, id, { ifMatch: ifMatch(req) }, actorOf(res));
    res.status(204).end();
  });

  async function load(res: Response, id: string): Promise<UserDocument> {
    const doc = await store.users.byId(principalOf(res).tenantId, userId(id));
    if (!doc) throw notFound(id);
    return doc;
  }

  return router;
}

function sendResource(res: Response, status: number, doc: UserDocument, body: unknown): void {
  res.set('ETag', etagOf(doc.version));
  sendScim(res, status, body);
}

function actorOf(res: Response): Actor {
  return { tokenName: principalOf(res).name, channel: 'scim' };
}

/** Ids are UUIDs; anything else cannot name a user (and never reaches a query). */
function userId(id: string): string {
  if (!USER_ID.test(id)) throw notFound(id);
  return id;
}

function notFound(id: string): RosterError {
  return new RosterError('not-found', `User ${id} not found.`);
}

function ifMatch(req: Request): number | undefined {
  const version = versionFromIfMatch(req.get('If-Match'));
  if (Number.isNaN(version)) {
    throw new RosterError('version-mismatch', 'If-Match must be an ETag this server issued, such as W/"3".');
  }
  return version;
}
