import fs from 'node:fs';

/** What one cell (one operation at one concurrency, SCIM or baseline) measured. */
export interface CellResult {
  /** Requests (SCIM) or equivalent store operations (baseline) completed in the measured window. */
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** HTTP status → count (SCIM cells only). */
  statuses?: Record<string, number>;
  errors: number;
  /** CPU milliseconds per request/operation, by process, from /proc (Linux only; undefined elsewhere). */
  cpuMsPerOp?: { server?: number | undefined; store?: number | undefined; bench?: number | undefined };
  /** Commands the server sent its store per request (per user step for a sync); SCIM cells only. */
  storeCallsPerOp?: number | undefined;
  /** The same by `collection.command` (the JSON only). */
  storeCallsByCommand?: Record<string, number> | undefined;
}

/**
 * Nearest-rank percentile of an ascending array. Both sides (autocannon's per-response times and
 * the baseline's per-operation times) go through this one function, so their percentiles compare:
 * autocannon's own hdr histogram rounds to whole milliseconds, too coarse for 1–3 ms operations.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarise(latenciesMs: number[], seconds: number, errors = 0): CellResult {
  const sorted = Float64Array.from(latenciesMs).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    count: arr.length,
    seconds,
    perSecond: seconds > 0 ? arr.length / seconds : 0,
    p50Ms: percentile(arr, 50),
    p99Ms: percentile(arr, 99),
    meanMs: arr.length ? sum / arr.length : Number.NaN,
    errors,
  };
}

// /proc accounting: the CPU a process spent, and its memory. Linux only; callers treat undefined as "not measured".
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ is 100 on every mainstream Linux (getconf CLK_TCK)

/** User + system CPU time of `pid` so far, in milliseconds. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** VmHWM (peak resident set) and VmRSS of `pid`, in MiB. */
export function memoryMiB(pid: number | undefined): { peak: number; current: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, current: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** Direct children of `pid` (the embedded store is the server's child), found through /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const entry of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** CPU spent by each process over a window, per operation. */
export function cpuMeter(pids: { server?: number | undefined; store?: number | undefined }) {
  const start = {
    server: cpuMs(pids.server),
    store: cpuMs(pids.store),
    bench: process.cpuUsage(),
  };
  return (operations: number): CellResult['cpuMsPerOp'] => {
    const per = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined || operations === 0
        ? undefined
        : (after - before) / operations;
    const bench = process.cpuUsage(start.bench);
    return {
      server: per(start.server, cpuMs(pids.server)),
      store: per(start.store, cpuMs(pids.store)),
      bench: operations ? (bench.user + bench.system) / 1000 / operations : undefined,
    };
  };
}

/** A window's CPU totals (from `cpuMeter(...)(1)`) spread over the operations it completed. */
export function perOp(cpu: CellResult['cpuMsPerOp'], operations: number): CellResult['cpuMsPerOp'] {
  if (!cpu || operations === 0) return undefined;
  const div = (v: number | undefined) => (v === undefined ? undefined : v / operations);
  return { server: div(cpu.server), store: div(cpu.store), bench: div(cpu.bench) };
}

/** A deterministic PRNG (mulberry32): the same seed gives the same directory on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
