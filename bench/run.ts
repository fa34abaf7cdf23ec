/**
 * `npm run bench [-- --quick] [-- --users N] [-- --only a,b] [-- --profile SCENARIO]`
 *
 * What SCIM costs over the raw store: Roster runs as its own process on a fresh store; a directory
 * is seeded through SCIM; each operation is measured with autocannon at several concurrencies,
 * right after its baseline (the same store work done with the MongoDB driver, no HTTP, no SCIM),
 * so every figure is read as a ratio to a floor measured minutes apart on the same machine.
 * Markdown on stdout, JSON under bench/results/, progress on stderr.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  baselineOperation,
  openBaselineStore,
  prepareScratch,
  queryShapes,
  removeScratch,
  runBaselineCell,
  runBaselineSync,
  type BaselineContext,
} from './baseline';
import { runBulkBaseline, runBulkSync } from './bulk-sync';
import { driverFloorMarkdown, runDriverFloor } from './driver-floor';
import { neighbourMarkdown, runNeighbour } from './neighbour';
import { runTenantHandles, tenantHandlesMarkdown } from './tenant-handles';
import { runProfile } from './profile';
import { markdown, writeJson, type BenchReport, type Row } from './report';
import { runScimCell, scenarios, syncChanges, type ScenarioId, type Window } from './scenarios';
import { planDirectory, seedDirectory } from './seed';
import { createTenant, PROJECT_ROOT, startRoster, withDatabase } from './server';
import { log, memoryMiB, type CellResult } from './stats';

const ORDER: ScenarioId[] = [
  // Reads first, then writes that leave the directory as it was, then the ones that grow it.
  'get-id',
  'get-hit',
  'get-miss',
  'page-first',
  'page-deep',
  'guard-409',
  'patch-okta',
  'patch-entra',
  'put',
  'delta-entra',
  'sync-okta',
  'post',
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      users: { type: 'string' },
      concurrency: { type: 'string', default: '1,8,32' },
      only: { type: 'string' },
      profile: { type: 'string' },
      seconds: { type: 'string' },
      tenants: { type: 'string' },
    },
  });
  const quick = values.quick!;
  const users = Number(values.users ?? (quick ? 120 : 1000));
  if (!Number.isInteger(users) || users < 50 || users > 100_000)
    throw new Error('--users must be 50..100000');

  if (values.profile !== undefined) {
    await runProfile({
      scenario: values.profile as ScenarioId,
      users: Number(values.users ?? 200),
      seconds: Number(values.seconds ?? 15),
    });
    return;
  }

  if (values.only === 'neighbour') {
    // A store of its own: "with no other tenant" must mean none (bench/neighbour.ts).
    const result = await runNeighbour({
      neighbourUsers: Number(values.users ?? 10_000),
      seconds: Number(values.seconds ?? 5),
    });
    process.stdout.write(neighbourMarkdown(result));
    return;
  }

  if (values.only === 'driver-floor') {
    process.stdout.write(driverFloorMarkdown(await runDriverFloor({ seconds: Number(values.seconds ?? 3) })));
    return;
  }

  if (values.only === 'tenant-handles') {
    const tenants = Number(values.tenants ?? 500);
    if (!Number.isInteger(tenants) || tenants < 1 || tenants > 20_000)
      throw new Error('--tenants must be 1..20000');
    process.stdout.write(tenantHandlesMarkdown(await runTenantHandles({ tenants })));
    return;
  }

  const concurrencies = values.concurrency!.split(',').map(Number);
  // --quick keeps the whole run under two minutes on a 2-core machine: short cells, a small directory,
  // and syncs over a slice of it. The full run syncs every user.
  const timing = quick
    ? {
        seconds: 1,
        warmSeconds: 0.3,
        baselineSeconds: 0.6,
        baselineWarmSeconds: 0.2,
        maxSeconds: 5,
        syncUsers: 32,
      }
    : {
        seconds: Number(values.seconds ?? 5),
        warmSeconds: 2,
        baselineSeconds: 3,
        baselineWarmSeconds: 1,
        maxSeconds: 60,
        syncUsers: users,
      };
  // At concurrency c a window should hold a few rounds of c requests; a quick run settles for fewer.
  const windowFor = (concurrency: number, baseline: boolean): Window => ({
    warmSeconds: baseline ? timing.baselineWarmSeconds : timing.warmSeconds,
    seconds: baseline ? timing.baselineSeconds : timing.seconds,
    minSamples: quick ? Math.min(6, concurrency * 2) : Math.max(20, concurrency * 2),
    maxSeconds: timing.maxSeconds,
  });
  const only = values.only?.split(',') as ScenarioId[] | undefined;
  const started = Date.now();
  const loadStart = os.loadavg()[0]!;
  // The code measured is the code at start (others may commit while the bench runs).
  const roster = rosterVersion();

  // MONGODB_URI: a database of the bench's own on that server, dropped afterwards.
  const benchDb = `roster_bench_${Date.now()}`;
  const mongodbUri = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, benchDb) : undefined;
  log(`starting Roster on ${mongodbUri ? `MONGODB_URI (database ${benchDb})` : 'the embedded store'}`);
  const server = await startRoster({ mongodbUri });
  const baselineStore = await openBaselineStore(server.storeUri, server.dbName);
  try {
    const { tenantId, token } = await createTenant(server, 'bench');
    log(`tenant ${tenantId} created through the CLI`);
    const storeInfo = await storeVersion(baselineStore.connection);

    const directory = planDirectory(users);
    log(`seeding ${users} users through POST /Users (levels ${directory.levelSizes.join('/')})`);
    const seeding = await seedDirectory(server.baseUrl, token, directory);
    log(`seeded in ${seeding.seconds.toFixed(1)} s (${seeding.perSecond.toFixed(1)} users/s)`);

    const groupsNote = await groupsSupport(server.baseUrl, token);
    const all = scenarios(directory, { syncUsers: timing.syncUsers });
    const pids = { server: server.pid, store: server.storePid };
    const target = {
      baseUrl: server.baseUrl,
      token,
      pids,
      storeCalls: () => server.storeCalls(),
    };
    const ctx: BaselineContext = {
      store: baselineStore,
      tenantId,
      directory,
      scratchTenantId: `bench-baseline-${Date.now()}`,
      // The same share of changed users as the SCIM sync (which users exactly does not matter to the store).
      syncChanged: (user) => syncChanges(user, 0),
    };
    await prepareScratch(ctx);
    // The query shapes first, on the freshly seeded directory: the evidence for the table's ratios.
    const shapes: BenchReport['queryShapes'] = [];
    for (const { shape, versus, op } of queryShapes(ctx)) {
      const result = await runBaselineCell(op, { concurrency: 1, window: windowFor(1, true), pids });
      shapes.push({ shape, versus, result });
      log(`${shape}: p50 ${result.p50Ms.toFixed(2)} ms`);
    }
    const baselines = new Map<string, CellResult>();
    const rows: Row[] = [];

    for (const id of ORDER) {
      if (only && !only.includes(id)) continue;
      const scenario = all.find((s) => s.id === id)!;
      for (const concurrency of concurrencies) {
        const key = `${scenario.baseline}@${concurrency}`;
        let baseline = baselines.get(key);
        if (!baseline) {
          const op = baselineOperation(scenario.baseline, ctx);
          baseline =
            scenario.kind === 'sync'
              ? await runBaselineSync(op, scenario.users!, { concurrency, pids })
              : await runBaselineCell(op, { concurrency, window: windowFor(concurrency, true), pids });
          baselines.set(key, baseline);
        }
        const scim = await runScimCell(target, scenario, {
          concurrency,
          window: windowFor(concurrency, false),
        });
        if (id === 'patch-okta' || id === 'patch-entra')
          await reactivateLeftovers(server.baseUrl, token, ctx);
        log(
          `${id} c=${concurrency}: ${scim.perSecond.toFixed(1)}/s p50 ${scim.p50Ms.toFixed(1)} ms, ` +
            `store calls ${JSON.stringify(scim.storeCallsByCommand ?? {})} ` +
            `(baseline ${baseline.perSecond.toFixed(1)}/s p50 ${baseline.p50Ms.toFixed(2)} ms)`,
        );
        rows.push({
          scenario: id,
          label: scenario.label,
          unit: scenario.kind === 'sync' ? 'users/s' : 'req/s',
          concurrency,
          expectStatus: scenario.expect,
          scim,
          baselineId: scenario.baseline,
          baseline,
        });
      }
    }
    if (!only || only.includes('bulk-sync')) {
      // The scheduled sync: one /Bulk at concurrency 1 (a sync sends one at a time).
      const operations = quick ? 100 : 1000;
      const baseline = await runBulkBaseline(ctx, operations, pids);
      const scim = await runBulkSync(target, directory, operations);
      log(
        `bulk-sync: ${scim.perSecond.toFixed(1)} operations/s, store calls ${fmtCalls(scim.storeCallsPerOp)}/op ` +
          `(baseline ${baseline.perSecond.toFixed(1)}/s)`,
      );
      rows.push({
        scenario: 'bulk-sync',
        label: `Scheduled sync: one /Bulk of ${operations} operations (${operations / 2} POST, then a PATCH of each)`,
        unit: 'operations/s',
        concurrency: 1,
        expectStatus: 200,
        scim,
        baselineId: 'bulk',
        baseline,
      });
    }
    await removeScratch(ctx);

    const serverMemory = memoryMiB(server.pid);
    const storeMemory = memoryMiB(server.storePid);
    const report: BenchReport = {
      format: 'roster-bench/1',
      date: new Date(started).toISOString(),
      elapsedSeconds: (Date.now() - started) / 1000,
      machine: {
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memoryGiB: os.totalmem() / 2 ** 30,
        os: `${os.type()} ${os.release()}`,
        loadAverage: { start: loadStart, end: os.loadavg()[0]! },
      },
      versions: {
        node: process.version,
        roster,
        store: { ...storeInfo, embedded: !mongodbUri },
        autocannon: packageVersion('autocannon'),
      },
      store: {
        kind: mongodbUri ? 'MONGODB_URI' : 'embedded',
        uri: server.storeUri.replace(/\/\/[^@/]*@/, '//***@'),
        database: server.dbName,
      },
      parameters: {
        quick,
        users,
        concurrency: concurrencies,
        ...timing,
        syncUsers: all.find((s) => s.id === 'sync-okta')!.users!.length,
        deltaUsers: all.find((s) => s.id === 'delta-entra')!.users!.length,
      },
      directory: { levelSizes: directory.levelSizes, seeding },
      rows,
      queryShapes: shapes,
      memory: {
        serverPeakRssMiB: serverMemory?.peak,
        serverSampledPeakRssMiB: server.sampledPeakRssMiB.server,
        storePeakRssMiB: storeMemory?.peak,
      },
      notes: [
        groupsNote,
        `Directory: ${users} users with names, 1–3 emails, a phone number, the enterprise extension and a manager ` +
          `in a tree 5 levels deep (${directory.levelSizes.join('/')}); deterministic (same people every run).`,
        quick
          ? `--quick: syncs cover the first ${all.find((s) => s.id === 'sync-okta')!.users!.length} users (Okta) and ` +
            `${all.find((s) => s.id === 'delta-entra')!.users!.length} (Entra), not the whole directory.`
          : 'The Okta sync covers every user; the Entra delta a fifth of them (every 5th user).',
        'Status changes (PATCH) run on users without reports, each connection deactivating then reactivating one user; ' +
          'the 409 row deactivates team leads, who have active reports.',
        'Client, server and store share the machine: the client (autocannon or the baseline) takes CPU from both.',
      ],
    };
    const file = writeJson(report, path.join(PROJECT_ROOT, 'bench', 'results'));
    process.stdout.write(markdown(report));
    log(`JSON: ${path.relative(PROJECT_ROOT, file)}; whole run ${report.elapsedSeconds.toFixed(0)} s`);
  } finally {
    if (mongodbUri) await baselineStore.connection.dropDatabase().catch(() => undefined);
    await baselineStore.close();
    await server.stop();
  }
}

const fmtCalls = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));

/**
 * Loads end after whole deactivate/reactivate pairs, so no user should be left deactivated; one
 * that is (a failed reactivation) is reactivated here, so later cells meet the directory as seeded.
 */
