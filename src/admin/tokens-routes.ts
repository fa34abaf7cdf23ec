import { Router } from 'express';
import { RosterError } from '../domain';
import { principalOf } from '../http/auth';
import type { Store, TokenInfo } from '../store';
import { actorOf, bodyObject, ID_PATTERN } from './request';

/**
 * The account's bearer tokens (docs/contract.md: POST/GET/DELETE /api/v1/tokens). The secret is in
 * the answer to POST only; the store keeps its hash. A revoked token fails on its next request,
 * on every process, because authentication reads the store on every request.
 */
export function tokensRoutes(store: Store): Router {
  const router = Router();

  router.post('/tokens', async (req, res) => {
    const { tenantId } = principalOf(res);
    const { name, scopes } = bodyObject(
      req.body,
      ['name', 'scopes'],
      '{"name": "okta", "scopes": ["scim:read", "scim:write"]}',
    );
    if (typeof name !== 'string')
      throw new RosterError('invalid-value', 'name must be a string (1-100 characters).');
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
      throw new RosterError('invalid-value', 'scopes must be an array of scope names.');
    }
    const { secret, ...token } = await store.tokens.issue(tenantId, name, scopes as string[], actorOf(res));
    res.status(201).json({ token: publicToken(token), secret });
  });

  router.get('/tokens', async (_req, res) => {
    const { tenantId } = principalOf(res);
    res.json({ tokens: (await store.tokens.list(tenantId)).map(publicToken) });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = req.params.id;
    if (!ID_PATTERN.test(id) || !(await store.tokens.revoke(tenantId, id, actorOf(res)))) {
      throw new RosterError('not-found', `Token ${id} not found.`);
    }
    res.status(204).end();
  });

  return router;
}

function publicToken({ id, name, scopes, created }: TokenInfo) {
  return { id, name, scopes, created };
}
