import autocannon from 'autocannon';
import { deepStartIndex, type BaselineId } from './baseline';
import { PATCH_OP, scimUserBody, type Directory, type DirectoryUser } from './seed';
import type { StoreCalls } from './server';
import { cpuMeter, log, perOp, summarise, type CellResult } from './stats';

export type ScenarioId =
  | 'get-id'
  | 'get-hit'
  | 'get-miss'
  | 'page-first'
  | 'page-deep'
  | 'guard-409'
  | 'patch-okta'
  | 'patch-entra'
  | 'put'
  | 'delta-entra'
  | 'sync-okta'
  | 'post'
  | 'bulk-sync';

/** What a connection carries from one request of its sequence to the next (autocannon's `context`). */
interface Step {
  user?: DirectoryUser;
  id?: string | undefined;
  title?: string;
  department?: string;
}
const step = (context: object) => context as Step;

export interface Scenario {
  id: ScenarioId;
  label: string;
  baseline: BaselineId;
  /** The status every response should have; anything else is counted and flagged in the table. */
  expect: number;
  /**
   * timed: a closed-loop load measured over a window (see windowedLoad). sync: each user of
   * `users` once, a step being two requests (the filter lookup, then the write), timed per step
   * and as a whole.
   */
  kind: 'timed' | 'sync';
  users?: DirectoryUser[];
  /** The autocannon request sequence a connection loops over; `run` is unique to each load. */
  requests(run: number): autocannon.Request[];
}

const PREFIX = '/scim/v2';
const filterPath = (filter: string) => `${PREFIX}/Users?filter=${encodeURIComponent(filter)}`;
const patch = (...operations: Record<string, unknown>[]) =>
  JSON.stringify({ schemas: [PATCH_OP], Operations: operations });

/** The two request shapes the issue names for a status change. */
const OKTA_ACTIVE = (active: boolean) => patch({ op: 'replace', value: { active } });
const ENTRA_ACTIVE = (active: boolean) =>
  patch({ op: 'Replace', path: 'active', value: active ? 'True' : 'False' });

/** Which users the Okta sync of run `run` changes (one in ten); the others are PUT exactly as stored. */
export const syncChanges = (user: DirectoryUser, run: number) => (user.index + run) % 10 === 0;

/** A round-robin cursor shared by all connections, so they spread over users instead of colliding. */
function cursor<T>(list: readonly T[]): () => T {
  let i = 0;
  return () => list[i++ % list.length]!;
}

function idFromListResponse(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { Resources?: { id: string }[] }).Resources?.[0]?.id;
  } catch {
    return undefined;
  }
}

