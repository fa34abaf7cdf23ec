import { RosterError } from '../../domain/errors';

/**
 * RFC 9865 cursors: the id of the last resource of the page, opaque to the client. Users and
 * groups are both walked in id order, and both ids are UUIDs.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The id to continue after; undefined for the first page (`cursor=`). */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new RosterError(
      'invalid-value',
      'cursor is not one this server issued; start again with cursor= (empty).',
    );
  }
  return id;
}
