import { RosterError } from '../../../src/domain';
import { listingLane, serialisingLane } from '../../../src/store/write-lane';

/** A promise and the function that settles it, so a test decides when work ends. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('serialisingLane', () => {
  it("runs a tenant's work one at a time, another tenant's beside it", async () => {
    const lane = serialisingLane();
    const first = gate();
    const order: string[] = [];
    const a1 = lane.run('a', async () => {
      await first.opened;
      order.push('a1');
    });
    const a2 = lane.run('a', async () => {
      order.push('a2');
    });
    await lane.run('b', async () => {
      order.push('b1');
    });
    first.open();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('drops work that waited past abandonAfterMs, unrun, and goes on with the next', async () => {
    let now = 0;
    const lane = serialisingLane({ abandonAfterMs: 1000, now: () => now });
    const first = gate();
    const ran: string[] = [];
    const slow = lane.run('a', async () => {
      await first.opened;
      ran.push('slow');
    });
    const late = lane.run('a', async () => {
      ran.push('late');
    });
    await new Promise((resolve) => setImmediate(resolve)); // the first has started
    now = 1001; // the queued request has been answered 503 by now
    const fresh = lane.run('a', async () => {
      ran.push('fresh');
    });
    first.open();
    await slow;
    await expect(late).rejects.toThrow(RosterError);
    await expect(late).rejects.toMatchObject({ kind: 'store-unavailable' });
    await fresh;
    expect(ran).toEqual(['slow', 'fresh']);
  });
});

describe('listingLane', () => {
  it('lets `limit` listings of a tenant run at once; the next waits for a free slot', async () => {
    const lane = listingLane(2);
    const gates = [gate(), gate()];
    let running = 0;
    let most = 0;
    const work = (g?: { opened: Promise<void> }) => async () => {
      running += 1;
      most = Math.max(most, running);
      await g?.opened;
      running -= 1;
    };
    const a = lane.run('t', work(gates[0]));
    const b = lane.run('t', work(gates[1]));
    let thirdDone = false;
    const c = lane.run('t', work()).then(() => (thirdDone = true));
    // Another tenant is not held up by this one's full lane.
    await lane.run('other', async () => undefined);
    expect(thirdDone).toBe(false);
    gates[0]!.open();
    await a;
    await c;
    gates[1]!.open();
    await b;
    expect(most).toBe(2);
  });

  it('an abandoned waiter passes its slot on', async () => {
    let now = 0;
    const lane = listingLane(1, { abandonAfterMs: 500, now: () => now });
    const first = gate();
    const a = lane.run('t', () => first.opened);
    const late = lane.run('t', async () => 'late');
    now = 501;
    const next = lane.run('t', async () => 'next');
    first.open();
    await a;
    await expect(late).rejects.toMatchObject({ kind: 'store-unavailable' });
    await expect(next).resolves.toBe('next');
  });

  it('an iteration holds its slot until it ends', async () => {
    const lane = listingLane(1);
    async function* three() {
      yield 1;
      yield 2;
      yield 3;
    }
    const seen: string[] = [];
    const iteration = (async () => {
      for await (const n of lane.iterate('t', three)) {
        seen.push(String(n));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setImmediate(resolve)); // the iteration holds the slot
    const waiting = lane.run('t', async () => {
      seen.push('other');
    });
    await Promise.all([iteration, waiting]);
    expect(seen).toEqual(['1', '2', '3', 'other']);
  });
});
