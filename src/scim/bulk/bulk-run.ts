/**
 * Runs a bulk request (RFC 7644 §3.7) in the planned order (bulk-plan.ts). Each operation runs as
 * the single request would (bulk-operations.ts), and its failure is its own: it is reported on
 * that operation while the others apply (§3.7.3), until `failOnErrors` failures have been seen;
 * then the rest do not run, and only the operations that ran are reported.
 */
import { isRosterError, RosterError } from '../../domain';
import type { OperationResult, ScimContext } from '../operation';
import { planBulk } from './bulk-plan';
import { referencedBulkId, resolveReferences } from './bulk-references';
import type { BulkOperation, BulkRequest } from './bulk-request';

/** An operation with its references replaced by the ids their POSTs created. */
export type ResolvedOperation = Required<Pick<BulkOperation, 'method' | 'endpoint'>> &
  Pick<BulkOperation, 'target' | 'version' | 'data'>;

export type Execute = (ctx: ScimContext, op: ResolvedOperation) => Promise<OperationResult>;

export type BulkOutcome =
  | { readonly kind: 'done'; readonly result: OperationResult }
  /** Includes `unresolved-reference`: RFC 7644 §3.7.1, references that cannot be resolved (409). */
  | { readonly kind: 'failed'; readonly error: RosterError };

export interface OperationReport {
  readonly operation: BulkOperation;
  readonly outcome: BulkOutcome;
  /** The resource the operation wrote or meant to (§3.7.3: every result but a failed POST's has one). */
  readonly location?: string;
}

/** The reports of the operations that ran, in request order. */
export async function runBulk(
  ctx: ScimContext,
  request: BulkRequest,
  execute: Execute,
): Promise<OperationReport[]> {
  const { operations, failOnErrors } = request;
  const plan = planBulk(operations);
  const created = new Map<string, string>();
  const failed = new Set<number>();
  const reports = new Map<number, OperationReport>();

  for (const index of plan.order) {
    const op = operations[index]!;
    const outcome = await outcomeOf(op);
    const id = op.target === undefined ? undefined : resolveReferences(op.target, created);
    const location =
      outcome.kind === 'done' && outcome.result.location !== undefined
        ? outcome.result.location
        : op.method !== 'POST' && id !== undefined && referencedBulkId(id) === undefined
          ? `${ctx.baseUrl}/${op.endpoint}/${encodeURIComponent(id)}`
          : undefined;
    reports.set(index, { operation: op, outcome, ...(location === undefined ? {} : { location }) });
    if (outcome.kind === 'done') {
      if (op.method === 'POST' && op.bulkId !== undefined && outcome.result.resource !== undefined) {
        created.set(op.bulkId, String(outcome.result.resource.id));
      }
      continue;
    }
    failed.add(index);
    if (failOnErrors !== undefined && failed.size >= failOnErrors) break;
  }
  return [...reports.keys()].sort((a, b) => a - b).map((i) => reports.get(i)!);

  async function outcomeOf(op: BulkOperation): Promise<BulkOutcome> {
    if (op.invalid) return { kind: 'failed', error: op.invalid };
    const unknown = plan.unknown.get(op.index);
    if (unknown !== undefined) {
      return {
        kind: 'failed',
        error: new RosterError(
          'invalid-value',
          `"bulkId:${unknown}" names no POST operation of this request (RFC 7644 §3.7.2).`,
        ),
      };
    }
    const references = plan.references.get(op.index)!;
    if (plan.circular.has(op.index)) {
      const cycle = [...references.values()].filter((i) => plan.circular.has(i));
      return unresolved(
        `Operations[${op.index}] is part of a circular reference (with Operations[${cycle.join('], Operations[')}]) ` +
          'that cannot be resolved; nothing of it was applied (RFC 7644 §3.7.1). Send the resources without the ' +
          'reference, then set it with PATCH.',
      );
    }
    for (const [bulkId, index] of references) {
      if (failed.has(index)) {
        return unresolved(
          `"bulkId:${bulkId}" cannot be resolved: Operations[${index}], which creates it, failed (RFC 7644 §3.7.2).`,
        );
      }
    }
    try {
      const resolved = resolveReferences(
        { method: op.method!, endpoint: op.endpoint!, target: op.target, version: op.version, data: op.data },
        created,
      );
      return { kind: 'done', result: await execute(ctx, resolved) };
    } catch (err) {
      // Errors of the request are the operation's; anything else (a bug, the store gone) fails the request.
      if (isRosterError(err)) return { kind: 'failed', error: err };
      throw err;
    }
  }
}

function unresolved(detail: string): BulkOutcome {
  return { kind: 'failed', error: new RosterError('unresolved-reference', detail) };
}
