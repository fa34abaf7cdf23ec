import { Router } from 'express';
import { readSsoSettings, RosterError } from '../domain';
import { principalOf } from '../http/auth';
import type { Store } from '../store';
import { actorOf, bodyObject } from './request';

const EXAMPLE =
  '{"issuer": "https://example.okta.com", "clientId": "…", "clientSecret": "…", "emailClaim": "email"}';

/**
 * /api/v1/account/sso: the account's sign-in settings (contract.md, People sign in to the page).
 * The secret goes in with PUT and never comes out: GET says only that one is set.
 */
export function ssoRoutes(store: Store): Router {
  const router = Router();

  router.get('/account/sso', async (_req, res) => {
    const sso = await store.sso.show(principalOf(res).tenantId);
    if (!sso)
      throw new RosterError('not-found', 'Sign-in with the company IdP is not set up for this account.');
    res.json({ sso });
  });

  router.put('/account/sso', async (req, res) => {
    const settings = readSsoSettings(
      bodyObject(req.body, ['issuer', 'clientId', 'clientSecret', 'emailClaim'], EXAMPLE),
    );
    res.json({ sso: await store.sso.set(principalOf(res).tenantId, settings, actorOf(res)) });
  });

  router.delete('/account/sso', async (_req, res) => {
    if (!(await store.sso.clear(principalOf(res).tenantId, actorOf(res)))) {
      throw new RosterError('not-found', 'Sign-in with the company IdP is not set up for this account.');
    }
    res.status(204).end();
  });

  return router;
}
