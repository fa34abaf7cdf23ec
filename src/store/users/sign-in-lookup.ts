import type { TenantModel } from '../tenant-databases';
import type { UserDocument } from './user-document';

/** Regex metacharacters escaped, so an email is matched as text (no operator or pattern injection). */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The users a person signing in with `email` may be (contract.md, People sign in to the page):
 * those whose userName or primary email (the first email when none is marked primary) equals it,
 * case-insensitively. Who among them may sign in is the caller's to decide.
 */
export function signInLookup(users: TenantModel<UserDocument>) {
  return {
    async bySignInEmail(tenantId: string, email: string): Promise<UserDocument[]> {
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return [];
      const exact = { $regex: `^${escapeRegex(wanted)}$`, $options: 'i' };
      const found = await (
        await users(tenantId)
      )
        .find({ tenantId: { $eq: tenantId }, $or: [{ userName: exact }, { 'emails.value': exact }] })
        .limit(20)
        .lean<UserDocument[]>();
      return found.filter((user) => {
        const primary = user.emails?.find((e) => e.primary === true) ?? user.emails?.[0];
        return user.userName.toLowerCase() === wanted || primary?.value?.toLowerCase() === wanted;
      });
    },
  };
}
