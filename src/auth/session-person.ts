import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { holdsManageUsers, RosterError } from '../domain';
import type { SessionLimits } from '../config';
import type { Store } from '../store';
import type { SessionPerson } from './web-session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The person signed in on this request's session, re-checked now: within the idle and absolute
 * limits, still an active user of that account, still holding Manage Users. Anything else ends
 * the session at once and answers 401, so deactivating someone or taking their role away signs
 * them out on their next request. Null when the request carries no sign-in at all.
 */
export async function signedInPerson(
  req: Request,
  store: Store,
  limits: SessionLimits,
  now: () => number,
): Promise<SessionPerson | null> {
  const session = req.session as Request['session'] | undefined;
  const person = session?.person;
  if (!session || !person) return null;
  const at = now();
  const ended = (why: string) =>
    endSession(req).then(
      () => new RosterError('unauthenticated', `Your sign-in has ended: ${why}. Sign in again.`),
    );
  if (at - (session.lastSeenAt ?? 0) > limits.idleMs) throw await ended('it was idle too long');
  if (at - (session.signedInAt ?? 0) > limits.absoluteMs) throw await ended('it reached its time limit');
  const user = await store.users.byId(person.tenantId, person.userId);
  if (!user) throw await ended('your user no longer exists in this account');
  if (!user.active) throw await ended('your user is deactivated');
  if (!holdsManageUsers(user)) throw await ended('you no longer hold Manage Users');
  session.lastSeenAt = at;
  return person;
}

/**
 * Cross-site request forgery: a state-changing request made with a session must carry the
 * session's token in X-CSRF-Token, which another site's form or script cannot read or set.
 */
export function checkCsrf(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const expected = req.session.csrfToken ?? '';
  const given = Buffer.from(req.get('X-CSRF-Token') ?? '');
  const ok =
    expected !== '' && given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
  if (!ok) {
    throw new RosterError(
      'forbidden',
      'A change made with a page sign-in needs the X-CSRF-Token header with the csrfToken from GET /auth/session.',
    );
  }
}

export function endSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.destroy((err: unknown) => (err ? reject(err as Error) : resolve())),
  );
}
