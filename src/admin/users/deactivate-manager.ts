import { RosterError, type ReassignmentRequest } from '../../domain';
import { bodyObject, ID_PATTERN } from '../request';

const EXAMPLE = '{}, {"reassignAllTo": "<user id>"} or {"reassign": {"<report id>": "<new manager id>"}}';

/** The body of POST /api/v1/users/{id}/deactivate. */
export function reassignmentRequestOf(body: unknown): ReassignmentRequest {
  const { reassignAllTo, reassign } = bodyObject(body, ['reassignAllTo', 'reassign'], EXAMPLE);
  if (reassignAllTo !== undefined && reassign !== undefined) {
    throw new RosterError('invalid-value', `Send reassignAllTo or reassign, not both: ${EXAMPLE}.`);
  }
  if (reassignAllTo !== undefined) return { reassignAllTo: idOf('reassignAllTo', reassignAllTo) };
  if (reassign === undefined) return {};
  if (typeof reassign !== 'object' || reassign === null || Array.isArray(reassign)) {
    throw new RosterError('invalid-value', `reassign must map report ids to new manager ids: ${EXAMPLE}.`);
  }
  const entries = Object.entries(reassign).map(([reportId, newManagerId]) => [
    idOf('a reassign key', reportId),
    idOf(`reassign["${reportId}"]`, newManagerId),
  ]);
  return { reassign: Object.fromEntries(entries) as Record<string, string> };
}

function idOf(what: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new RosterError('invalid-value', `${what} must be a user id (got ${JSON.stringify(value)}).`);
  }
  return value;
}
