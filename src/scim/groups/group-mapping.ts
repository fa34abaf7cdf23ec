import type { GroupDocument, UserDocument } from '../../store';
import { etagOf } from '../users/user-mapping';
import { CORE_GROUP } from './group-schema';

/** One member as a Group shows it (RFC 7643 §4.2 `members`, §8.7.1). */
export interface ScimMember {
  value: string;
  $ref: string;
  display: string;
  type: 'User';
}

/**
 * A stored group as SCIM returns it. `members` undefined means they were not read (the response
 * leaves them out); an empty list is a group without members.
 */
export function toScimGroup(
  doc: GroupDocument,
  baseUrl: string,
  members: readonly ScimMember[] | undefined,
): Record<string, unknown> {
  return {
    schemas: [CORE_GROUP],
    id: doc._id,
    ...(doc.externalId === undefined ? {} : { externalId: doc.externalId }),
    displayName: doc.displayName,
    ...(members === undefined ? {} : { members }),
    meta: {
      resourceType: 'Group',
      created: doc.created.toISOString(),
      lastModified: doc.lastModified.toISOString(),
      location: `${baseUrl}/Groups/${doc._id}`,
      version: etagOf(doc.version),
    },
  };
}

export function toScimMember(user: UserDocument, baseUrl: string): ScimMember {
  return {
    value: user._id,
    $ref: `${baseUrl}/Users/${user._id}`,
    display: user.displayName ?? user.userName,
    type: 'User',
  };
}