export function scenarios(directory: Directory, opts: { syncUsers: number }): Scenario[] {
  const all = directory.users;
  const leaves = directory.leaves;
  // A sync covers whole multiples of 32 users, so every connection (1, 8 or 32) gets whole lookup+write pairs.
  const syncList = all.slice(0, Math.max(32, Math.floor(Math.min(opts.syncUsers, all.length) / 32) * 32));
  // Entra's delta touches a fifth of the directory: every 5th user (then the next ones, to fill 32).
  const deltaList = [...all].sort((a, b) => (a.index % 5) - (b.index % 5) || a.index - b.index);
  const deltaSlice = deltaList.slice(
    0,
    Math.max(32, Math.floor(Math.min(all.length, opts.syncUsers) / 5 / 32) * 32),
  );

  const statusToggle =
    (form: (active: boolean) => string): Scenario['requests'] =>
    () => {
      const next = cursor(leaves);
      return [
        {
          method: 'PATCH',
          setupRequest: (req, context: object) => {
            step(context).user = next();
            return {
              ...req,
              path: `${PREFIX}/Users/${step(context).user!.id}`,
              body: form(false),
            };
          },
        },
        {
          method: 'PATCH',
          setupRequest: (req, context: object) => ({
            ...req,
            path: `${PREFIX}/Users/${step(context).user!.id}`,
            body: form(true),
          }),
        },
      ];
    };

  return [
    {
      id: 'get-id',
      label: 'GET /Users/{id}',
      baseline: 'read',
      expect: 200,
      kind: 'timed',
      requests: () => {
        const next = cursor(all);
        return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${PREFIX}/Users/${next().id}` }) }];
      },
    },
    {
      id: 'get-hit',
      label: 'GET /Users?filter=userName eq (hit)',
      baseline: 'key-hit',
      expect: 200,
      kind: 'timed',
      requests: () => {
        const next = cursor(all);
        return [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: filterPath(`userName eq "${next().userName}"`) }),
          },
        ];
      },
    },
    {
      id: 'get-miss',
      label: 'GET /Users?filter=userName eq (miss)',
      baseline: 'key-miss',
      expect: 200,
      kind: 'timed',
      requests: (run) => {
        let k = 0;
        return [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: filterPath(`userName eq "nobody.${run}.${k++}@example.com"`),
            }),
          },
        ];
      },
    },
    {
      id: 'page-first',
      label: 'GET /Users page of 100, startIndex=1',
      baseline: 'page-first',
      expect: 200,
      kind: 'timed',
      requests: () => [{ method: 'GET', path: `${PREFIX}/Users?startIndex=1&count=100` }],
    },
    {
      id: 'page-deep',
      label: `GET /Users page of 100, startIndex=${deepStartIndex(all.length)}`,
      baseline: 'page-deep',
      expect: 200,
      kind: 'timed',
      requests: () => [
        { method: 'GET', path: `${PREFIX}/Users?startIndex=${deepStartIndex(all.length)}&count=100` },
      ],
    },
    {
      id: 'guard-409',
      label: 'PATCH active false on a manager with reports (409)',
      baseline: 'read',
      expect: 409,
      kind: 'timed',
      requests: () => {
        const next = cursor(directory.teamLeads);
        return [
          {
            method: 'PATCH',
            setupRequest: (req) => ({
              ...req,
              path: `${PREFIX}/Users/${next().id}`,
              body: OKTA_ACTIVE(false),
            }),
          },
        ];
      },
    },
    {
      id: 'patch-okta',
      label: 'PATCH active false/true, Okta form',
      baseline: 'read-update',
      expect: 200,
      kind: 'timed',
      requests: statusToggle(OKTA_ACTIVE),
    },
    {
      id: 'patch-entra',
      label: 'PATCH active False/True, Entra form',
      baseline: 'read-update',
      expect: 200,
      kind: 'timed',
      requests: statusToggle(ENTRA_ACTIVE),
    },
    {
      id: 'put',
      label: 'PUT /Users/{id} (whole profile, title changed)',
      baseline: 'read-update',
      expect: 200,
      kind: 'timed',
      requests: (run) => {
        const next = cursor(all);
        let k = 0;
        return [
          {
            method: 'PUT',
            setupRequest: (req, context: object) => {
              const user = next();
              const title = `${user.title.split(' #')[0]} #${run}.${k++}`;
              step(context).user = user;
              step(context).title = title;
              return {
                ...req,
                path: `${PREFIX}/Users/${user.id}`,
                body: JSON.stringify(scimUserBody({ ...user, title }, directory)),
              };
            },
            // Keep the directory's idea of each profile true, so a later sync's "unchanged" PUTs are.
            onResponse: (status, _body, context: object) => {
              if (status === 200) step(context).user!.title = step(context).title!;
            },
          },
        ];
      },
    },
    {
      id: 'delta-entra',
      label: `Entra delta: ${deltaSlice.length} users, filter externalId eq + PATCH title/department`,
      baseline: 'delta-entra',
      expect: 200,
      kind: 'sync',
      users: deltaSlice,
      requests: (run) => {
        const next = cursor(deltaSlice);
        return [
          {
            method: 'GET',
            setupRequest: (req, context: object) => {
              step(context).user = next();
              return {
                ...req,
                path: filterPath(`externalId eq "${step(context).user!.externalId}"`),
              };
            },
            onResponse: (_status, body, context: object) => {
              step(context).id = idFromListResponse(body);
            },
          },
          {
            method: 'PATCH',
            setupRequest: (req, context: object) => {
              if (!step(context).id) return null as unknown as autocannon.Request; // lookup failed: start over
              const user = step(context).user!;
              step(context).title = `${user.title.split(' #')[0]} #${run}`;
              step(context).department = `${user.department.split(' #')[0]} #${run}`;
              return {
                ...req,
                path: `${PREFIX}/Users/${step(context).id!}`,
                body: patch(
                  { op: 'Replace', path: 'title', value: step(context).title },
                  {
                    op: 'Replace',
                    path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
                    value: step(context).department,
                  },
                ),
              };
            },
            onResponse: (status, _body, context: object) => {
              if (status !== 200) return;
              const user = step(context).user!;
              user.title = step(context).title!;
              user.department = step(context).department!;
            },
          },
        ];
      },
    },
    {
      id: 'sync-okta',
      label: `Okta full sync: ${syncList.length} users, filter userName eq + PUT (1 in 10 changed)`,
      baseline: 'sync-okta',
      expect: 200,
      kind: 'sync',
      users: syncList,
      requests: (run) => {
        const next = cursor(syncList);
        return [
          {
            method: 'GET',
            setupRequest: (req, context: object) => {
              step(context).user = next();
              return {
                ...req,
                path: filterPath(`userName eq "${step(context).user!.userName}"`),
              };
            },
            onResponse: (_status, body, context: object) => {
              step(context).id = idFromListResponse(body);
            },
          },
          {
            method: 'PUT',
            setupRequest: (req, context: object) => {
              if (!step(context).id) return null as unknown as autocannon.Request;
              const user = step(context).user!;
              const title = syncChanges(user, run) ? `${user.title.split(' #')[0]} #${run}` : user.title;
              step(context).title = title;
              return {
                ...req,
                path: `${PREFIX}/Users/${step(context).id!}`,
                body: JSON.stringify(scimUserBody({ ...user, title }, directory)),
              };
            },
            onResponse: (status, _body, context: object) => {
              if (status === 200) step(context).user!.title = step(context).title!;
            },
          },
        ];
      },
    },
    {
      id: 'post',
      label: 'POST /Users (new hire under a team lead)',
      baseline: 'insert',
      expect: 201,
      kind: 'timed',
      requests: (run) => {
        const nextLead = cursor(directory.teamLeads);
        const template = leaves[0]!;
        let k = 0;
        return [
          {
            method: 'POST',
            setupRequest: (req) => {
              const lead = nextLead();
              const n = k++;
              const user: DirectoryUser = {
                ...template,
                userName: `new.hire.${run}.${n}@example.com`,
                externalId: `00unew${run}x${n}`,
                emails: [{ value: `new.hire.${run}.${n}@example.com`, type: 'work', primary: true }],
                managerIndex: lead.index,
                department: lead.department,
              };
              return { ...req, path: `${PREFIX}/Users`, body: JSON.stringify(scimUserBody(user, directory)) };
            },
          },
        ];
      },
    },
  ];
}

