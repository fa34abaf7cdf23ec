/**
 * Where the time of one SCIM path goes. `npm run bench -- --profile patch-entra [--seconds 15]`:
 * starts Roster with `--cpu-prof` and the store tracer (bench/trace-store.ts), seeds a directory,
 * warms the path up, then drives it alone at concurrency 1 (so a request's time is its own, not its
 * neighbours' queueing), stops the server and summarises:
 * - the CPU profile's self time inside the measured window, by area (SCIM, store layer, driver,
 *   HTTP, logging, GC) and by file, with "(idle)" being the server waiting — on the store, here;
 * - the store calls the server made per request, by collection, method and filter shape;
 * - the CPU the Roster and store processes spent per request (/proc).
 * `tsx bench/profile.ts FILE.cpuprofile` summarises an existing profile as a whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { openBaselineStore } from './baseline';
import { fmt } from './report';
import { runScimCell, scenarios, type ScenarioId } from './scenarios';
import { planDirectory, seedDirectory } from './seed';
import { createTenant, PROJECT_ROOT, startRoster, withDatabase } from './server';
import { cpuMeter, log } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowMs: number;
  /** True when the samples could be cut to the measured window (else the whole profile). */
  windowed: boolean;
  areas: { area: string; ms: number }[];
  files: { file: string; area: string; ms: number }[];
  functions: { fn: string; file: string; ms: number }[];
}