async function reactivateLeftovers(baseUrl: string, token: string, ctx: BaselineContext): Promise<void> {
  const inactive = await ctx.store
    .tenantDb(ctx.tenantId)
    .collection<{ _id: string }>('users')
    .find({ tenantId: ctx.tenantId, active: false }, { projection: { _id: 1 } })
    .toArray();
  for (const { _id } of inactive) {
    const res = await fetch(`${baseUrl}/scim/v2/Users/${_id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: true } }],
      }),
    });
    await res.text();
  }
}

/** Whether this build serves /Groups: the directory has none either way, and the table says which. */
async function groupsSupport(baseUrl: string, token: string): Promise<string> {
  const res = await fetch(`${baseUrl}/scim/v2/Groups?count=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.text();
  return res.status === 404
    ? 'Groups are not implemented on this build (GET /Groups: 404), so the directory has no groups: the large groups ' +
        'and group membership PATCHes are not measured.'
    : `This build serves /Groups (GET /Groups: ${res.status}), but the bench does not seed or measure groups yet: ` +
        'the large groups and group membership PATCHes are not in the table.';
}

/** The store's engine and version as it reports itself (buildInfo), as src/store/capabilities.ts reads it. */
async function storeVersion(connection: import('mongoose').Connection) {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as {
    version?: string;
    ferretdbVersion?: string;
  };
  if (info.ferretdbVersion === undefined) {
    return {
      engine: 'MongoDB',
      version: info.version ?? 'unknown',
      mongoCompatVersion: info.version ?? 'unknown',
    };
  }
  // The embedded build reports "unknown" (FerretDB's version.txt is not in the Go module); go.mod pins it.
  const pinned = fs
    .readFileSync(path.join(PROJECT_ROOT, 'tools', 'ferretdb', 'go.mod'), 'utf8')
    .match(/github\.com\/FerretDB\/FerretDB (v[\d.]+)/)?.[1];
  const version =
    info.ferretdbVersion !== 'unknown' ? info.ferretdbVersion : `${pinned ?? 'unknown'} (go.mod)`;
  return { engine: 'FerretDB', version, mongoCompatVersion: info.version ?? 'unknown' };
}

function rosterVersion(): { version: string; commit: string; dirty: boolean } {
  const version = (
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  try {
    // Read-only git queries: which commit was measured, and whether the tree had changes on top.
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      }).trim() !== '';
    return { version, commit, dirty };
  } catch {
    return { version, commit: 'unknown', dirty: false };
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string })
    .version;
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
