/**
 * Preloaded into the server by the profile run only (`node --import tsx --import bench/trace-store.ts
 * src/main.ts`): times every MongoDB driver call the server makes, by collection, method and filter
 * shape, so the profile can say which queries a request waits on. A CPU profile cannot: waiting on
 * the store is "(idle)" there. Nothing in src/ changes; without ROSTER_BENCH_TRACE it does nothing.
 *
 * SIGUSR2 clears the counts (the bench sends it when the measured window opens); the file is written
 * when the process exits.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Shape = { calls: number; ms: number };

const file = process.env.ROSTER_BENCH_TRACE;
if (file) {
  const load = createRequire(__filename);
  // The driver mongoose itself loads (it may be nested under mongoose/node_modules).
  const driverPath = load.resolve('mongodb', { paths: [path.dirname(load.resolve('mongoose'))] });
  const { Collection } = load(driverPath) as { Collection: { prototype: Record<string, unknown> } };
  const shapes = new Map<string, Shape>();
  const record = (key: string, ms: number) => {
    const shape = shapes.get(key) ?? { calls: 0, ms: 0 };
    shape.calls += 1;
    shape.ms += ms;
    shapes.set(key, shape);
  };
  const methods = [
    'findOne',
    'find',
    'updateOne',
    'updateMany',
    'insertOne',
    'deleteOne',
    'deleteMany',
    'countDocuments',
    'aggregate',
    'findOneAndUpdate',
  ];
  for (const method of methods) {
    const original = Collection.prototype[method] as (
      this: { collectionName: string },
      ...args: unknown[]
    ) => unknown;
    Collection.prototype[method] = function (this: { collectionName: string }, ...args: unknown[]) {
      const key = `${this.collectionName}.${method}(${method === 'insertOne' ? '' : filterShape(args[0])})`;
      const started = performance.now();
      const result = original.apply(this, args) as {
        toArray?: () => Promise<unknown>;
      } & PromiseLike<unknown>;
      if (method === 'find' || method === 'aggregate') {
        // Cursors: the query runs when the results are read.
        const toArray = result.toArray!.bind(result);
        result.toArray = async () => {
          const docs = await toArray();
          record(key, performance.now() - started);
          return docs;
        };
        return result;
      }
      return Promise.resolve(result).then((value) => {
        record(key, performance.now() - started);
        return value;
      });
    };
  }
  process.on('SIGUSR2', () => shapes.clear());
  process.on('exit', () => {
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(shapes), null, 2));
  });
}

/** `{ _id: 'x', tenantId: 't', version: { $ne: 1 } }` → `_id,tenantId,version:$ne`. */
function filterShape(filter: unknown): string {
  if (typeof filter !== 'object' || filter === null) return '';
  return Object.entries(filter)
    .map(([k, v]) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)
        ? `${k}:${Object.keys(v).join('|')}`
        : k,
    )
    .join(',');
}