/** Self time per sample node, optionally only within [fromUs, toUs] on the profile's clock. */
export function summariseCpuProfile(
  profile: CpuProfile,
  window?: { fromUs: number; toUs: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const usable = window !== undefined && window.fromUs >= profile.startTime && window.toUs <= profile.endTime;
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((nodeId, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (usable && (t < window.fromUs || t > window.toUs)) return;
    // A sample's delta is the time since the previous one: charge it to this sample's node.
    const us = profile.timeDeltas[i] ?? 0;
    self.set(nodeId, (self.get(nodeId) ?? 0) + us);
    total += us;
  });
  // A native frame (a builtin such as the socket write `writeBuffer`) is charged to the nearest
  // frame above it outside node's own library (else the nearest JavaScript frame): the driver's
  // socket writes are the driver's time, a response's are the HTTP framework's.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = (nodeId: number) => {
    let nearest: ProfileNode['callFrame'] | undefined;
    for (let id = parent.get(nodeId); id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.url === '') continue;
      nearest ??= frame;
      if (!frame.url.startsWith('node:')) return frame;
    }
    return nearest;
  };
  const areas = new Map<string, number>();
  const files = new Map<string, { area: string; ms: number }>();
  const functions = new Map<string, { fn: string; file: string; ms: number }>();
  for (const [nodeId, us] of self) {
    const { functionName, url, lineNumber } = byId.get(nodeId)!.callFrame;
    const special = functionName.startsWith('(') && url === '';
    const frame = url !== '' || special ? { url, functionName } : (owner(nodeId) ?? { url, functionName });
    const { area, file } = classify(frame.url, frame.functionName);
    const ms = us / 1000;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const f = files.get(file) ?? { area, ms: 0 };
    f.ms += ms;
    files.set(file, f);
    const where =
      url === '' ? (special ? '' : `native, under ${file}`) : `${shortPath(url)}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const fn = functions.get(key) ?? { fn: functionName || '(anonymous)', file: where, ms: 0 };
    fn.ms += ms;
    functions.set(key, fn);
  }
  const desc = <T extends { ms: number }>(list: T[]) => list.sort((a, b) => b.ms - a.ms);
  return {
    windowMs: total / 1000,
    windowed: usable,
    areas: desc([...areas].map(([area, ms]) => ({ area, ms }))),
    files: desc([...files].map(([file, v]) => ({ file, ...v }))),
    functions: desc([...functions.values()]),
  };
}

/** A frame's file, relative to the project, or `package/path/in/package` for a dependency. */
function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inPackage = path.lastIndexOf('/node_modules/');
  if (inPackage >= 0) return path.slice(inPackage + '/node_modules/'.length);
  return path.replace(`${PROJECT_ROOT}/`, '');
}

const PACKAGE_AREAS: [RegExp, string][] = [
  [
    /^(mongodb|bson|mongoose|kareem|mpath|mquery|sift|mongodb-connection-string-url|whatwg-url|tr46|webidl-conversions|@mongodb-js\/.*)$/,
    'store client (mongoose, driver, BSON)',
  ],
  [
    /^(pino|pino-http|pino-std-serializers|sonic-boom|fast-redact|@pinojs\/.*|thread-stream|quick-format-unescaped|atomic-sleep|safe-stable-stringify|on-exit-leak-free)$/,
    'logging (pino)',
  ],
  [/^(passport|passport-http-bearer|passport-strategy|pause|utils-merge)$/, 'auth (passport)'],
  [/^(tsx|esbuild|get-tsconfig|resolve-pkg-maps|source-map-support)$/, 'loader (tsx)'],
];

/** Which area of the stack a frame belongs to, and the file (or package) to group it under. */
export function classify(url: string, functionName: string): { area: string; file: string } {
  if (functionName === '(idle)')
    return { area: '(idle): waiting for the store or the network', file: '(idle)' };
  if (functionName === '(garbage collector)')
    return { area: 'garbage collection', file: '(garbage collector)' };
  if (functionName === '(program)') return { area: 'V8/native, unattributed (program)', file: '(program)' };
  if (url === '') return { area: 'V8 builtins', file: functionName || '(native)' };
  const inPackage = url.includes('/node_modules/') ? shortPath(url).split('/') : undefined;
  const pkg = inPackage && (inPackage[0]!.startsWith('@') ? `${inPackage[0]}/${inPackage[1]}` : inPackage[0]);
  if (pkg) {
    const area =
      PACKAGE_AREAS.find(([re]) => re.test(pkg))?.[1] ?? 'HTTP framework and other packages (express & co)';
    return { area, file: pkg };
  }
  if (url.startsWith('node:')) {
    const http = /_http_|internal\/http|node:http|node:net|stream|node:internal\/url|querystring/.test(url);
    return { area: http ? 'node core: HTTP, sockets, streams' : 'node core: other', file: url };
  }
  const rel = url.replace(/^file:\/\//, '').replace(`${PROJECT_ROOT}/`, '');
  if (rel.startsWith('src/scim/')) return { area: 'Roster SCIM (filter, schema, PATCH, mapping)', file: rel };
  if (rel.startsWith('src/store/')) return { area: 'Roster store layer', file: rel };
  if (rel.startsWith('src/domain/')) return { area: 'Roster domain rules', file: rel };
  if (rel.startsWith('src/')) return { area: 'Roster HTTP glue (auth, errors, logs)', file: rel };
  return { area: 'other', file: rel };
}

export async function runProfile(opts: {
  scenario: ScenarioId;
  users: number;
  seconds: number;
}): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(PROJECT_ROOT, 'bench', 'results', 'profiles', stamp);
  fs.mkdirSync(dir, { recursive: true });
  const traceFile = path.join(dir, 'store-trace.json');
  const mongodbUri = process.env.MONGODB_URI
    ? withDatabase(process.env.MONGODB_URI, `roster_bench_${Date.now()}`)
    : undefined;
  const server = await startRoster({
    mongodbUri,
    nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    preload: [path.join(PROJECT_ROOT, 'bench', 'trace-store.ts')],
    extraEnv: { ROSTER_BENCH_TRACE: traceFile },
  });
  let requests = 0;
  const window = { fromUs: 0, toUs: 0 };
  let perRequest: ReturnType<ReturnType<typeof cpuMeter>>;
  try {
    const { token } = await createTenant(server, 'bench');
    const directory = planDirectory(opts.users);
    log(`profile: seeding ${opts.users} users`);
    await seedDirectory(server.baseUrl, token, directory);
    const scenario = scenarios(directory, { syncUsers: 64 }).find((s) => s.id === opts.scenario);
    if (!scenario) throw new Error(`unknown scenario ${opts.scenario}`);
    const target = { baseUrl: server.baseUrl, token, pids: { server: server.pid, store: server.storePid } };
    log(`profile: warming up ${scenario.id}`);
    await runScimCell(
      target,
      { ...scenario, kind: 'timed' },
      { concurrency: 1, window: { warmSeconds: 0, seconds: 3, minSamples: 0, maxSeconds: 3 } },
    );
    process.kill(server.pid, 'SIGUSR2'); // the store tracer starts counting afresh
    await new Promise((r) => setTimeout(r, 100));
    log(`profile: ${opts.seconds} s of ${scenario.id} at concurrency 1`);
    const meter = cpuMeter(target.pids);
    window.fromUs = Number(process.hrtime.bigint() / 1000n);
    const result = await (autocannon({
      url: server.baseUrl,
      connections: 1,
      duration: opts.seconds,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      requests: scenario.requests(1_000_000),
    }) as unknown as Promise<autocannon.Result>);
    window.toUs = Number(process.hrtime.bigint() / 1000n);
    requests = result.requests.total;
    perRequest = meter(requests);
    log(`profile: ${requests} requests, ${JSON.stringify(result.statusCodeStats)}`);
  } finally {
    await server.stop();
    if (mongodbUri) {
      // The bench's own database on a shared MongoDB: gone once measured.
      const store = await openBaselineStore(server.storeUri, server.dbName);
      await store.connection.dropDatabase().catch(() => undefined);
      await store.close();
    }
  }
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main one (tsx's loader runs on another).
  const file = fs.readdirSync(dir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const summary = summariseCpuProfile(
    JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile,
    window,
  );
  const trace = fs.existsSync(traceFile)
    ? (JSON.parse(fs.readFileSync(traceFile, 'utf8')) as Record<string, { calls: number; ms: number }>)
    : {};
  fs.writeFileSync(
    path.join(dir, 'summary.json'),
    JSON.stringify({ scenario: opts.scenario, requests, perRequest: perRequest!, summary, trace }, null, 2),
  );
  process.stdout.write(profileMarkdown(opts.scenario, requests, perRequest!, summary, trace));
  log(`profile files: ${path.relative(PROJECT_ROOT, dir)}`);
}

function profileMarkdown(
  scenario: string,
  requests: number,
  cpu: ReturnType<ReturnType<typeof cpuMeter>>,
  s: ProfileSummary,
  trace: Record<string, { calls: number; ms: number }>,
): string {
  const per = (ms: number) => fmt(ms / Math.max(1, requests));
  const pct = (ms: number) => `${fmt((100 * ms) / s.windowMs)}%`;
  const out = [
    `### Profile: ${scenario}, concurrency 1, ${requests} requests${s.windowed ? '' : ' (whole profile: window not found)'}`,
    '',
    `CPU per request (/proc): Roster ${fmt(cpu?.server)} ms, store ${fmt(cpu?.store)} ms, load generator ${fmt(cpu?.bench)} ms.`,
    '',
    '| Area (Roster process, self time) | ms/request | share |',
    '|---|--:|--:|',
    ...s.areas.map((a) => `| ${a.area} | ${per(a.ms)} | ${pct(a.ms)} |`),
    '',
    '| File or package | area | ms/request | share |',
    '|---|---|--:|--:|',
    ...s.files
      .filter((f) => f.file !== '(idle)')
      .slice(0, 12)
      .map((f) => `| ${f.file} | ${f.area} | ${per(f.ms)} | ${pct(f.ms)} |`),
    '',
    '| Function (self time) | where | ms/request |',
    '|---|---|--:|',
    ...s.functions
      .filter((f) => f.fn !== '(idle)')
      .slice(0, 12)
      .map((f) => `| ${f.fn} | ${f.file} | ${per(f.ms)} |`),
    '',
    'Store calls the server made (bench/trace-store.ts), timed from call to answer; calls made in parallel ' +
      '(e.g. one read per report) overlap, so their times can add up to more than the request took.',
    '',
    '| Store call (collection.method(filter keys)) | calls/request | ms/call | ms/request |',
    '|---|--:|--:|--:|',
    ...Object.entries(trace)
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, v]) => `| \`${k}\` | ${per(v.calls)} | ${fmt(v.ms / v.calls)} | ${per(v.ms)} |`),
    '',
  ];
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  const [file] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/profile.ts FILE.cpuprofile\n');
    process.exit(2);
  }
  const s = summariseCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  for (const a of s.areas) process.stdout.write(`${fmt(a.ms).padStart(9)} ms  ${a.area}\n`);
  for (const f of s.functions.slice(0, 20))
    process.stdout.write(`${fmt(f.ms).padStart(9)} ms  ${f.fn}  ${f.file}\n`);
}
