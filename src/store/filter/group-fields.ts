/**
 * The filterable Group attributes stored on the group document (src/store/groups/group-document.ts).
 * `members` is not here: memberships are documents of their own, so `members eq "ID"` is resolved
 * through them (src/store/groups/group-filter.ts), never by a field of the group.
 */
import { CORE_GROUP } from '../../domain';
import { defineFieldMap } from './field-map';

export const groupFieldMap = defineFieldMap(CORE_GROUP, {
  id: { field: '_id', type: 'string', caseExact: true },
  externalId: { field: 'externalId', type: 'string', caseExact: true },
  // RFC 7643 §4.2: displayName is caseExact false; its folded copy serves eq and ordering.
  displayName: { field: 'displayName', type: 'string', caseExact: false, keyField: 'displayNameKey' },
  'meta.created': { field: 'created', type: 'dateTime', caseExact: false },
  'meta.lastModified': { field: 'lastModified', type: 'dateTime', caseExact: false },
});
