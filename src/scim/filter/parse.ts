/**
 * A recursive-descent parser for the SCIM filter language (RFC 7644 §3.4.2.2, Figure 1) and for
 * PATCH paths (RFC 7644 §3.5.2, Figure 7). Hand-written rather than scimmy's because that one
 * pollutes Object.prototype, mis-negates groups and rejects nested parentheses (docs/scimmy-notes.md §2).
 *
 * Grammar accepted, lowest precedence first (`and` binds tighter than `or`, §3.4.2.2):
 *   filter      = conjunction *("or" conjunction)
 *   conjunction = term *("and" term)
 *   term        = "(" filter ")" / "not" "(" filter ")" / attrPath "[" filter "]"
 *               / attrPath "[" filter "]" "." subAttr ("pr" / compareOp compValue)
 *               / attrPath "pr" / attrPath compareOp compValue
 * The sub-attribute form is Entra's (`emails[type eq "work"].value eq "x"`), not RFC 7644's.
 * Keywords and true/false/null are case-insensitive. Inside `[...]` names are sub-attributes of
 * the bracketed attribute and value paths do not nest.
 */
import { RosterError, type RosterErrorKind } from '../../domain';
import type { AttrPath, Filter, PatchPath } from './ast';
import { Parser } from './parser';
import { SyntaxFault } from './syntax-fault';
import { tokenize } from './tokenize';

/** Longer input is refused before any work is done on it. */
export const MAX_FILTER_LENGTH = 10_000;
export { MAX_FILTER_DEPTH } from './parser';

export function parseFilter(text: string): Filter {
  return run(text, 'invalid-filter', 'filter', (parser) => {
    const filter = parser.filter();
    parser.expectEnd('"and", "or" or the end of the filter');
    return filter;
  });
}

/** One attribute path, as in `attributes`, `excludedAttributes` and `sortBy` (RFC 7644 §3.4.2). */
export function parseAttrPath(text: string): AttrPath {
  return run(text, 'invalid-filter', 'attribute path', (parser) => {
    const path = parser.attrPath();
    parser.expectEnd('the end of the attribute path');
    return path;
  });
}

/** `PATH = attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2, Figure 7). */
export function parsePatchPath(text: string): PatchPath {
  return run(text, 'invalid-path', 'PATCH path', (parser) => {
    const path = parser.attrPath();
    if (!parser.at('[')) {
      parser.expectEnd('"[" or the end of the path');
      return { path };
    }
    const valueFilter = parser.valueFilter(path);
    const subAttr = parser.subAttrAfterFilter();
    parser.expectEnd('"." followed by a sub-attribute, or the end of the path');
    return subAttr === undefined ? { path, valueFilter } : { path, valueFilter, subAttr };
  });
}

function run<T>(text: string, kind: RosterErrorKind, what: string, read: (parser: Parser) => T): T {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new RosterError(
      kind,
      `Invalid ${what}: it is ${text.length} characters long, more than the limit of ${MAX_FILTER_LENGTH}.`,
    );
  }
  try {
    const tokens = tokenize(text);
    if (tokens[0]?.type === 'end') {
      throw new SyntaxFault(
        0,
        `the ${what} is empty; write e.g. ${what === 'filter' ? 'userName eq "bjensen"' : 'userName'}`,
      );
    }
    return read(new Parser(tokens));
  } catch (err) {
    if (!(err instanceof SyntaxFault)) throw err;
    throw new RosterError(kind, `Invalid ${what} at character ${err.pos + 1}: ${err.problem}.`, {
      position: err.pos + 1,
    });
  }
}
