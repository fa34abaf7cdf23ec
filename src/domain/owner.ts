import type { Refusal } from './refusal';
import type { UserState } from './user-state';

export type OwnerTransferDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly refusal: Refusal };

/**
 * I2 after a transfer: the new primary owner must exist and be active (docs/contract.md,
 * PUT /api/v1/account/owner). `target` is the user named, as stored, or null when there is none.
 * Naming the current owner again is allowed: it changes nothing.
 */
export function decideOwnerTransfer(target: UserState | null): OwnerTransferDecision {
  if (target === null) {
    return { allowed: false, refusal: { kind: 'invalid-value', reason: 'unknown-new-owner' } };
  }
  if (!target.active) {
    return {
      allowed: false,
      refusal: {
        kind: 'owner-protected',
        reason: 'new-owner-inactive',
        user: { id: target.id, userName: target.userName },
      },
    };
  }
  return { allowed: true };
}
