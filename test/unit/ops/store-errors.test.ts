import mongoose from 'mongoose';
import { isStoreUnreachable } from '../../../src/store';

const { mongo } = mongoose;

/** An error of the driver's own class whose name getter says `name`, as the pool's errors are. */
function named(name: string, message = 'x'): Error {
  const err = new mongo.MongoError(message);
  Object.defineProperty(err, 'name', { value: name });
  return err;
}

describe('isStoreUnreachable: which store failures become 503 + Retry-After', () => {
  it.each([
    ['a network error', new mongo.MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['a network timeout', new mongo.MongoNetworkTimeoutError('timed out')],
    [
      'no server selected',
      new mongo.MongoServerSelectionError('Server selection timed out after 5000 ms', {} as never),
    ],
    ['a closed topology', new mongo.MongoTopologyClosedError()],
    ['a client not connected', new mongo.MongoNotConnectedError('Client must be connected')],
    ['a cleared pool', named('MongoPoolClearedError')],
    ['a pool cleared on a network error', named('PoolClearedOnNetworkError')],
    ['a closed pool', named('MongoPoolClosedError')],
    ['a wait-queue timeout', named('MongoWaitQueueTimeoutError')],
    ["mongoose's initial server selection", named('MongooseServerSelectionError')],
  ])('%s', (_what, err) => {
    expect(isStoreUnreachable(err)).toBe(true);
  });

  it('mongoose\'s "Connection was force closed"', () => {
    expect(isStoreUnreachable(new mongoose.Error('Connection was force closed'))).toBe(true);
  });

  it('a replica set changing primary (retryable server codes)', () => {
    for (const code of [91, 189, 10107, 11600, 11602, 13435, 13436]) {
      expect(isStoreUnreachable(new mongo.MongoServerError({ code, errmsg: 'not primary' }))).toBe(true);
    }
  });

  it('an error that wraps one of these (cause)', () => {
    const wrapped = new Error('write failed', { cause: new mongo.MongoNetworkError('closed') });
    expect(isStoreUnreachable(wrapped)).toBe(true);
  });

  it('a socket failure the driver reports under another class', () => {
    expect(isStoreUnreachable(new mongo.MongoError('read ECONNRESET'))).toBe(true);
    expect(
      isStoreUnreachable(named('MongoUnexpectedServerResponseError', 'connection 7 to 127.0.0.1:1 closed')),
    ).toBe(true);
    // The same words from anything that is not the driver are not a store outage.
    expect(isStoreUnreachable(new Error('read ECONNRESET'))).toBe(false);
  });

  it('not a duplicate key, a validation error, or a bug', () => {
    expect(
      isStoreUnreachable(new mongo.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' })),
    ).toBe(false);
    expect(isStoreUnreachable(new mongoose.Error('Cast to ObjectId failed'))).toBe(false);
    expect(isStoreUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isStoreUnreachable(undefined)).toBe(false);
    expect(isStoreUnreachable('MongoNetworkError')).toBe(false);
  });
});
