import { Router, type Response } from 'express';
import { RosterError, type Actor } from '../domain';
import { principalOf } from '../http/auth';
import type { Store, TokenInfo } from '../store';
import { bodyObject, ID_PATTERN } from './request';

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
    const { secret, ...token } = await store.tokens.issue(tenantId, name, scopes as string[]);
    await store.audit.tokenChanged(tenantId, actorOf(res), 'token-issue', token);
    res.status(201).json({ token: publicToken(token), secret });
  });

  router.get('/tokens', async (_req, res) => {
    const { tenantId } = principalOf(res);
    res.json({ tokens: (await store.tokens.list(tenantId)).map(publicToken) });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const { tenantId } = principalOf(res);
    const id = req.params.id;
    const token = ID_PATTERN.test(id)
      ? (await store.tokens.list(tenantId)).find((t) => t.id === id)
      : undefined;
    if (!token || !(await store.tokens.revoke(tenantId, id))) {
      throw new RosterError('not-found', `Token ${id} not found.`);
    }
    await store.audit.tokenChanged(tenantId, actorOf(res), 'token-revoke', token);
    res.status(204).end();
  });

  return router;
}

function actorOf(res: Response): Actor {
  return { tokenName: principalOf(res).name, channel: 'admin' };
}

function publicToken({ id, name, scopes, created }: TokenInfo) {
  return { id, name, scopes, created };
}
