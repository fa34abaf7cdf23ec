/**
 * How filter literals compare with attribute values, shared by the in-memory matcher (match.ts) and
 * the MongoDB translation (to-mongo.ts) so both give the same answer.
 */

export { foldCase } from '../../domain';

/** xsd:dateTime as RFC 7643 §2.3.5 asks, also accepting a bare date; the zone defaults to UTC. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$/;

/** The instant a dateTime literal names, or undefined when it is not one. */
export function parseDateTime(text: string): Date | undefined {
  const parts = DATE_TIME.exec(text);
  if (!parts) return undefined;
  const [year, month, day] = [parts[1], parts[2], parts[3]].map(Number) as [number, number, number];
  // Date would roll 2024-02-30 over into March; a day the calendar lacks is not a dateTime.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const zoneless = parts[4] !== undefined && parts[7] === undefined;
  const date = new Date(zoneless ? `${text}Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A filter literal as a boolean. Microsoft Entra ID sends `"True"`/`"False"` strings for boolean
 * attributes (docs/contract.md, Interop), so those are accepted in any case.
 */
export function booleanFrom(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}
