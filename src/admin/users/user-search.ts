import { RosterError } from '../../domain';
import { userNameKey, type Store, type UserDocument, type UserQuery } from '../../store';
import { queryText } from '../request';

/**
 * The Manage Team page's user list (GET /api/v1/users): search, status filter, pages in
 * userName order. Everything runs in the store, one page at a time, and never reads a tenant
 * whole:
 * - pages follow the unique {tenantId, userNameKey} index (a cursor is the last userName key),
 *   so on MongoDB a page is an index range, however deep;
 * - a search word must start a userName (the same index, as a range), given name, family name,
 *   display name or email, ignoring case; every word must match (a full name finds its user).
 */
export interface UserSearch {
  readonly words: readonly string[];
  readonly status: 'active' | 'deactivated' | 'all';
  readonly limit: number;
  readonly after: string | undefined;
  readonly offset: number;
}

export interface UserPage {
  readonly users: UserDocument[];
  /** How many users match the search and status, over all pages. */
  readonly total: number;
  /** Where the next page starts (`cursor=`); null on the last page. */
  readonly nextCursor: string | null;
}

const LIMITS = { default: 50, max: 200 } as const;
const MAX_QUERY_LENGTH = 100;
const MAX_WORDS = 5;
const STATUSES = ['active', 'deactivated', 'all'] as const;

export function userSearchOf(query: Readonly<Record<string, unknown>>): UserSearch {
  const q = queryText(query, 'q')?.trim() ?? '';
  if (q.length > MAX_QUERY_LENGTH) {
    throw new RosterError('invalid-value', `q is longer than ${MAX_QUERY_LENGTH} characters.`);
  }
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length > MAX_WORDS) {
    throw new RosterError('invalid-value', `q has more than ${MAX_WORDS} words.`);
  }
  const status = queryText(query, 'status') ?? 'all';
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw new RosterError('invalid-value', `status must be one of ${STATUSES.join(', ')} (got "${status}").`);
  }
  const cursor = queryText(query, 'cursor');
  const offsetText = queryText(query, 'offset');
  if (cursor !== undefined && offsetText !== undefined) {
    throw new RosterError('invalid-value', 'Page with cursor or with offset, not both.');
  }
  return {
    words,
    status: status as UserSearch['status'],
    limit: integer('limit', queryText(query, 'limit'), 1, LIMITS.max) ?? LIMITS.default,
    after: cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor),
    offset: integer('offset', offsetText, 0, Number.MAX_SAFE_INTEGER) ?? 0,
  };
}

export async function searchUsers(store: Store, tenantId: string, search: UserSearch): Promise<UserPage> {
  const matching = matchQuery(search);
  const page = await store.users.pageByUserName(tenantId, matching, {
    afterKey: search.after,
    skip: search.offset,
    limit: search.limit + 1,
  });
  const users = page.slice(0, search.limit);
  const last = users[users.length - 1];
  return {
    users,
    total: await store.users.count(tenantId, matching),
    nextCursor: page.length > search.limit && last ? encodeCursor(last.userNameKey) : null,
  };
}

function matchQuery(search: UserSearch): UserQuery {
  const clauses: UserQuery[] = search.words.map((word) => {
    const prefix = escapeRegex(word);
    const ignoringCase = { $regex: `^${prefix}`, $options: 'i' };
    return {
      $or: [
        { userNameKey: { $regex: `^${escapeRegex(userNameKey(word))}` } },
        { 'name.givenName': ignoringCase },
        { 'name.familyName': ignoringCase },
        { displayName: ignoringCase },
        { 'emails.value': ignoringCase },
      ],
    };
  });
  if (search.status !== 'all') clauses.push({ active: { $eq: search.status === 'active' } });
  return clauses.length === 0 ? {} : { $and: clauses };
}

/** The text as a literal inside a regular expression. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = /^[A-Za-z0-9_-]{1,2000}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (key === '' || encodeCursor(key) !== cursor) {
    throw new RosterError('invalid-value', 'cursor is not one this server issued; start again without it.');
  }
  return key;
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new RosterError(
      'invalid-value',
      `${name} must be a whole number from ${min} to ${max} (got "${text}").`,
    );
  }
  return Number(text);
}