export interface Target {
  baseUrl: string;
  token: string;
  pids: { server?: number | undefined; store?: number | undefined };
  /** Commands the server has sent its store so far (bench/count-store.ts). */
  storeCalls?: () => Promise<StoreCalls>;
}

let runs = 0;

/** How long a timed cell measures, and how far it may stretch to collect enough samples. */
export interface Window {
  warmSeconds: number;
  seconds: number;
  /** The window stays open past `seconds` until this many requests were sent in it... */
  minSamples: number;
  /** ...but never past this many seconds. */
  maxSeconds: number;
}

/** The two fields of autocannon's per-connection client that let a timed load end gracefully. */
interface ClientCounters {
  reqsMade: number;
  responseMax: number | undefined;
  on(event: 'request', listener: () => void): void;
}

/**
 * A closed-loop load in one go: warm-up, then the measured window. Only requests *sent* inside
 * the window count, each timed to its response, so neither the ramp-up from an idle server nor a
 * cut-off tail skews latencies (at concurrency 32 a request waits behind the 31 others). The load
 * ends gracefully: each connection finishes the request it has in flight (and the rest of its
 * sequence: the reactivation after a deactivation) and stops. autocannon's own `duration` drops
 * in-flight requests instead, and the server would go on working on them into the next cell.
 */
async function windowedLoad(
  options: autocannon.Options,
  window: Window,
  sequenceLength: number,
  pids: Target['pids'],
): Promise<{
  completedInWindow: number;
  latencies: number[];
  statuses: Record<string, number>;
  seconds: number;
  errors: number;
  cpu: CellResult['cpuMsPerOp'];
  /** Every response of the load, warm-up included (the store calls are counted over all of it). */
  responses: number;
}> {
  const clients: ClientCounters[] = [];
  const from = performance.now() + window.warmSeconds * 1000;
  let to = Infinity;
  let sentInWindow = 0;
  let meter: ReturnType<typeof cpuMeter> | undefined;
  let cpu: CellResult['cpuMsPerOp'];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    ...options,
    duration: 3600, // a cap only: the poll below ends the load
    setupClient: (client) => {
      const counters = client as unknown as ClientCounters;
      clients.push(counters);
      counters.on('request', () => {
        const now = performance.now();
        if (now >= from && now < to) sentInWindow += 1;
      });
    },
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  let completedInWindow = 0;
  let responses = 0;
  instance.on('response', (_client, status, _bytes, ms) => {
    responses += 1;
    const now = performance.now();
    // CPU is measured over the window, so it is spread over the responses completed in it.
    if (now >= from && now < to) completedInWindow += 1;
    const sent = now - ms;
    if (sent < from || sent >= to) return;
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  });
  const poll = setInterval(() => {
    const now = performance.now();
    if (!meter && now >= from) meter = cpuMeter(pids);
    const enough = sentInWindow >= window.minSamples || now >= from + window.maxSeconds * 1000;
    if (now < from + window.seconds * 1000 || !enough) return;
    to = now;
    cpu = meter?.(1);
    clearInterval(poll);
    for (const c of clients)
      c.responseMax = c.reqsMade + ((sequenceLength - (c.reqsMade % sequenceLength)) % sequenceLength);
  }, 10);
  try {
    const result = await instance;
    const errors = result.errors + result.timeouts;
    return { completedInWindow, latencies, statuses, seconds: (to - from) / 1000, errors, cpu, responses };
  } finally {
    clearInterval(poll);
  }
}

