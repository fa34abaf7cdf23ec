import type { UserState } from '../../domain';
import type { UserDocument } from './user-document';

export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The domain's view of a stored user; `profile` is SCIM-shaped for the I3 policy paths. */
export function userStateOf(doc: UserDocument): UserState {
  return {
    id: doc._id,
    userName: doc.userName,
    active: doc.active,
    managerId: doc.managerId ?? null,
    canManageTeam: doc.canManageTeam,
    profile: {
      userName: doc.userName,
      externalId: doc.externalId,
      name: doc.name,
      displayName: doc.displayName,
      nickName: doc.nickName,
      title: doc.title,
      userType: doc.userType,
      emails: doc.emails,
      phoneNumbers: doc.phoneNumbers,
      addresses: doc.addresses,
      [ENTERPRISE_URN]: doc.enterprise,
    },
  };
}
