import mongoose from 'mongoose';
import { isStoreUnreachable } from '../../../src/store/store-errors';
import { isStoreOutOfSpace } from '../../../src/store/store-full';

const { mongo } = mongoose;

/** Which store failures mean "up, but cannot write": disk full or read-only (src/store/store-full.ts). */
describe('isStoreOutOfSpace', () => {
  it.each([
    [
      "FerretDB on SQLite, the disk full (as it answered the test's full tmpfs)",
      new mongo.MongoServerError({
        code: 1,
        codeName: 'InternalError',
        errmsg: '[msg_insert.go:168 handler.(*Handler).MsgInsert] database or disk is full (13)',
      }),
    ],
    [
      'FerretDB on SQLite, the files read-only',
      new mongo.MongoServerError({ code: 1, errmsg: 'attempt to write a readonly database (8)' }),
    ],
    ['MongoDB OutOfDiskSpace', new mongo.MongoServerError({ code: 14031, errmsg: 'Not enough disk space' })],
    ['MongoDB by code name', new mongo.MongoServerError({ codeName: 'OutOfDiskSpace', errmsg: 'x' })],
    ['WiredTiger', new mongo.MongoServerError({ code: 8, errmsg: 'No space left on device' })],
    [
      'Atlas over its quota',
      new mongo.MongoServerError({ code: 8000, errmsg: 'you are over your space quota' }),
    ],
  ])('%s', (_what, err) => {
    expect(isStoreOutOfSpace(err)).toBe(true);
    // Not taken for an unreachable store: the detail and the Retry-After differ.
    expect(isStoreUnreachable(err)).toBe(false);
  });

  it('a bulk write error wrapping one, through its cause', () => {
    const cause = new mongo.MongoServerError({ code: 1, errmsg: 'database or disk is full (13)' });
    expect(isStoreOutOfSpace(Object.assign(new Error('wrapped'), { cause }))).toBe(true);
  });

  it('our own errors and other server errors are not', () => {
    expect(isStoreOutOfSpace(new Error('the disk is full of users'))).toBe(false);
    expect(isStoreOutOfSpace(new mongo.MongoServerError({ code: 11000, errmsg: 'duplicate key' }))).toBe(
      false,
    );
    expect(isStoreOutOfSpace(undefined)).toBe(false);
  });
});
