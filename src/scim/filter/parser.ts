/**
 * The parser proper behind parse.ts: one method per grammar rule, reading tokens from tokenize.ts
 * and reporting problems as SyntaxFaults at the offending token.
 */
import type { AttrPath, CompareOp, Filter, FilterValue } from './ast';
import { readAttrPath, readName } from './attr-path';
import { SyntaxFault } from './syntax-fault';
import type { Token } from './tokenize';

/** Parentheses, `not (...)` and `[...]` together; bounds the parser's recursion. */
export const MAX_FILTER_DEPTH = 50;

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'lt',
  'ge',
  'le',
]);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, lt, ge, le or pr';

type WordToken = Extract<Token, { type: 'word' }>;

export class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  /** `scope` is the attribute whose elements a `[...]` filter selects; names inside are relative to it. */
  filter(scope?: AttrPath): Filter {
    let left = this.conjunction(scope);
    while (this.atKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction(scope) };
    }
    return left;
  }

  attrPath(): AttrPath {
    const token = this.next();
    if (token.type !== 'word') throw expected('an attribute name', token);
    return readAttrPath(token.text, token.pos);
  }

  valueFilter(path: AttrPath): Filter {
    const open = this.next();
    if (path.subAttr !== undefined) {
      throw new SyntaxFault(open.pos, '"[" must follow a multi-valued attribute, not a sub-attribute');
    }
    return this.nested(open, ']', () => this.filter(path));
  }

  /** The `.value` of `emails[type eq "work"].value`; the tokenizer keeps the dot with the name. */
  subAttrAfterFilter(): string | undefined {
    const token = this.peek();
    if (token.type !== 'word' || !token.text.startsWith('.')) return undefined;
    this.next();
    return readName(token.text.slice(1), token.pos + 1, true);
  }

  at(type: Token['type']): boolean {
    return this.peek().type === type;
  }

  expectEnd(what: string): void {
    const token = this.peek();
    if (token.type === ')' || token.type === ']') {
      throw new SyntaxFault(token.pos, `"${token.type}" has no matching opening bracket`);
    }
    if (token.type !== 'end') throw expected(what, token);
  }

  private conjunction(scope: AttrPath | undefined): Filter {
    let left = this.term(scope);
    while (this.atKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.term(scope) };
    }
    return left;
  }

  private term(scope: AttrPath | undefined): Filter {
    const token = this.peek();
    if (token.type === '(') return this.nested(this.next(), ')', () => this.filter(scope));
    if (token.type !== 'word') throw expected('an attribute name, "not" or "("', token);
    if (token.text.toLowerCase() === 'not') return this.negation(scope);
    this.next();
    return this.attributeExpression(token, scope);
  }

  private negation(scope: AttrPath | undefined): Filter {
    this.next();
    const open = this.next();
    if (open.type !== '(') {
      throw new SyntaxFault(
        open.pos,
        `expected "(" after "not" (write not (expression)), found ${describe(open)}`,
      );
    }
    return { kind: 'not', filter: this.nested(open, ')', () => this.filter(scope)) };
  }

  private attributeExpression(word: WordToken, scope: AttrPath | undefined): Filter {
    const path = scope ? this.relativePath(word, scope) : readAttrPath(word.text, word.pos);
    const op = this.peek();
    if (op.type === '[') {
      if (scope) throw new SyntaxFault(op.pos, 'value filters "[...]" cannot be nested');
      return this.valuePathExpression(path);
    }
    return this.comparison(path, word.text);
  }

  /**
   * `emails[type eq "work"]`, or Entra's `emails[type eq "work"].value eq "x"`: a sub-attribute
   * compared after the brackets is one more condition on the SAME element, so it is read as
   * `emails[type eq "work" and value eq "x"]` and the matcher and the Mongo translator need
   * nothing of their own for it.
   */
  private valuePathExpression(path: AttrPath): Filter {
    const filter = this.valueFilter(path);
    const subAttr = this.subAttrAfterFilter();
    if (subAttr === undefined) return { kind: 'valuePath', path, filter };
    if (this.at('[')) throw new SyntaxFault(this.peek().pos, 'value filters "[...]" cannot be nested');
    const condition = this.comparison({ attr: subAttr }, `${path.attr}[...].${subAttr}`);
    return { kind: 'valuePath', path, filter: { kind: 'and', left: filter, right: condition } };
  }

  private comparison(path: AttrPath, written: string): Filter {
    const op = this.peek();
    if (op.type !== 'word') throw expected(`an operator (${OPERATOR_LIST}) after ${quote(written)}`, op);
    const name = op.text.toLowerCase();
    this.next();
    if (name === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(name)) {
      throw expected(`an operator (${OPERATOR_LIST}) after ${quote(written)}`, op);
    }
    return { kind: 'compare', path, op: name as CompareOp, value: this.compValue(name) };
  }

  /** Inside `emails[...]` a name is a sub-attribute of emails (RFC 7644 §3.4.2.2, valuePath). */
  private relativePath(word: WordToken, scope: AttrPath): AttrPath {
    if (/[.:]/.test(word.text)) {
      throw new SyntaxFault(
        word.pos,
        `inside "${scope.attr}[...]" name a sub-attribute of ${scope.attr} alone (e.g. type or value), ` +
          `found ${quote(word.text)}`,
      );
    }
    return { attr: readName(word.text, word.pos, true) };
  }

  /** compValue = false / null / true / number / string, checked against the operator. */
  private compValue(op: string): FilterValue {
    const token = this.next();
    const value = literal(token);
    if (value === undefined) {
      const hint = token.type === 'word' ? '; put strings in double quotes' : '';
      throw new SyntaxFault(
        token.pos,
        `expected a value after "${op}" (a quoted string, a number, true, false or null), found ${describe(token)}${hint}`,
      );
    }
    if ((op === 'co' || op === 'sw' || op === 'ew') && typeof value !== 'string') {
      throw new SyntaxFault(token.pos, `"${op}" compares strings; put the value in double quotes`);
    }
    if (
      (op === 'gt' || op === 'ge' || op === 'lt' || op === 'le') &&
      (value === null || typeof value === 'boolean')
    ) {
      throw new SyntaxFault(token.pos, `"${op}" cannot compare with ${String(value)} (RFC 7644 §3.4.2.2)`);
    }
    return value;
  }

  private nested(open: Token, close: ')' | ']', read: () => Filter): Filter {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw new SyntaxFault(
        open.pos,
        `brackets are nested deeper than ${MAX_FILTER_DEPTH} levels; simplify the filter`,
      );
    }
    const inner = read();
    const end = this.next();
    if (end.type !== close) {
      throw expected(
        `"${close}" to close the "${close === ')' ? '(' : '['}" at character ${open.pos + 1}`,
        end,
      );
    }
    this.depth--;
    return inner;
  }

  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }
}

function literal(token: Token): FilterValue | undefined {
  if (token.type === 'string' || token.type === 'number') return token.value;
  if (token.type !== 'word') return undefined;
  const word = token.text.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  return undefined;
}

function expected(what: string, found: Token): SyntaxFault {
  return new SyntaxFault(found.pos, `expected ${what}, found ${describe(found)}`);
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the text';
    case 'word':
      return quote(token.text);
    case 'string':
      return `the string ${quote(token.value)}`;
    case 'number':
      return `the number ${token.value}`;
    default:
      return `"${token.type}"`;
  }
}

/** Echoes input back in a message, cut short so a hostile 10,000-character word stays readable. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
