/**
 * Attribute paths: `attrPath = [URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2, Figure 1) with
 * ATTRNAME = ALPHA *(nameChar) (RFC 7643 §2.1). The tokenizer hands over the path as one word; this
 * module splits and checks it.
 */
import type { AttrPath } from './ast';
import { SyntaxFault } from './syntax-fault';

const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** `$ref` is the one sub-attribute name outside ATTRNAME (RFC 7643 §2.4, §8.7.1). */
const REF = '$ref';
/**
 * Valid ATTRNAMEs (or near enough) that reach Object.prototype when used as a key; code that
 * walks resources by attribute name must never see them (see docs/scimmy-notes.md §2).
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const URN_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * The schema URN is everything before the last `:`, since URNs themselves contain `:` and `.`
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`).
 */
export function readAttrPath(word: string, pos: number): AttrPath {
  let offset = 0;
  for (const part of word.split(/[.:]/)) {
    refuseForbidden(part, pos + offset);
    offset += part.length + 1;
  }
  const colon = word.lastIndexOf(':');
  const schema = colon === -1 ? undefined : readSchemaUrn(word.slice(0, colon), pos);
  const namePos = pos + colon + 1;
  const [attr = '', subAttr, ...extra] = word.slice(colon + 1).split('.');
  if (extra.length > 0) {
    throw new SyntaxFault(
      pos,
      `"${word}" has too many parts: a path is attribute or attribute.subAttribute (RFC 7644 §3.10)`,
    );
  }
  readName(attr, namePos, false);
  if (subAttr === undefined) return schema === undefined ? { attr } : { schema, attr };
  readName(subAttr, namePos + attr.length + 1, true);
  return schema === undefined ? { attr, subAttr } : { schema, attr, subAttr };
}

/**
 * An attribute name on its own: a sub-attribute inside `[...]` or after `].` in a PATCH path,
 * where `$ref` is allowed too.
 */
export function readName(name: string, pos: number, subAttribute: boolean): string {
  refuseForbidden(name, pos);
  if (subAttribute && name === REF) return name;
  if (!ATTRNAME.test(name)) {
    const what = name === '' ? 'an attribute name is missing' : `"${name}" is not a valid attribute name`;
    throw new SyntaxFault(
      pos,
      `${what}: names start with a letter and contain only letters, digits, "-" and "_" (RFC 7643 §2.1)`,
    );
  }
  return name;
}

function refuseForbidden(name: string, pos: number): void {
  if (FORBIDDEN.has(name.toLowerCase())) {
    throw new SyntaxFault(pos, `"${name}" is not allowed as an attribute name`);
  }
}

function readSchemaUrn(urn: string, pos: number): string {
  const [scheme, ...segments] = urn.split(':');
  const wellFormed = scheme?.toLowerCase() === 'urn' && segments.length > 0;
  if (!wellFormed || !segments.every((s) => URN_SEGMENT.test(s))) {
    throw new SyntaxFault(
      pos,
      `"${urn}" is not a schema URN; qualify a name with a URN such as ` +
        'urn:ietf:params:scim:schemas:core:2.0:User:userName, or leave the prefix out',
    );
  }
  return urn;
}