/**
 * One SCIM cell through autocannon: a timed one (see windowedLoad), or a sync: a short warm-up,
 * then every user once, timed whole, its latency per step (lookup + write). Latencies come from
 * each response: autocannon's own histogram rounds to whole milliseconds.
 */
export async function runScimCell(
  target: Target,
  scenario: Scenario,
  opts: { concurrency: number; window: Window },
): Promise<CellResult> {
  const sync = scenario.kind === 'sync';
  const connections = sync ? Math.min(opts.concurrency, scenario.users!.length) : opts.concurrency;
  const common = {
    url: target.baseUrl,
    connections,
    // A request slower than this on a loaded store is an error, not a hang of the whole bench.
    timeout: 120,
    // autocannon notices the end of a load at its next sample tick (1 s by default): keep that short.
    sampleInt: 20,
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
  };
  const sequenceLength = scenario.requests(0).length;

  if (!sync) {
    const callsBefore = await target.storeCalls?.();
    const load = await windowedLoad(
      { ...common, requests: scenario.requests(++runs) },
      opts.window,
      sequenceLength,
      target.pids,
    );
    const cell = summarise(load.latencies, load.seconds, load.errors);
    cell.statuses = load.statuses;
    cell.cpuMsPerOp = perOp(load.cpu, load.completedInWindow);
    Object.assign(cell, await callsPerOp(target, callsBefore, load.responses));
    return report(scenario, opts.concurrency, cell);
  }

  const warm = {
    ...opts.window,
    seconds: 0,
    minSamples: 0,
    warmSeconds: Math.min(0.5, opts.window.warmSeconds),
  };
  await windowedLoad({ ...common, requests: scenario.requests(++runs) }, warm, sequenceLength, target.pids);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const meter = cpuMeter(target.pids);
  const callsBefore = await target.storeCalls?.();
  // Timed here: autocannon's own duration is rounded to its sample ticks.
  const started = performance.now();
  let finished = started;
  const instance = autocannon({
    ...common,
    amount: sequenceLength * scenario.users!.length,
    requests: scenario.requests(++runs),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  // Each connection alternates lookup and write: its every second response ends a user's step.
  const steps = new Map<unknown, { ms: number; n: number }>();
  instance.on('response', (client, status, _bytes, ms) => {
    finished = performance.now();
    statuses[status] = (statuses[status] ?? 0) + 1;
    const step = steps.get(client) ?? { ms: 0, n: 0 };
    step.ms += ms;
    step.n += 1;
    if (step.n === sequenceLength) {
      latencies.push(step.ms);
      steps.delete(client);
    } else steps.set(client, step);
  });
  const result = await instance;
  const cell = summarise(latencies, (finished - started) / 1000, result.errors + result.timeouts);
  cell.statuses = statuses;
  // Per user step, the unit a sync's rate is in.
  cell.cpuMsPerOp = meter(latencies.length);
  Object.assign(cell, await callsPerOp(target, callsBefore, latencies.length));
  return report(scenario, opts.concurrency, cell);
}

/** Store commands per operation over a load that ended with nothing in flight. */
async function callsPerOp(
  target: Target,
  before: StoreCalls | undefined,
  ops: number,
): Promise<Pick<CellResult, 'storeCallsPerOp' | 'storeCallsByCommand'>> {
  if (before === undefined || ops === 0 || !target.storeCalls) return {};
  const after = await target.storeCalls();
  const byCommand: Record<string, number> = {};
  for (const [key, n] of Object.entries(after.byCommand)) {
    const delta = n - (before.byCommand[key] ?? 0);
    if (delta > 0) byCommand[key] = Math.round((delta / ops) * 100) / 100;
  }
  return { storeCallsPerOp: (after.total - before.total) / ops, storeCallsByCommand: byCommand };
}

function report(scenario: Scenario, concurrency: number, cell: CellResult): CellResult {
  const unexpected = Object.keys(cell.statuses ?? {}).filter((s) => Number(s) !== scenario.expect);
  if (unexpected.length || cell.errors) {
    log(
      `  ${scenario.id} c=${concurrency}: statuses ${JSON.stringify(cell.statuses)}, ${cell.errors} errors`,
    );
  }
  return cell;
}
