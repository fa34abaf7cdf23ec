/**
 * The migration of stored identifier keys to the current normalisation (src/domain/identifiers.ts,
 * docs/identifiers.md): every user whose `userNameKey` and every group whose `displayNameKey` is
 * not identifierKey(name) gets the new key, and its key document moves with it. Run at each store
 * start until it has once finished without a conflict (a marker document says so), so a restart
 * after an upgrade needs no step from the operator; safe to run twice or from two processes at
 * once, since each move is claim-new-key, switch, release-old-key, each step conditional.
 *
 * Two stored names that the new rule makes one (`bob` and `bob `) cannot both hold the key: the
 * first keeps its old key, is reported as a conflict in the log, and a person renames one of them.
 */
import type { Connection, Model } from 'mongoose';
import { identifierKey } from '../domain';
import type { Logger } from '../log';
import { displayNameKeyId } from './groups/group-keys';
import { insertDocument } from './insert';
import { tenantDatabases, type TenantDatabases, type TenantModels } from './tenant-databases';
import { userNameKeyId } from './users/user-keys';

export const IDENTIFIER_KEYS_MIGRATION = 'identifier-keys-2';

export interface KeyConflict {
  readonly collection: 'users' | 'groups';
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  /** The document already holding the new key. */
  readonly heldBy: string;
}

export interface KeyMigrationReport {
  readonly skipped: boolean;
  readonly moved: number;
  readonly conflicts: readonly KeyConflict[];
}

interface Keyed {
  _id: string;
  tenantId: string;
  name: string;
  key: string;
}

interface KeyedCollection {
  readonly collection: 'users' | 'groups';
  /** Documents with their name and stored key. */
  scan(): AsyncIterable<Keyed>;
  setKey(doc: Keyed, key: string): Promise<boolean>;
  keyId(tenantId: string, key: string): string;
  keys: Model<{ _id: string; tenantId: string }>;
  owner: 'userId' | 'groupId';
}

/** `databases`: where tenants' users and groups are (the main database's own collections by default). */
export async function migrateIdentifierKeys(
  connection: Connection,
  log: Logger,
  databases: TenantDatabases = tenantDatabases(connection, { perTenant: false }),
): Promise<KeyMigrationReport> {
  const markers = connection.db!.collection<{ _id: string; at: Date }>('migrations');
  if (await markers.findOne({ _id: IDENTIFIER_KEYS_MIGRATION }))
    return { skipped: true, moved: 0, conflicts: [] };
  let moved = 0;
  const conflicts: KeyConflict[] = [];
  for (const target of (await databases.all()).flatMap(collections)) {
    for await (const doc of target.scan()) {
      const key = identifierKey(doc.name);
      if (key === doc.key) continue;
      const conflict = await move(target, doc, key);
      if (conflict === undefined) moved += 1;
      else conflicts.push(conflict);
    }
  }
  for (const c of conflicts) {
    log.warn(
      { collection: c.collection, tenantId: c.tenantId, id: c.id, name: c.name, heldBy: c.heldBy },
      'identifier key conflict: two stored names are now the same name; rename one of them',
    );
  }
  if (conflicts.length === 0) {
    await markers.updateOne(
      { _id: IDENTIFIER_KEYS_MIGRATION },
      { $set: { at: new Date() } },
      { upsert: true },
    );
  }
  if (moved > 0 || conflicts.length > 0)
    log.info({ moved, conflicts: conflicts.length }, 'identifier keys migrated');
  return { skipped: false, moved, conflicts };
}

async function move(target: KeyedCollection, doc: Keyed, key: string): Promise<KeyConflict | undefined> {
  const _id = target.keyId(doc.tenantId, key);
  try {
    await insertDocument(target.keys, { _id, tenantId: doc.tenantId, [target.owner]: doc._id });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const holder = (await target.keys.findById(_id).lean()) as Record<string, unknown> | null;
    const heldBy = holder?.[target.owner];
    // Held by this document already: an earlier run stopped between claiming and switching.
    if (heldBy !== doc._id) {
      return {
        collection: target.collection,
        tenantId: doc.tenantId,
        id: doc._id,
        name: doc.name,
        heldBy: String(heldBy),
      };
    }
  }
  if (await target.setKey(doc, key)) {
    await target.keys.deleteOne({ _id: target.keyId(doc.tenantId, doc.key), [target.owner]: doc._id });
  } else {
    // Renamed meanwhile: its own write claimed the key it needs; this claim is not needed.
    await target.keys.deleteOne({ _id, [target.owner]: doc._id });
  }
  return undefined;
}

function collections(models: TenantModels): KeyedCollection[] {
  return [
    keyed('users', models.users, models.userKeys, {
      name: 'userName',
      key: 'userNameKey',
      keyId: userNameKeyId,
      owner: 'userId',
    }),
    keyed('groups', models.groups, models.groupKeys, {
      name: 'displayName',
      key: 'displayNameKey',
      keyId: displayNameKeyId,
      owner: 'groupId',
    }),
  ];
}

/** A collection whose documents hold an identifier (`name`) and its stored key (`key`). */
function keyed<T extends { _id: string }, K extends { _id: string }>(
  collection: KeyedCollection['collection'],
  documents: Model<T>,
  keys: Model<K>,
  fields: Pick<KeyedCollection, 'keyId' | 'owner'> & { name: string; key: string },
): KeyedCollection {
  return {
    collection,
    async *scan() {
      const projection = { tenantId: 1, [fields.name]: 1, [fields.key]: 1 };
      const cursor = documents.find({}, projection).lean<Record<string, string>[]>().cursor();
      for await (const d of cursor)
        yield { _id: d._id!, tenantId: d.tenantId!, name: d[fields.name]!, key: d[fields.key]! };
    },
    async setKey(doc, key) {
      const result = await documents.collection.updateOne(
        { _id: doc._id as never, tenantId: doc.tenantId, [fields.name]: doc.name, [fields.key]: doc.key },
        { $set: { [fields.key]: key } },
      );
      return result.modifiedCount === 1;
    },
    keyId: fields.keyId,
    keys: keys as unknown as Model<{ _id: string; tenantId: string }>,
    owner: fields.owner,
  };
}
