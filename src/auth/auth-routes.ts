import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { holdsManageUsers, RosterError } from '../domain';
import type { Config } from '../config';
import { publicBase } from '../http/public-url';
import type { Logger } from '../log';
import type { Store, UserDocument } from '../store';
import { sendSignInPage } from './auth-pages';
import type { RelyingParty } from './relying-party';
import { checkCsrf, endSession, signedInPerson } from './session-person';
import { SESSION_COOKIE, type SessionPerson } from './web-session';

const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface AuthDeps {
  config: Config;
  store: Store;
  log: Logger;
  relyingParty: RelyingParty;
  now: () => number;
}

/**
 * /auth: people sign in to the page with their company's IdP (contract.md, People sign in to the
 * page). Mounted behind webSessions(). Every refusal is a page saying why, for the person in
 * the browser; the log gets the reason too, never a token or a secret.
 */
export function authRoutes({ config, store, log, relyingParty, now }: AuthDeps): Router {
  const router = Router();
  const redirectUri = (req: Request) => `${publicBase(req)}/auth/callback`;

  router.get('/login', async (req, res) => {
    const account = typeof req.query.account === 'string' ? req.query.account.trim().toLowerCase() : '';
    const tenant = ACCOUNT_NAME.test(account) ? await store.tenants.byName(account) : null;
    const sso = tenant ? await store.sso.forSignIn(tenant._id) : null;
    if (!tenant || !sso) {
      return sendSignInPage(
        res,
        404,
        'No company sign-in for this account',
        `There is no account "${account}" with company sign-in set up. Check the account name, or ask your Roster operator to set it up (roster sso set).`,
      );
    }
    let started;
    try {
      started = await relyingParty.start(sso, redirectUri(req));
    } catch (err) {
      log.warn({ account, issuer: sso.issuer, err: (err as Error).message }, 'sign-in: IdP discovery failed');
      return sendSignInPage(
        res,
        502,
        'Your company sign-in could not be reached',
        `Roster could not read the sign-in settings of ${sso.issuer}. Try again in a minute; if it keeps failing, ask your Roster operator to check the issuer URL.`,
      );
    }
    req.session.signIn = { tenantId: tenant._id, account: tenant.name, checks: started.checks };
    res.redirect(302, started.url.href);
  });

  router.get('/callback', async (req, res) => {
    const signIn = req.session.signIn;
    // One use: a replayed or second callback finds nothing to finish.
    delete req.session.signIn;
    if (!signIn) {
      return sendSignInPage(
        res,
        400,
        'This sign-in could not be verified',
        'No sign-in was started from this browser, or it was already used. Start again from the Manage Team page.',
      );
    }
    const sso = await store.sso.forSignIn(signIn.tenantId);
    if (!sso)
      return sendSignInPage(
        res,
        404,
        'No company sign-in for this account',
        'Company sign-in was turned off for this account meanwhile.',
      );
    const callbackUrl = new URL(redirectUri(req));
    callbackUrl.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    let claims;
    try {
      claims = await relyingParty.finish(sso, callbackUrl, signIn.checks);
    } catch (err) {
      const reason = failureReason(err);
      log.warn({ account: signIn.account, reason }, 'sign-in: callback refused');
      return sendSignInPage(
        res,
        400,
        'This sign-in could not be verified',
        `${reason}. Start again from the Manage Team page.`,
      );
    }
    const refusal = await choosePerson(store, signIn.tenantId, claims, sso.emailClaim);
    if ('refused' in refusal) {
      log.info({ account: signIn.account, reason: refusal.refused }, 'sign-in: person refused');
      return sendSignInPage(res, 403, 'You cannot manage this account', refusal.refused);
    }
    const user = refusal.user;
    const person: SessionPerson = {
      tenantId: signIn.tenantId,
      account: signIn.account,
      userId: user._id,
      userName: user.userName,
      displayName:
        user.displayName ??
        ([user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ') || user.userName),
    };
    // A new session id at sign-in: an id planted in this browser before (session fixation) is worthless.
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((err: unknown) => (err ? reject(err as Error) : resolve())),
    );
    req.session.person = person;
    req.session.csrfToken = randomBytes(32).toString('base64url');
    req.session.signedInAt = req.session.lastSeenAt = now();
    log.info({ account: person.account, userId: person.userId }, 'sign-in: signed in');
    res.redirect(302, config.publicUrl ? `${config.publicUrl}/` : '/');
  });

  router.get('/session', async (req, res) => {
    const person = await signedInPerson(req, store, config.sessions, now);
    if (!person)
      throw new RosterError('unauthenticated', 'Not signed in: sign in with your company account.');
    res.set('Cache-Control', 'no-store').json({
      account: person.account,
      user: { id: person.userId, userName: person.userName, displayName: person.displayName },
      csrfToken: req.session.csrfToken,
    });
  });

  router.post('/logout', async (req, res) => {
    if (req.session?.person) {
      checkCsrf(req);
      await endSession(req);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).end();
  });

  return router;
}

/**
 * Why openid-client refused: the innermost cause says it best (`unexpected ID Token "nonce" claim
 * value`, where the outer error says only `unexpected JWT claim value encountered`).
 */
function failureReason(err: unknown): string {
  let deepest = err as Error;
  while (deepest.cause instanceof Error) deepest = deepest.cause;
  return deepest.message;
}

/** The active user of the account this ID token names, holding Manage Users; else why not. */
async function choosePerson(
  store: Store,
  tenantId: string,
  claims: Readonly<Record<string, unknown>>,
  emailClaim: string,
): Promise<{ user: UserDocument } | { refused: string }> {
  const email = claims[emailClaim];
  if (typeof email !== 'string' || email.trim() === '') {
    return {
      refused: `Your company sign-in did not say who you are (no "${emailClaim}" claim). Ask your IdP administrator to release it to Roster.`,
    };
  }
  if (claims.email_verified === false) {
    return {
      refused: `Your company sign-in says the email ${email} is not verified. Verify it at your IdP, then sign in again.`,
    };
  }
  const candidates = await store.users.bySignInEmail(tenantId, email);
  if (candidates.length === 0) {
    return {
      refused: `No user of this account has the user name or email ${email}. Ask an admin to provision you first.`,
    };
  }
  const active = candidates.filter((u) => u.active);
  if (active.length === 0) return { refused: `Your user ${email} is deactivated in this account.` };
  const holder = active.find(holdsManageUsers);
  if (!holder) {
    return {
      refused: `Your user ${email} does not hold Manage Users, which managing this account needs. Ask an admin to grant it (the "Manage Users" role at your IdP).`,
    };
  }
  return { user: holder };
}
