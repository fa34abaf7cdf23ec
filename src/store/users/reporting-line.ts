import type { UserDocument } from './user-document';

/** How far up a manager chain a cycle check walks; deeper org charts are not real. */
export const MAX_CHAIN = 64;

/**
 * The I1 ledger is a claim; the report's own document is the truth (docs/domain.md). A ledger
 * entry counts as an active report only when the report's document says so: it is active and
 * names this manager. Every reader of the ledger (the guard's facts, the consistency check,
 * deactivate-a-manager) asks this, and only this.
 */
export function isActiveReportOf(
  manager: Pick<UserDocument, '_id'>,
  report: Pick<UserDocument, 'active' | 'managerId'> | null | undefined,
): boolean {
  return report != null && report.active && report.managerId === manager._id;
}

/**
 * The ids walking up from `fromId` through each user's manager: `fromId` first, stopping at the
 * top, at a user already seen (a cycle) or after MAX_CHAIN steps.
 */
export async function managerChain(
  fromId: string,
  managerIdOf: (id: string) => Promise<string | undefined>,
): Promise<string[]> {
  const chain: string[] = [];
  let current: string | undefined = fromId;
  while (current !== undefined && chain.length < MAX_CHAIN && !chain.includes(current)) {
    chain.push(current);
    current = await managerIdOf(current);
  }
  return chain;
}
