import { RosterError } from './errors';
import type { Refusal } from './refusal';
import type { Actor, Channel, UserRef } from './user-state';

/**
 * A pending deactivation (docs/contract.md "Pending deactivations"): an IdP's deactivation or DELETE
 * that I1 or I2 refused is kept as a request Roster finishes once the block is gone, because
 * an IdP's failed task is otherwise a dead end nobody in the account sees (issue 14).
 */
export type PendingAction = 'deactivate' | 'delete';

export interface PendingDeactivation {
  readonly action: PendingAction;
  /** The token (IdP connection) that asked, as the audit trail names actors. */
  readonly requestedBy: string;
  readonly channel: Channel;
  readonly requestedAt: Date;
  readonly lastRequestedAt: Date;
  readonly attempts: number;
  /** Set when I3 refused carrying it out: the profile needs these attributes first. */
  readonly missing?: readonly string[];
}

/** What still stands in the way, as GET /api/v1/pending-deactivations shows it. */
export type PendingBlock =
  | { readonly activeReports: number; readonly names: readonly string[] }
  | { readonly primaryOwner: true }
  | { readonly missing: readonly string[] };

/** The channels whose refused deprovisioning becomes pending: the IdPs' (SCIM), not a person's. */
const IDP_CHANNELS: readonly Channel[] = ['scim', 'scim-bulk'];

/**
 * The action to keep pending when `refusal` answered a request on `channel`, or null when the
 * refusal is not one Roster can finish later (only I1's active reports and I2's owner end by
 * themselves; an I3 refusal is the IdP's to fix in the request).
 */
export function pendableAction(refusal: Refusal, channel: Channel): PendingAction | null {
  if (!IDP_CHANNELS.includes(channel)) return null;
  switch (refusal.reason) {
    case 'active-reports':
    case 'owner':
      return refusal.action;
    default:
      return null;
  }
}

/** The refusal's error with the sentence that tells the IdP admin what happens next. */
export function withPendingNotice(error: RosterError, refusal: Refusal, action: PendingAction): RosterError {
  const block =
    refusal.reason === 'owner' ? 'ownership of the account is transferred' : 'their team is reassigned';
  const verb = action === 'delete' ? 'delete' : 'deactivate';
  const detail = `${error.detail} Roster has recorded this request and will ${verb} the user once ${block}; no retry is needed.`;
  return new RosterError(error.kind, detail, { ...error.data, pending: true });
}

export function firstRequest(action: PendingAction, actor: Actor, at: Date): PendingDeactivation {
  return {
    action,
    requestedBy: actor.tokenName,
    channel: actor.channel,
    requestedAt: at,
    lastRequestedAt: at,
    attempts: 1,
  };
}

/** How many names a block shows, as a refusal's detail does. */
const NAMES_SHOWN = 5;

/** The block of a pending request, from what the store knows about its user now; null = none left. */
export function pendingBlock(facts: {
  readonly isOwner: boolean;
  readonly activeReports: readonly UserRef[];
  readonly missing: readonly string[] | undefined;
}): PendingBlock | null {
  if (facts.isOwner) return { primaryOwner: true };
  if (facts.activeReports.length > 0) {
    return {
      activeReports: facts.activeReports.length,
      names: facts.activeReports.slice(0, NAMES_SHOWN).map((r) => r.userName),
    };
  }
  if (facts.missing && facts.missing.length > 0) return { missing: facts.missing };
  return null;
}
