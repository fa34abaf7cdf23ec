/** Operators FerretDB 1.24 implements and the filter translator may produce (docs/store.md). */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  '$and',
  '$or',
  '$nor',
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$regex',
  '$options',
  '$exists',
  '$in',
  '$nin',
  '$elemMatch',
  '$not',
  '$size',
]);

const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every key of a query, at any depth, that breaks the rules: an operator outside the allowlist, a
 * prototype-reaching name, or a stored field outside `fields`. Empty when the query is safe.
 */
export function unsafeKeys(query: unknown, fields: ReadonlySet<string>): string[] {
  if (Array.isArray(query)) return query.flatMap((item) => unsafeKeys(item, fields));
  if (typeof query !== 'object' || query === null || query instanceof Date) return [];
  if (Object.getPrototypeOf(query) !== Object.prototype) return ['<non-plain object>'];
  return Reflect.ownKeys(query).flatMap((key) => {
    const name = String(key);
    const value: unknown = (query as Record<string | symbol, unknown>)[key];
    const bad =
      typeof key === 'symbol' ||
      POLLUTING_KEYS.has(name) ||
      (name.startsWith('$') ? !ALLOWED_OPERATORS.has(name) : !fields.has(name));
    return [...(bad ? [name] : []), ...unsafeKeys(value, fields)];
  });
}
