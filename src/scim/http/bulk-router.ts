import { Router } from 'express';
import { requireScope } from '../../http/auth';
import { ERROR_TABLE } from '../../http/error-table';
import type { Store } from '../../store';
import { BULK_RESPONSE } from '../bulk/bulk-limits';
import { executeOperation } from '../bulk/bulk-operations';
import { readBulkRequest } from '../bulk/bulk-request';
import { runBulk, type BulkOutcome, type OperationReport } from '../bulk/bulk-run';
import { scimErrorBody, type ScimErrorBody } from '../protocol/error-body';
import { scimContext } from './context';
import { sendScim } from './respond';

/**
 * POST /Bulk (RFC 7644 §3.7). The body limit of every SCIM request is bulk.maxPayloadSize, so a
 * larger body was refused with 413 before it got here (scim-router.ts). The response is 200 with
 * a BulkResponse however many operations failed: each carries its own status (§3.7.3).
 */
export function bulkRouter(store: Store): Router {
  const router = Router();
  router.post('/Bulk', requireScope('scim:write'), async (req, res) => {
    const request = readBulkRequest(req.body);
    const reports = await runBulk(scimContext(store, req, res, 'scim-bulk'), request, executeOperation);
    sendScim(res, 200, { schemas: [BULK_RESPONSE], Operations: reports.map(operationResponse) });
  });
  return router;
}

/** One entry of "Operations" in a BulkResponse (RFC 7644 §3.7.3). */
function operationResponse({ operation, outcome, location }: OperationReport): Record<string, unknown> {
  const { status, response } = statusOf(outcome);
  return {
    ...(operation.method === undefined ? {} : { method: operation.method }),
    ...(operation.bulkId === undefined ? {} : { bulkId: operation.bulkId }),
    ...(outcome.kind === 'done' && outcome.result.version !== undefined
      ? { version: outcome.result.version }
      : {}),
    ...(location === undefined ? {} : { location }),
    status: String(status),
    ...(response === undefined ? {} : { response }),
  };
}

/** The status a single request would have got, and for a failure its SCIM error (RFC 7644 §3.12). */
function statusOf(outcome: BulkOutcome): { status: number; response?: ScimErrorBody } {
  if (outcome.kind === 'done') return { status: outcome.result.status };
  const answer = ERROR_TABLE[outcome.error.kind];
  return { status: answer.status, response: scimErrorBody(answer, outcome.error.detail) };
}
