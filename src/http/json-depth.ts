import type { RequestHandler } from 'express';
import { RosterError, hasLoneSurrogate } from '../domain';

/**
 * How deep a request body may nest. The deepest body Roster understands (a PATCH operation whose
 * value carries the enterprise manager) nests 6 levels; 32 leaves room for any client's shape
 * while keeping recursive code (schema coercion, PATCH, projection) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses bodies nested deeper than `maxDepth` with 400 invalidSyntax, and bodies holding a string
 * (or a name) that is not valid Unicode with 400 invalidValue: a lone surrogate would be stored as
 * U+FFFD, so the value read back, and its key, would not be the one sent. The JSON parsers run
 * inside the routers, after authentication (an unknown caller's body is never parsed), so the
 * check sits where every parser puts its result: `req.body`. A parser that assigns a too-deep
 * body gets the error thrown back and passes it on, as it does its own syntax errors.
 */
export function jsonDepthLimit(maxDepth: number = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    let body: unknown = req.body;
    Object.defineProperty(req, 'body', {
      configurable: true,
      enumerable: true,
      get: () => body,
      set(value: unknown) {
        if (nestsDeeperThan(value, maxDepth)) {
          throw new RosterError(
            'invalid-syntax',
            `Request body nests objects and arrays deeper than ${maxDepth} levels.`,
          );
        }
        const bad = illFormedString(value);
        if (bad !== undefined) {
          throw new RosterError(
            'invalid-value',
            `The request body holds a string that is not valid Unicode (a lone UTF-16 surrogate escape such as "\\ud800"): ${JSON.stringify(bad.slice(0, 40))}. Send each character whole.`,
          );
        }
        body = value;
      },
    });
    next();
  };
}

/** Iterative, so a hostile body can't overflow the stack of the check meant to protect it. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(item.value)) pending.push({ value: child, depth });
  }
  return false;
}

/** The first string or property name holding a lone surrogate, iteratively like nestsDeeperThan. */
export function illFormedString(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (hasLoneSurrogate(item)) return item;
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, child] of Object.entries(item)) {
      if (hasLoneSurrogate(key)) return key;
      pending.push(child);
    }
  }
  return undefined;
}
