import { randomUUID } from 'node:crypto';
import { userNameKey, type UserDocument } from '../../src/store';

/**
 * A user document as the store keeps it, for seeding thousands straight into a collection (tests
 * and bench that need a big tenant fast). Active, no manager, no reports; `extra` adds the rest.
 * Seeding this way skips the user's key documents: insert those too where lookups matter.
 */
export function storedUser(
  tenantId: string,
  userName: string,
  at: Date = new Date(),
  extra: Partial<UserDocument> = {},
): UserDocument {
  return {
    _id: randomUUID(),
    tenantId,
    userName,
    userNameKey: userNameKey(userName),
    active: true,
    canManageTeam: false,
    activeReports: [],
    activeReportsAt: {},
    primaryOwner: false,
    version: 1,
    created: at,
    lastModified: at,
    ...extra,
  };
}
