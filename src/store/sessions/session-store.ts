import { randomBytes } from 'node:crypto';
import { Store as SessionStoreBase, type SessionData } from 'express-session';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * express-session's store on Roster's own store (the embedded FerretDB or MONGODB_URI): page
 * sign-ins survive a restart and are shared by every Roster process. FerretDB 1.x has no TTL
 * indexes, so a session expires by its own `expiresAt`: a read past it finds nothing, and
 * expired documents are swept at most once a minute on a write. The clock is injected so tests
 * can expire a session without waiting.
 */
interface SessionDocument {
  _id: string;
  session: SessionData;
  expiresAt: Date;
}

const SWEEP_EVERY_MS = 60_000;

const sessionSchema = new Schema<SessionDocument>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'web_sessions', autoIndex: false },
);
sessionSchema.index({ expiresAt: 1 });

export class StoredSessions extends SessionStoreBase {
  private readonly sessions: Model<SessionDocument>;
  private lastSweep = 0;

  constructor(
    connection: Connection,
    private readonly idleMs: number,
    private readonly now: () => number,
  ) {
    super();
    this.sessions = (connection.models.WebSession ??
      connection.model('WebSession', sessionSchema)) as Model<SessionDocument>;
    // The sweep's index; a failure only makes the sweep slower, never a sign-in wrong.
    this.sessions.createIndexes().catch(() => undefined);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.sessions.collection
      .findOne({ _id: { $eq: sid }, expiresAt: { $gt: new Date(this.now()) } } as never)
      .then((doc) => callback(null, doc ? (doc as unknown as SessionDocument).session : null), callback);
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const doc = {
      _id: sid,
      session: JSON.parse(JSON.stringify(session)) as SessionData,
      expiresAt: this.expiry(),
    };
    this.sessions.collection
      .replaceOne({ _id: { $eq: sid } } as never, doc, { upsert: true })
      .then(() => this.sweep())
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  override touch(sid: string, _session: SessionData, callback?: (err?: unknown) => void): void {
    this.sessions.collection
      .updateOne({ _id: { $eq: sid } } as never, { $set: { expiresAt: this.expiry() } })
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sessions.collection.deleteOne({ _id: { $eq: sid } } as never).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  private expiry(): Date {
    return new Date(this.now() + this.idleMs);
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.sessions.collection.deleteMany({ expiresAt: { $lte: new Date(now) } } as never);
  }
}

/**
 * The key that signs the session cookie, made once per store and shared by every process on it
 * (no operator setting to lose or leak). Whoever can read the store could read the sessions too.
 */
export async function sessionCookieSecret(connection: Connection): Promise<string> {
  const keys = connection.db!.collection<{ _id: string; secret: string }>('web_keys');
  const candidate = randomBytes(32).toString('base64url');
  try {
    await keys.updateOne(
      { _id: 'session-cookie' },
      { $setOnInsert: { secret: candidate } },
      { upsert: true },
    );
  } catch (err) {
    // Two processes creating it at once: one wins, the other reads the winner's.
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const doc = await keys.findOne({ _id: 'session-cookie' });
  return doc!.secret;
}

/** The page's sessions as the store offers them: the cookie's signing key and express-session's store. */
export function webSessionStore(connection: Connection) {
  return {
    cookieSecret: () => sessionCookieSecret(connection),
    /** `now`: ms since the epoch, the app's session clock. */
    sessionsFor: (idleMs: number, now: () => number) => new StoredSessions(connection, idleMs, now),
  };
}

export type WebSessionStore = ReturnType<typeof webSessionStore>;
