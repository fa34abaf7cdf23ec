/**
 * The lexical layer of the SCIM filter grammar (RFC 7644 §3.4.2.2, Figure 1). Words (attribute
 * paths, operators, `and`/`or`/`not`, `true`/`false`/`null`) are told apart by the parser, which
 * knows where it stands; this layer only finds their boundaries and decodes literals.
 */
import { SyntaxFault } from './syntax-fault';

export type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: '(' | ')' | '[' | ']'; pos: number }
  | { type: 'end'; pos: number };

/**
 * A word may hold a whole attribute path: a schema URN (`urn:…:2.0:User:`), an ATTRNAME, a
 * sub-attribute after `.` and the `$` of `$ref` (RFC 7643 §2.1, RFC 7644 §3.10). Its parts are
 * checked by attr-path.ts; a word may also start with `.` for the sub-attribute after `]` in a
 * PATCH path, or with `_`/`$` so that `__proto__` and `$where` get a precise refusal.
 */
const WORD_START = /[A-Za-z_$.]/;
const WORD_PART = /[A-Za-z0-9_$.:-]/;
/** JSON number (RFC 8259 §6), which the ABNF's `number` refers to. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const PUNCTUATION = new Set(['(', ')', '[', ']']);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ type: c as '(' | ')' | '[' | ']', pos: i });
      i++;
    } else if (c === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ type: 'string', value, pos: i });
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const { value, end } = readNumber(text, i);
      tokens.push({ type: 'number', value, pos: i });
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < text.length && WORD_PART.test(text.charAt(end))) end++;
      tokens.push({ type: 'word', text: text.slice(i, end), pos: i });
      i = end;
    } else {
      throw new SyntaxFault(i, `unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

/** A JSON string literal (RFC 8259 §7): the only kind of string the filter grammar has. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const e = text.charAt(i + 1);
      const simple = Object.hasOwn(SIMPLE_ESCAPES, e) ? SIMPLE_ESCAPES[e] : undefined;
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw new SyntaxFault(
          i,
          'invalid escape in string; use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by 4 hex digits',
        );
      }
    } else if (c < ' ') {
      throw new SyntaxFault(i, 'control character in string; write it as a \\u escape');
    } else {
      value += c;
      i++;
    }
  }
  throw new SyntaxFault(start, 'string is not closed; add the closing double quote');
}

function readNumber(text: string, start: number): { value: number; end: number } {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  const end = start + (match?.[0].length ?? 0);
  const value = match ? Number(match[0]) : NaN;
  if (!match || !Number.isFinite(value) || (end < text.length && WORD_PART.test(text.charAt(end)))) {
    throw new SyntaxFault(start, 'malformed number; write numbers as in JSON, e.g. 42, -1.5 or 1e3');
  }
  return { value, end };
}
