import type { RequestHandler } from 'express';
import { RosterError } from '../domain';

/**
 * How deep a request body may nest. The deepest body Roster understands (a PATCH operation whose
 * value carries the enterprise manager) nests 6 levels; 32 leaves room for any client's shape
 * while keeping recursive code (schema coercion, PATCH, projection) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses bodies nested deeper than `maxDepth` with 400 invalidSyntax. The JSON parsers run
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
