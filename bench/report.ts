import fs from 'node:fs';
import path from 'node:path';
import { BASELINE_DESCRIPTIONS, type BaselineId } from './baseline';
import type { ScenarioId } from './scenarios';
import type { CellResult } from './stats';

/** One operation at one concurrency: the SCIM measurement beside its baseline from the same run. */
export interface Row {
  scenario: ScenarioId;
  label: string;
  /** req/s for single requests; users/s for a sync (one user = lookup + write). */
  unit: 'req/s' | 'users/s' | 'operations/s';
  concurrency: number;
  expectStatus: number;
  scim: CellResult;
  baselineId: BaselineId;
  baseline: CellResult;
}

/** The JSON written to bench/results/<timestamp>.json: enough to compare two runs. */
export interface BenchReport {
  format: 'roster-bench/1';
  date: string;
  elapsedSeconds: number;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    os: string;
    /** 1-minute load average at the start and end: a busy shared machine shows here. */
    loadAverage: { start: number; end: number };
  };
  versions: {
    node: string;
    roster: { version: string; commit: string; dirty: boolean };
    store: { engine: string; version: string; mongoCompatVersion: string; embedded: boolean };
    autocannon: string;
  };
  store: { kind: 'embedded' | 'MONGODB_URI'; uri: string; database: string };
  parameters: {
    quick: boolean;
    users: number;
    concurrency: number[];
    seconds: number;
    warmSeconds: number;
    baselineSeconds: number;
    baselineWarmSeconds: number;
    /** A window stays open past `seconds` until it holds a few requests per connection, up to this. */
    maxSeconds: number;
    syncUsers: number;
    deltaUsers: number;
  };
  directory: { levelSizes: number[]; seeding: { seconds: number; perSecond: number } };
  rows: Row[];
  /** Lookups and writes by _id in the plain form and in Roster's forms, driver only, concurrency 1. */
  queryShapes: { shape: string; versus?: string | undefined; result: CellResult }[];
  memory: {
    serverPeakRssMiB: number | undefined;
    serverSampledPeakRssMiB: number;
    storePeakRssMiB: number | undefined;
  };
  notes: string[];
}

export function writeJson(report: BenchReport, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Three significant figures, without exponent notation. */
export function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 3));
}

const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b)}×` : '–';

export function markdown(report: BenchReport): string {
  const { machine, versions, parameters: p } = report;
  const out: string[] = [];
  out.push(
    `### Roster bench — ${report.date.slice(0, 16).replace('T', ' ')} UTC${p.quick ? ' (--quick)' : ''}`,
    '',
    `Roster ${versions.roster.version} (${versions.roster.commit}${versions.roster.dirty ? ', uncommitted changes' : ''}) · ` +
      `node ${versions.node} · store: ${versions.store.engine} ${versions.store.version}` +
      `${versions.store.embedded ? ' (embedded, SQLite)' : ''}, MongoDB ${versions.store.mongoCompatVersion} wire · ` +
      `autocannon ${versions.autocannon}`,
    `${machine.cpuModel} × ${machine.cores} cores, ${fmt(machine.memoryGiB)} GiB · load average ${fmt(machine.loadAverage.start)} → ${fmt(machine.loadAverage.end)} · ` +
      `${p.users} users (levels ${report.directory.levelSizes.join('/')}), seeded over SCIM at ${fmt(report.directory.seeding.perSecond)} users/s · ` +
      `cells ${p.warmSeconds}+${p.seconds} s (baseline ${p.baselineWarmSeconds}+${p.baselineSeconds} s) warm-up+measured`,
    '',
    '| Operation | c | SCIM /s | p50 ms | p99 ms | n | Baseline /s | p50 ms | p99 ms | Cost: ÷ rate | Cost: × p50 | CPU ms/op Roster · store | Store calls/op |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  let previous: ScenarioId | undefined;
  for (const row of report.rows) {
    const { scim, baseline } = row;
    const flags = flagsOf(row);
    const label =
      row.scenario === previous ? '' : `${row.label}${row.unit === 'req/s' ? '' : ` (${row.unit})`}`;
    previous = row.scenario;
    out.push(
      `| ${label} | ${row.concurrency} | ${fmt(scim.perSecond)}${flags} | ${fmt(scim.p50Ms)} | ${fmt(scim.p99Ms)} | ${scim.count} | ` +
        `${fmt(baseline.perSecond)} | ${fmt(baseline.p50Ms)} | ${fmt(baseline.p99Ms)} | ` +
        `${ratio(baseline.perSecond, scim.perSecond)} | ${ratio(scim.p50Ms, baseline.p50Ms)} | ` +
        `${fmt(scim.cpuMsPerOp?.server)} · ${fmt(scim.cpuMsPerOp?.store)} | ${fmt(scim.storeCallsPerOp)} |`,
    );
  }
  const mem = report.memory;
  out.push(
    '',
    'Store query shapes (driver only, concurrency 1): the `{ _id }` forms, and the forms Roster sends compared with them:',
    '',
    '| Query | /s | p50 ms | p99 ms | p50 × `{ _id }` form |',
    '|---|--:|--:|--:|--:|',
    ...report.queryShapes.map(({ shape, versus, result }) => {
      const base = report.queryShapes.find((s) => s.shape === versus)?.result;
      return `| \`${shape}\` | ${fmt(result.perSecond)} | ${fmt(result.p50Ms)} | ${fmt(result.p99Ms)} | ${base ? ratio(result.p50Ms, base.p50Ms) : '–'} |`;
    }),
    '',
    `Peak RSS: Roster ${fmt(mem.serverPeakRssMiB)} MiB (VmHWM; sampled VmRSS max ${fmt(mem.serverSampledPeakRssMiB)} MiB)` +
      `${mem.storePeakRssMiB !== undefined ? `, embedded store ${fmt(mem.storePeakRssMiB)} MiB` : ''}.`,
    '',
    'Cost: ÷ rate = baseline operations per second ÷ SCIM requests per second (how many times fewer the server serves than ' +
      'the store alone allows); × p50 = SCIM median ÷ baseline median. CPU ms/op: CPU time the Roster process and the store ' +
      'process spent per request, from /proc, including everything else they did meanwhile. Store calls/op: commands the ' +
      "Roster process sent its store per request (per user, lookup + write, for a sync), counted by the driver's command " +
      'monitoring over the whole load (bench/count-store.ts). `!n` after a rate: n responses ' +
      'had another status than expected (see the JSON). n: responses (steps, for a sync) in the measured window; with ' +
      'few of them p99 is the slowest one, and a short window at high concurrency under-states queueing.',
    '',
    'Baselines (MongoDB driver on the same store, no HTTP, no SCIM; one operation stands for one request):',
    ...uniqueBaselines(report.rows).map((id) => `- \`${id}\`: ${BASELINE_DESCRIPTIONS[id]}`),
    '',
    ...report.notes.map((n) => `- ${n}`),
  );
  return `${out.join('\n')}\n`;
}

function flagsOf(row: Row): string {
  const unexpected = Object.entries(row.scim.statuses ?? {})
    .filter(([status]) => Number(status) !== row.expectStatus)
    .reduce((sum, [, n]) => sum + n, 0);
  return unexpected + row.scim.errors > 0 ? ` !${unexpected + row.scim.errors}` : '';
}

function uniqueBaselines(rows: Row[]): BaselineId[] {
  return [...new Set(rows.map((r) => r.baselineId))];
}
