import type { Response } from 'express';
import { RosterError, type Actor } from '../domain';
import { principalOf } from '../http/auth';

/** Ids are UUIDs; anything else names no user or token and never reaches a query. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Who is behind the request, as the audit trail names them, on the admin or the CSV channel. */
export function actorOf(res: Response, channel: 'admin' | 'csv' = 'admin'): Actor {
  const { name, person } = principalOf(res);
  return person ? { tokenName: name, channel, person } : { tokenName: name, channel };
}

/** A user id from the path; a malformed one is a user that does not exist. */
export function userIdParam(id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new RosterError('not-found', `User ${String(id)} not found.`);
  }
  return id;
}

/**
 * A JSON body that must be an object with only the given keys (a missing body is `{}`): an
 * unknown key is refused, not ignored, so a typo never passes for a request that did nothing.
 */
export function bodyObject(body: unknown, keys: readonly string[], example: string): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RosterError('invalid-syntax', `The body must be a JSON object, such as ${example}.`);
  }
  const unknown = Object.keys(body).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new RosterError(
      'invalid-value',
      `Unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}; the body may have ${keys.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
  return body as Record<string, unknown>;
}

/** A query parameter given at most once, as text. */
export function queryText(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new RosterError('invalid-value', `Query parameter "${name}" must be given once, as text.`);
  }
  return value;
}
