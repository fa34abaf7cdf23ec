/**
 * The domain's public surface: other layers import from here only. Pure rules, no I/O, no clock
 * (docs/domain.md, docs/architecture.md, The arrow).
 */
export { RosterError, isRosterError, type RosterErrorKind } from './errors';
export {
  DEFAULT_TENANT_POLICY,
  type Actor,
  type Channel,
  type TenantPolicy,
  type UserRef,
  type UserState,
} from './user-state';
export { missingRequiredFields } from './profile';
export { isUserAttributePath } from './profile-paths';
export { foldCase } from './text';
export { identifierFragment, identifierKey, identifierProblem } from './identifiers';
export { REQUEST_LIMITS, STRING_LIMITS, exceedsLength, type StringKind } from './limits';
export { hasLoneSurrogate } from './unicode';
export { etagOf, versionFromIfMatch } from './version-tag';
export { refusalToError, type LifecycleAction, type Refusal } from './refusal';
export {
  decideChange,
  type Decision,
  type LedgerEffects,
  type LifecycleChange,
  type LifecycleFacts,
  type ManagerFacts,
} from './lifecycle';
export { decideOwnerTransfer, type OwnerTransferDecision } from './owner';
export {
  planManagerDeactivation,
  type ReassignmentPlan,
  type ReassignmentRequest,
  type ReportMove,
} from './reassignment';
export {
  changedEdits,
  readProfileText,
  viewText,
  type ProfileEdits,
  type ProfileTextField,
  type ProfileView,
} from './profile-edits';
export {
  SHEET_COLUMNS,
  TEAM_LEAD_IN_BULK_REASON,
  applicationOrder,
  isBlankRow,
  outcomeOfRefusal,
  planSheetRow,
  readSheetHeader,
  readSheetRow,
  rejectRepeatedUsers,
  sheetCells,
  type RowOutcome,
  type RowOutcomeKind,
  type RowRead,
  type SheetChange,
  type SheetField,
  type SheetHeader,
  type SheetRow,
  type SheetSubject,
  type SheetUser,
} from './csv';
