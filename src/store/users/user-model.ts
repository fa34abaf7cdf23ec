import { Schema, type Connection, type Model } from 'mongoose';
import type { UserDocument } from './user-document';

/**
 * The `users` collection. The schema only declares indexes and the collection: documents are
 * written whole by the store (src/store/users/), never cast field by field by mongoose.
 * Indexes serve the IdP hot paths on MongoDB: userName (unique, normalised key), externalId,
 * the manager's reports, active, lastModified (delta syncs), and id order for cursor paging.
 */
const userSchema = new Schema<UserDocument>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'users', autoIndex: false },
);
userSchema.index({ tenantId: 1, userNameKey: 1 }, { unique: true });
userSchema.index({ tenantId: 1, externalId: 1 });
userSchema.index({ tenantId: 1, managerId: 1 });
userSchema.index({ tenantId: 1, active: 1 });
userSchema.index({ tenantId: 1, lastModified: 1 });
userSchema.index({ tenantId: 1, _id: 1 });
userSchema.index({ tenantId: 1, 'pendingDeactivation.requestedAt': -1 });

/**
 * Key documents: `_id` is `<tenant>|<kind>|<key>` and maps a userName or externalId to its user.
 * Claiming one is an insert, which is atomic on every store (FerretDB included, whose unique
 * indexes are not checked on updates), and finding one is an `_id` read, the one lookup
 * FerretDB's SQLite handler serves without scanning the collection.
 */
export interface UserKeyDocument {
  _id: string;
  tenantId: string;
  userId: string;
}

const userKeySchema = new Schema<UserKeyDocument>(
  { _id: String, tenantId: String, userId: String },
  { versionKey: false, collection: 'user_keys', autoIndex: false },
);

export function userModels(connection: Connection) {
  return {
    users: (connection.models.User ?? connection.model('User', userSchema)) as Model<UserDocument>,
    keys: (connection.models.UserKey ?? connection.model('UserKey', userKeySchema)) as Model<UserKeyDocument>,
  };
}
