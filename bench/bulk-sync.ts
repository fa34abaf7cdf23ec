/**
 * The scheduled-sync row: one POST /Bulk of `operations` operations, the first half creating new
 * hires under the team leads, the second half PATCHing each of them by its bulkId (title). Timed
 * whole; the rate is operations per second. Its baseline does each operation's store floor with
 * the driver, one after the other: a create's three inserts, a PATCH's read and update.
 */
import { baselineOperation, type BaselineContext } from './baseline';
import type { Target } from './scenarios';
import { PATCH_OP, scimUserBody, type Directory, type DirectoryUser } from './seed';
import { cpuMeter, summarise, type CellResult } from './stats';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
let runs = 0;

export async function runBulkSync(
  target: Target,
  directory: Directory,
  operations: number,
): Promise<CellResult> {
  const run = ++runs;
  const creates = Math.floor(operations / 2);
  const template = directory.leaves[0]!;
  const Operations: Record<string, unknown>[] = [];
  for (let i = 0; i < creates; i += 1) {
    const lead = directory.teamLeads[i % directory.teamLeads.length]!;
    const user: DirectoryUser = {
      ...template,
      userName: `bulk.${run}.${i}@example.com`,
      externalId: `00ubulk${run}x${i}`,
      emails: [{ value: `bulk.${run}.${i}@example.com`, type: 'work', primary: true }],
      managerIndex: lead.index,
      department: lead.department,
    };
    Operations.push({ method: 'POST', path: '/Users', bulkId: `b${i}`, data: scimUserBody(user, directory) });
  }
  for (let i = 0; i < operations - creates; i += 1) {
    Operations.push({
      method: 'PATCH',
      path: `/Users/bulkId:b${i % creates}`,
      data: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'title', value: `Bulk ${run}.${i}` }],
      },
    });
  }
  const before = await target.storeCalls?.();
  const meter = cpuMeter(target.pids);
  const started = performance.now();
  const res = await fetch(`${target.baseUrl}/scim/v2/Bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [BULK_REQUEST], Operations }),
  });
  const body = (await res.json()) as { Operations?: { status: string }[] };
  const ms = performance.now() - started;
  const statuses: Record<string, number> = {};
  // 201 (created) and 200 (patched) both count as done.
  for (const op of body.Operations ?? []) {
    const key = op.status === '201' ? '200' : op.status;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  if (res.status !== 200) statuses[`bulk ${res.status}`] = 1;
  return cell(ms, operations, statuses, meter(operations), before, target);
}

/** The same operations' store floor with the driver, one after the other. */
export async function runBulkBaseline(
  ctx: BaselineContext,
  operations: number,
  pids: Target['pids'],
): Promise<CellResult> {
  const insert = baselineOperation('insert', ctx);
  const readUpdate = baselineOperation('read-update', ctx);
  const creates = Math.floor(operations / 2);
  const meter = cpuMeter(pids);
  const started = performance.now();
  for (let i = 0; i < creates; i += 1) await insert(i);
  for (let i = 0; i < operations - creates; i += 1) await readUpdate(i);
  const ms = performance.now() - started;
  return cell(ms, operations, undefined, meter(operations));
}

async function cell(
  ms: number,
  operations: number,
  statuses: Record<string, number> | undefined,
  cpu: CellResult['cpuMsPerOp'],
  before?: Awaited<ReturnType<NonNullable<Target['storeCalls']>>>,
  target?: Target,
): Promise<CellResult> {
  // One sample per operation at the mean: a bulk is timed whole, not per operation.
  const result = summarise(Array(operations).fill(ms / operations), ms / 1000);
  result.cpuMsPerOp = cpu;
  if (statuses) result.statuses = statuses;
  if (before && target?.storeCalls)
    result.storeCallsPerOp = ((await target.storeCalls()).total - before.total) / operations;
  return result;
}
