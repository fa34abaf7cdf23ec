import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RosterErrorKind } from '../domain';
import type { StoreObserver } from '../store';

/** The lifecycle guard's refusals (docs/domain.md I1–I3), each a rule an operator may watch. */
export const GUARD_RULES = [
  'has-active-reports',
  'owner-protected',
  'inactive-manager',
  'incomplete-profile',
  'invalid-manager',
  'team-lead-in-bulk',
] as const satisfies readonly RosterErrorKind[];
type GuardRule = (typeof GUARD_RULES)[number];

/** From a fast `userName eq` lookup to a full-tenant listing or a request at its timeout. */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface RequestObservation {
  method: string;
  /** The route pattern (`/scim/v2/Users/:id`), never a raw path: ids would explode the series. */
  route: string;
  status: number;
  seconds: number;
}

export interface Metrics {
  readonly registry: Registry;
  observeRequest(observation: RequestObservation): void;
  /** Counts what an error response said, for the kinds operators watch. */
  observeError(kind: RosterErrorKind): void;
  /**
   * Hears the store's refusals, as their audit rows are written (handed to the store at
   * connectStore): a refused row of a /Bulk 200 or a spreadsheet report counts like a 409.
   */
  readonly store: StoreObserver;
}

/**
 * Roster's Prometheus metrics, in a Registry of their own (never prom-client's global one), so
 * every app built in one process — tests build many — counts for itself.
 */
export interface MetricSources {
  embeddedStoreRestarts: () => number;
  /** Pending deactivations of every tenant, read from the store at each scrape. */
  pendingDeactivations?: () => Promise<{ count: number; oldestRequestedAt: Date | null }>;
  now?: (() => Date) | undefined;
}

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'roster_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'Time from request to response, by route pattern and method',
    labelNames: ['route', 'method'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'roster_guard_refusals_total',
    help: 'Changes the lifecycle guard refused, by rule (one per refusal in the audit trail)',
    labelNames: ['rule'] as const,
    registers: [registry],
  });
  const storeUnavailable = new Counter({
    name: 'roster_store_unavailable_total',
    help: 'Requests answered 503 because the store could not be reached',
    registers: [registry],
  });
  const storeFull = new Counter({
    name: 'roster_store_full_total',
    help: 'Requests answered 503 because the store refused to write (disk full or read-only)',
    registers: [registry],
  });
  let restartsSeen = 0;
  new Counter({
    name: 'roster_embedded_store_restarts_total',
    help: 'Times the embedded store was restarted after exiting on its own',
    registers: [registry],
    collect() {
      // The supervisor counts; this catches up with it at each scrape.
      const restarts = sources.embeddedStoreRestarts();
      if (restarts > restartsSeen) this.inc(restarts - restartsSeen);
      restartsSeen = restarts;
    },
  });
  for (const rule of GUARD_RULES) refusals.inc({ rule }, 0);
  const { pendingDeactivations } = sources;
  if (pendingDeactivations) {
    const now = sources.now ?? (() => new Date());
    // One store read serves both gauges of a scrape; the store is the truth, not this process.
    // A store that does not answer keeps the last reading (the outage has metrics of its own).
    let last = { count: 0, oldestRequestedAt: null as Date | null };
    let reading: Promise<typeof last> | undefined;
    const read = () =>
      (reading ??= pendingDeactivations()
        .then((totals) => (last = totals))
        .catch(() => last)
        .finally(() => setImmediate(() => (reading = undefined))));
    new Gauge({
      name: 'roster_pending_deactivations',
      help: 'IdP deactivations and deletes refused by I1/I2 that Roster will finish once unblocked',
      registers: [registry],
      async collect() {
        this.set((await read()).count);
      },
    });
    new Gauge({
      name: 'roster_pending_deactivation_oldest_seconds',
      help: 'Age of the oldest pending deactivation (0 when none)',
      registers: [registry],
      async collect() {
        const { oldestRequestedAt } = await read();
        this.set(oldestRequestedAt ? Math.max(0, (now().getTime() - oldestRequestedAt.getTime()) / 1000) : 0);
      },
    });
  }

  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      requests.inc({ route, method, status: String(status) });
      duration.observe({ route, method }, seconds);
    },
    observeError(kind) {
      if (kind === 'store-unavailable') storeUnavailable.inc();
      if (kind === 'store-full') storeFull.inc();
    },
    store: {
      refused(kind) {
        if ((GUARD_RULES as readonly string[]).includes(kind)) refusals.inc({ rule: kind as GuardRule });
      },
    },
  };
}
