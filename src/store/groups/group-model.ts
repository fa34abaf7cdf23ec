import { Schema, type Connection, type Model } from 'mongoose';
import type { GroupDocument, MembershipDocument } from './group-document';

/**
 * The `groups` collection. As for users, the schema only declares indexes and the collection:
 * documents are written whole by the store. Indexes serve MongoDB: displayName (unique, folded
 * key), externalId, creation order (the default listing order) and id order (cursor paging).
 */
const groupSchema = new Schema<GroupDocument>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'groups', autoIndex: false },
);
groupSchema.index({ tenantId: 1, displayNameKey: 1 }, { unique: true });
groupSchema.index({ tenantId: 1, externalId: 1 });
groupSchema.index({ tenantId: 1, created: 1, _id: 1 });
groupSchema.index({ tenantId: 1, _id: 1 });

/**
 * `group_members`: one document per membership (group-document.ts). A group's members are a
 * range of `_id`s (`<groupId>|…`, memberships.ts), so only a user's groups (User `groups`, the
 * user's deletion, `members eq` filters) need an index; one index fewer also makes every
 * membership insert cheaper.
 */
const membershipSchema = new Schema<MembershipDocument>(
  { _id: String },
  { versionKey: false, strict: false, collection: 'group_members', autoIndex: false },
);
membershipSchema.index({ tenantId: 1, userId: 1 });

/**
 * Key documents, as user_keys (src/store/users/user-model.ts): `_id` is `<tenant>|<kind>|<key>`
 * and maps a displayName or externalId to its group. Claiming one is an insert, atomic on every
 * store; finding one is an `_id` read.
 */
export interface GroupKeyDocument {
  _id: string;
  tenantId: string;
  groupId: string;
}

const groupKeySchema = new Schema<GroupKeyDocument>(
  { _id: String, tenantId: String, groupId: String },
  { versionKey: false, collection: 'group_keys', autoIndex: false },
);

export function groupModels(connection: Connection) {
  return {
    groups: (connection.models.Group ?? connection.model('Group', groupSchema)) as Model<GroupDocument>,
    members: (connection.models.GroupMember ??
      connection.model('GroupMember', membershipSchema)) as Model<MembershipDocument>,
    keys: (connection.models.GroupKey ??
      connection.model('GroupKey', groupKeySchema)) as Model<GroupKeyDocument>,
  };
}
