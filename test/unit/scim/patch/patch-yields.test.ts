/**
 * Issue 16 item 1: a PATCH gives the event loop a turn after every operation, so the worst request
 * the caps allow (src/domain/limits.ts) never keeps the process from answering others for longer
 * than one operation. Counted in event-loop turns, not milliseconds: a PATCH has no I/O, so every
 * turn another callback gets while it runs is one the PATCH gave up.
 */
import { REQUEST_LIMITS } from '../../../../src/domain/limits';
import { applyPatch, applyPatchYielding } from '../../../../src/scim/resources/users/user-patch';
import { patchBody, userResource } from './user-fixtures';

const babs = userResource();
const operations = REQUEST_LIMITS.patchOperations;
const body = patchBody(
  ...Array.from({ length: operations }, (_, i) => ({ op: 'replace', path: 'nickName', value: `n${i}` })),
);

/** How many turns a neighbour (a callback rescheduling itself) gets while `work` runs. */
async function neighbourTurnsDuring<T>(work: () => Promise<T> | T): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let running = true;
  const neighbour = () => {
    if (!running) return;
    turns += 1;
    setImmediate(neighbour);
  };
  setImmediate(neighbour);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}

describe('a PATCH yields between operations', () => {
  it(`a neighbour gets a turn after each of ${operations} operations`, async () => {
    const { turns, result } = await neighbourTurnsDuring(() => applyPatchYielding(babs, body));
    expect(result.nickName).toBe(`n${operations - 1}`);
    expect(turns).toBeGreaterThanOrEqual(operations - 1);
  });

  it('the same PATCH applied in one piece gives the neighbour no turn (what the count detects)', async () => {
    const { turns, result } = await neighbourTurnsDuring(() => applyPatch(babs, body));
    expect(result.nickName).toBe(`n${operations - 1}`);
    expect(turns).toBe(0);
  });

  it('yielding changes nothing in the result', async () => {
    expect(await applyPatchYielding(babs, body)).toEqual(applyPatch(babs, body));
  });
});
