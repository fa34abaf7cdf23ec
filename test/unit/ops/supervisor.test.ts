import type { EmbeddedServer } from '../../../src/store/embedded/embedded-server';
import { supervise, portOf, type RestartPolicy } from '../../../src/store/embedded/supervisor';
import { createLogger } from '../../../src/log';

const log = createLogger('silent');
const POLICY: RestartPolicy = {
  fastFailureMs: 1000,
  maxFastFailures: 3,
  firstBackoffMs: 5,
  maxBackoffMs: 20,
};

/** A stand-in server process: `crash()` makes it exit on its own, as a killed child would. */
function fakeServer(pid: number) {
  let exit = () => {};
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const server: EmbeddedServer & { crash(): void; stopped: boolean } = {
    kind: 'ferretdb',
    uri: 'mongodb://127.0.0.1:41000/',
    pid,
    exited,
    restarts: 0,
    stopped: false,
    crash: exit,
    async stop() {
      server.stopped = true;
      exit();
    },
  };
  return server;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('embedded store supervisor', () => {
  it('restarts a server that exits on its own, and counts the restarts', async () => {
    const runs = [fakeServer(1)];
    const supervised = supervise(
      runs[0]!,
      async () => {
        runs.push(fakeServer(runs.length + 1));
        return runs.at(-1)!;
      },
      log,
      POLICY,
    );
    expect(supervised.restarts).toBe(0);
    runs[0]!.crash();
    await until(() => supervised.restarts === 1);
    expect(supervised.pid).toBe(2);
    runs[1]!.crash();
    await until(() => supervised.restarts === 2);
    expect(supervised.pid).toBe(3);
    expect(supervised.uri).toBe('mongodb://127.0.0.1:41000/');

    await supervised.stop();
    await supervised.exited;
    expect(runs[2]!.stopped).toBe(true);
  });

  it('gives up after repeated fast failures, and says so through `exited`', async () => {
    const first = fakeServer(1);
    let attempts = 0;
    const supervised = supervise(
      first,
      async () => {
        attempts += 1;
        throw new Error('address already in use');
      },
      log,
      POLICY,
    );
    first.crash();
    await supervised.exited;
    // The crash was the first fast failure; restarts are tried until the count passes the limit.
    expect(attempts).toBe(POLICY.maxFastFailures);
    expect(supervised.restarts).toBe(0);
  });

  it('a server that crashes right after every restart is given up on too', async () => {
    const runs = [fakeServer(1)];
    const supervised = supervise(
      runs[0]!,
      async () => {
        const next = fakeServer(runs.length + 1);
        runs.push(next);
        setTimeout(() => next.crash(), 1);
        return next;
      },
      log,
      POLICY,
    );
    runs[0]!.crash();
    await supervised.exited;
    expect(supervised.restarts).toBe(POLICY.maxFastFailures);
  });

  it('stop() during a backoff cancels the restart', async () => {
    const first = fakeServer(1);
    let attempts = 0;
    const supervised = supervise(
      first,
      async () => {
        attempts += 1;
        return fakeServer(2);
      },
      log,
      { ...POLICY, firstBackoffMs: 10_000, maxBackoffMs: 10_000 },
    );
    first.crash();
    await new Promise((r) => setTimeout(r, 10));
    await supervised.stop();
    await supervised.exited;
    expect(attempts).toBe(0);
  });

  it('reads the port of the first run from its URI', () => {
    expect(portOf('mongodb://127.0.0.1:41234/')).toBe(41234);
    expect(() => portOf('mongodb://127.0.0.1/')).toThrow(/no port/);
  });
});
