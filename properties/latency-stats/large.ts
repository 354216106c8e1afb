// Latency-stats at scale and on returned collections: thousands of samples (few distinct values,
// so ties everywhere; ±0; huge) into windows below, at and far past their growth thresholds,
// across operations named like Object.prototype members or in full Unicode, compared with the
// sort-based model at checkpoints; and samples(), summaries and report() must be snapshots.

import fc from 'fast-check';
import { expect } from 'vitest';
import { keyString, largeArray, prototypeKeys } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { LatencyStatsModel, modelPercentile, summarize, type LatencyStats, type latencyStatsSpec } from '../../spec/latency-stats.ts';

type StatsSuite = Suite<typeof latencyStatsSpec>;
type Create = StatsSuite['implementation']['default'];

// -0 is a latency of zero: an implementation may keep it as given, so answers are compared with +0
const zeroed = (value: unknown): unknown => (typeof value === 'number' ? value + 0 : value);
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null, (_key, item: unknown) => (item instanceof Map ? [...item] : zeroed(item)))) as unknown;

const latency = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, -0, 1, 1, 2, 3, 3, 5, 0.5) }, { weight: 1, arbitrary: fc.constantFrom(1e9, Number.MAX_VALUE / 4, 1e-300) });
export const awkwardOperation: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('db', ...prototypeKeys.slice(0, 5)) }, { weight: 1, arbitrary: keyString() });
const sample = fc.record({ operation: fc.option(awkwardOperation, { nil: undefined, freq: 3 }), latencyMs: latency });

async function compareAll(suite: StatsSuite, stats: LatencyStats, model: LatencyStatsModel, percent: number, label: string): Promise<void> {
  const [samples, size] = [await stats.samples(), await stats.size];
  suite.rule('LAT-3', () => expect(plain([samples, size]), `${label}: samples(), size`).toEqual(plain([model.samples(), model.samples().length])));
  const percentiles = [await stats.percentile(percent), await stats.percentile(0), await stats.percentile(100), await stats.p50, await stats.p95, await stats.p99];
  const expected = [percent, 0, 100, 50, 95, 99].map((rank) => modelPercentile(model.samples(), rank));
  suite.rule(model.samples().length === 0 ? 'LAT-2' : 'LAT-1', () => expect(plain(percentiles), `${label}: percentile(${percent}), 0, 100, p50, p95, p99`).toEqual(plain(expected)));
  const summary = await stats.summary();
  suite.rule('LAT-4', () => expect(plain(summary), `${label}: summary()`).toEqual(plain(summarize(model.samples()))));
  const report = await stats.report();
  suite.rule('LAT-5', () => expect(plain(report), `${label}: report()`).toEqual(plain(model.report())));
  for (const name of model.report().keys()) {
    const one = await stats.operation(name);
    suite.rule('LAT-5', () => expect(plain(one), `${label}: operation(${JSON.stringify(name)})`).toEqual(plain(model.operation(name))));
  }
}

export function largeProperties(suite: StatsSuite, create: Create): void {
  suite.property(
    ['LAT-1', 'LAT-3', 'LAT-4', 'LAT-5', 'LAT-11'],
    'thousands of tied samples across awkwardly named operations agree with the sort model in windows of every size',
    fc.asyncProperty(
      fc.constantFrom(1, 7, 8, 9, 64, 65, 1000, 3000),
      fc.constantFrom(3, 1000),
      largeArray(sample, { min: 3_000, max: 4_500 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      async (windowSize, operationsMax, samples, percent) => {
        const stats = await create({ windowSize, operationsMax });
        const model = new LatencyStatsModel(windowSize, operationsMax);
        for (const [index, { operation, latencyMs }] of samples.entries()) {
          if (operation === undefined) {
            model.record(latencyMs);
            await stats.record(latencyMs);
          } else {
            const known = model.recordOperation(operation, latencyMs);
            let refused = false;
            try {
              await stats.recordOperation(operation, latencyMs);
            } catch (error) {
              refused = error instanceof RangeError;
            }
            if (refused === known) suite.rule('LAT-11', () => expect(refused, `recordOperation(${JSON.stringify(operation)}) #${index}: refused`).toBe(!known));
          }
          if (index % 1000 === 999) await compareAll(suite, stats, model, percent, `after ${index + 1} samples, window ${windowSize}`);
        }
        await compareAll(suite, stats, model, percent, `after all ${samples.length}`);
      },
    ),
    { runsMax: 4 },
  );
}

/** changes what the caller got back in every way a live view would show */
function vandalise(got: { samples: number[]; summary: object | undefined; report: Map<string, object>; operation: object | undefined }): void {
  got.samples.reverse();
  got.samples.push(1e6, 1e6);
  got.samples.splice(0, 1);
  for (const object of [got.summary, got.operation, ...got.report.values()]) {
    if (object === undefined) continue;
    try {
      Object.assign(object, { count: -1, mean: -1, p50: -1, p99: -1, recorded: -1 });
    } catch {
      // frozen: nothing to change
    }
  }
  got.report.set('vandal', got.report.values().next().value ?? {});
  for (const key of [...got.report.keys()].slice(0, 2)) got.report.delete(key);
}

export function snapshotProperties(suite: StatsSuite, create: Create): void {
  suite.property(
    ['LAT-3', 'LAT-4', 'LAT-5'],
    'samples(), summaries and report() are snapshots: changing them or recording more changes no answer given',
    fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.array(sample, { minLength: 1, maxLength: 30 }), fc.array(sample, { maxLength: 12 }), async (windowSize, before, after) => {
      const stats = await create({ windowSize });
      const model = new LatencyStatsModel(windowSize, 1000);
      const feed = async (samples: typeof before): Promise<void> => {
        for (const { operation, latencyMs } of samples) {
          if (operation === undefined) {
            model.record(latencyMs);
            await stats.record(latencyMs);
          } else {
            model.recordOperation(operation, latencyMs);
            await stats.recordOperation(operation, latencyMs);
          }
        }
      };
      await feed(before);
      const firstName = [...model.report().keys()][0] ?? 'db';
      const got = { samples: await stats.samples(), summary: await stats.summary(), report: await stats.report(), operation: await stats.operation(firstName) };
      const held = plain(got);
      await feed(after);
      // later samples must not reach into what was returned before
      suite.rule('LAT-5', () => expect(plain(got), 'answers returned before later samples').toEqual(held));
      vandalise(got);
      await compareAll(suite, stats, model, 50, 'after the caller changed what it got');
    }),
  );
}
