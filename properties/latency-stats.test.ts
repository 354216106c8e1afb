// Properties of latency-stats: generated schedules of samples, operations, timers on a virtual
// clock, measured work and resets, compared after every step with the sort-based model in spec/;
// then one focused property per rule, so a broken implementation is reported by the rule it breaks.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { systemSuite } from '../harness/suite.ts';
import {
  LatencyStatsModel,
  latencyStatsSpec,
  modelPercentile,
  summarize,
  type LatencyStats,
  type LatencySummary,
  type LatencyTimer,
  type OperationReport,
} from '../spec/latency-stats.ts';
import { awkwardOperation, largeProperties, snapshotProperties } from './latency-stats/large.ts';

const suite = await systemSuite(latencyStatsSpec);
const createLatencyStats = suite.implementation.default;

// few distinct values, so windows are full of ties; now and then any latency at all
const latencyArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 1, 2, 3, 3, 10, 0.1, 0.2, 0.3) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e9, noNaN: true }).map((value) => value + 0) },
);
const percentArbitrary = fc.oneof(fc.constantFrom(0, 1, 25, 50, 90, 95, 99, 99.9, 100), fc.double({ min: 0, max: 100, noNaN: true }));
const operationArbitrary = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('embedding', 'llm_call', '__proto__', 'constructor', '') }, { weight: 1, arbitrary: awkwardOperation });

type Step =
  | { readonly kind: 'record'; readonly latencyMs: number }
  | { readonly kind: 'recordOperation'; readonly operation: string; readonly latencyMs: number }
  | { readonly kind: 'start'; readonly operation: string }
  | { readonly kind: 'stop'; readonly pick: number }
  | { readonly kind: 'clock'; readonly deltaMs: number }
  | { readonly kind: 'measure'; readonly operation: string; readonly durationMs: number; readonly outcome: 'return' | 'throw' | 'resolve' | 'reject' }
  | { readonly kind: 'reset' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('record' as const), latencyMs: latencyArbitrary }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('recordOperation' as const), operation: operationArbitrary, latencyMs: latencyArbitrary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), operation: operationArbitrary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const), pick: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), deltaMs: fc.constantFrom(0, 1, 2.5, 10, 1000, -1, -50) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('measure' as const),
      operation: operationArbitrary,
      durationMs: fc.constantFrom(0, 1, 7, 0.5),
      outcome: fc.constantFrom('return' as const, 'throw' as const, 'resolve' as const, 'reject' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

interface RunningTimer {
  readonly timer: LatencyTimer;
  readonly startMs: number;
}

function expectSummary(rulesFor: 'overall' | 'operation', actual: LatencySummary | undefined, expected: LatencySummary | undefined, label: string): void {
  if (expected === undefined || actual === undefined) {
    suite.rule(expected === undefined ? 'LAT-2' : 'LAT-3', () => expect(actual, `${label}: summary`).toEqual(expected));
    return;
  }
  suite.rule(rulesFor === 'overall' ? 'LAT-3' : 'LAT-5', () => expect(actual.count, `${label}: count`).toBe(expected.count));
  const { mean, median, min, max } = actual;
  suite.rule('LAT-4', () => expect({ mean, median, min, max }, label).toEqual({ mean: expected.mean, median: expected.median, min: expected.min, max: expected.max }));
  const { p50, p95, p99 } = actual;
  suite.rule('LAT-1', () => expect({ p50, p95, p99 }, label).toEqual({ p50: expected.p50, p95: expected.p95, p99: expected.p99 }));
}

async function expectAgreement(real: LatencyStats, model: LatencyStatsModel, percent: number): Promise<void> {
  const samples = await real.samples();
  const size = await real.size;
  suite.rule('LAT-3', () => expect({ samples, size }).toEqual({ samples: model.samples(), size: model.samples().length }));
  const expectedPercentile = modelPercentile(model.samples(), percent);
  const [percentile, p50, p95, p99] = [await real.percentile(percent), await real.p50, await real.p95, await real.p99];
  suite.rule(model.samples().length === 0 ? 'LAT-2' : 'LAT-1', () => {
    expect(percentile, `percentile(${percent})`).toBe(expectedPercentile);
    expect([p50, p95, p99]).toEqual([50, 95, 99].map((rank) => modelPercentile(model.samples(), rank)));
  });
  expectSummary('overall', await real.summary(), summarize(model.samples()), 'overall');
  const report = await real.report();
  const expectedReport = model.report();
  suite.rule('LAT-5', () => expect([...report.keys()], 'operations in report()').toEqual([...expectedReport.keys()]));
  for (const [name, expected] of expectedReport) {
    const entries: [string, OperationReport | undefined][] = [['report()', report.get(name)], ['operation()', await real.operation(name)]];
    for (const [source, actual] of entries) {
      suite.rule('LAT-5', () => expect(actual?.recorded, `${source} ${name}: recorded`).toBe(expected.recorded));
      expectSummary('operation', actual, expected, `${source} ${JSON.stringify(name)}`);
    }
  }
}

async function settle<T>(call: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** measured work that takes durationMs of virtual time and ends as asked */
function work(clock: VirtualClock, step: Extract<Step, { kind: 'measure' }>, failure: Error): () => unknown {
  const token = { measured: step.operation };
  switch (step.outcome) {
    case 'return':
      return () => (clock.advance(step.durationMs), token);
    case 'throw':
      return () => {
        clock.advance(step.durationMs);
        throw failure;
      };
    case 'resolve':
      return async () => (await Promise.resolve(), clock.advance(step.durationMs), token);
    case 'reject':
      return async () => {
        await Promise.resolve();
        clock.advance(step.durationMs);
        throw failure;
      };
  }
}

async function runMeasure(real: LatencyStats, model: LatencyStatsModel, clock: VirtualClock, step: Extract<Step, { kind: 'measure' }>): Promise<void> {
  const failure = new Error('work failed');
  const known = model.know(step.operation);
  const before = await real.samples();
  const outcome = await settle(() => real.measure(step.operation, work(clock, step, failure)));
  if (!known) {
    suite.rule('LAT-11', () => expect(outcome.error, 'a new operation beyond operationsMax').toBeInstanceOf(RangeError));
    return;
  }
  const fails = step.outcome === 'throw' || step.outcome === 'reject';
  suite.rule('LAT-7', () => {
    if (fails) expect(outcome.error, 'the error work threw').toBe(failure);
    else expect(outcome.value).toEqual({ measured: step.operation });
  });
  if (!fails) return void model.recordOperation(step.operation, step.durationMs);
  const after = await real.samples();
  suite.rule('LAT-7', () => expect(after, 'failed work was recorded').toEqual(before));
}

async function runStep(real: LatencyStats, model: LatencyStatsModel, clock: VirtualClock, timers: RunningTimer[], step: Step): Promise<void> {
  switch (step.kind) {
    case 'record':
      model.record(step.latencyMs);
      return void (await real.record(step.latencyMs));
    case 'recordOperation': {
      const known = model.recordOperation(step.operation, step.latencyMs);
      const outcome = await settle(() => real.recordOperation(step.operation, step.latencyMs));
      return suite.rule('LAT-11', () => expect(outcome.error instanceof RangeError, `RangeError: ${String(outcome.error)}`).toBe(!known));
    }
    case 'start': {
      const known = model.know(step.operation);
      const outcome = await settle(() => real.start(step.operation));
      suite.rule('LAT-11', () => expect(outcome.error instanceof RangeError, 'RangeError').toBe(!known));
      if (outcome.value !== undefined) timers.push({ timer: outcome.value, startMs: clock.now() });
      return;
    }
    case 'stop': {
      if (timers.length === 0) return;
      const index = step.pick % timers.length;
      const { timer, startMs } = timers[index] as RunningTimer;
      const elapsedMs = Math.max(0, clock.now() - startMs);
      const known = model.recordOperation(timer.operation, elapsedMs);
      const outcome = await settle(() => timer.stop());
      if (!known) return suite.rule('LAT-11', () => expect(outcome.error).toBeInstanceOf(RangeError));
      timers.splice(index, 1);
      return suite.rule('LAT-6', () => expect(outcome.value, `stop() after ${clock.now() - startMs} ms`).toBe(elapsedMs));
    }
    case 'clock':
      return step.deltaMs >= 0 ? clock.advance(step.deltaMs) : clock.set(clock.now() + step.deltaMs);
    case 'measure':
      return runMeasure(real, model, clock, step);
    case 'reset':
      model.reset();
      return void (await real.reset());
  }
}

suite.property(
  ['LAT-1', 'LAT-2', 'LAT-3', 'LAT-4', 'LAT-5', 'LAT-6', 'LAT-7', 'LAT-11', 'LAT-12'],
  'agrees with the sort-based model after every step of any schedule',
  fc.asyncProperty(
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 4 }),
    fc.array(fc.tuple(stepArbitrary, percentArbitrary), { maxLength: 50 }),
    async (windowSize, operationsMax, steps) => {
      const clock = new VirtualClock(1_000);
      const real = await createLatencyStats({ windowSize, operationsMax, clock });
      const model = new LatencyStatsModel(windowSize, operationsMax);
      const timers: RunningTimer[] = [];
      for (const [step, percent] of steps) {
        await runStep(real, model, clock, timers, step);
        await expectAgreement(real, model, percent);
      }
    },
  ),
  { runsFactor: 1.5 },
);

largeProperties(suite, createLatencyStats);
snapshotProperties(suite, createLatencyStats);

// ---- focused properties, one behaviour each ----

const tiedSamplesArbitrary = fc.array(fc.integer({ min: 0, max: 6 }).map((value) => value * 2.5), { minLength: 1, maxLength: 120 });

suite.property(
  'LAT-1',
  'every percentile is the sorted window at index min(floor(n·p/100), n − 1), ties included',
  fc.asyncProperty(tiedSamplesArbitrary, fc.array(percentArbitrary, { maxLength: 8 }), async (samples, percents) => {
    const stats = await createLatencyStats({ windowSize: 1000 });
    for (const sample of samples) await stats.record(sample);
    const sorted = [...samples].sort((left, right) => left - right);
    // the percents where n·p/100 lands exactly on an index are where off-by-one rules differ
    const exact = Array.from({ length: sorted.length + 1 }, (_, index) => (index * 100) / sorted.length);
    for (const percent of [...percents, ...exact.filter((percent) => percent <= 100)]) {
      const actual = await stats.percentile(percent);
      const index = Math.min(Math.floor((sorted.length * percent) / 100), sorted.length - 1);
      suite.rule('LAT-1', () => expect(actual, `percentile(${percent}) of ${sorted.length} samples`).toBe(sorted[index]));
    }
    const named = [await stats.p50, await stats.p95, await stats.p99];
    suite.rule('LAT-1', () => expect(named).toEqual([50, 95, 99].map((percent) => modelPercentile(samples, percent))));
  }),
);

suite.property(
  'LAT-2',
  'an empty window answers undefined everywhere and a one-sample window answers that sample everywhere',
  fc.asyncProperty(latencyArbitrary, percentArbitrary, operationArbitrary, async (sample, percent, operation) => {
    const stats = await createLatencyStats({ windowSize: 5 });
    const empty = [await stats.percentile(percent), await stats.p50, await stats.p95, await stats.p99, await stats.summary(), await stats.operation(operation)];
    suite.rule('LAT-2', () => expect(empty).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]));
    await stats.start(operation); // known, but without samples: still no statistics
    const started = [await stats.operation(operation), (await stats.report()).size];
    suite.rule('LAT-2', () => expect(started, 'an operation with a running timer only').toEqual([undefined, 0]));
    await stats.recordOperation(operation, sample);
    const single = { count: 1, mean: sample, median: sample, min: sample, max: sample, p50: sample, p95: sample, p99: sample };
    const [summary, report, percentile] = [await stats.summary(), await stats.operation(operation), await stats.percentile(percent)];
    suite.rule('LAT-2', () => {
      expect(summary).toEqual(single);
      expect(report).toEqual({ ...single, recorded: 1 });
      expect(percentile).toBe(sample);
    });
  }),
);

suite.property(
  'LAT-3',
  'the window is exactly the last windowSize samples, oldest first',
  fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.array(latencyArbitrary, { maxLength: 60 }), async (windowSize, samples) => {
    const stats = await createLatencyStats({ windowSize });
    for (const sample of samples) await stats.record(sample);
    const kept = samples.slice(Math.max(0, samples.length - windowSize));
    const [window, size, summary] = [await stats.samples(), await stats.size, await stats.summary()];
    suite.rule('LAT-3', () => expect({ window, size }).toEqual({ window: kept, size: kept.length }));
    if (kept.length === 0) return;
    suite.rule('LAT-3', () => expect([summary?.count, summary?.min, summary?.max], 'older samples still count').toEqual([kept.length, Math.min(...kept), Math.max(...kept)]));
  }),
);

suite.property(
  'LAT-4',
  'count, mean (summed oldest first), median (mean of the two middles when even), min and max follow the window',
  fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.array(latencyArbitrary, { minLength: 1, maxLength: 40 }), async (windowSize, samples) => {
    const stats = await createLatencyStats({ windowSize });
    for (const sample of samples) await stats.record(sample);
    const expected = summarize(samples.slice(Math.max(0, samples.length - windowSize))) as LatencySummary;
    const actual = await stats.summary();
    suite.rule('LAT-4', () => {
      expect(actual?.count).toBe(expected.count);
      expect(actual?.mean, 'mean').toBe(expected.mean);
      expect(actual?.median, 'median').toBe(expected.median);
      expect([actual?.min, actual?.max]).toEqual([expected.min, expected.max]);
    });
  }),
);

suite.property(
  'LAT-5',
  'operations are isolated from each other; record() feeds the overall window only',
  fc.asyncProperty(
    fc.array(fc.tuple(fc.option(operationArbitrary, { nil: undefined }), latencyArbitrary), { maxLength: 40 }),
    fc.integer({ min: 1, max: 8 }),
    async (writes, windowSize) => {
      const stats = await createLatencyStats({ windowSize });
      const perOperation = new Map<string, number[]>();
      for (const [operation, sample] of writes) {
        if (operation === undefined) await stats.record(sample);
        else {
          await stats.recordOperation(operation, sample);
          perOperation.set(operation, [...(perOperation.get(operation) ?? []), sample]);
        }
      }
      const report = await stats.report();
      suite.rule('LAT-5', () => expect([...report.keys()]).toEqual([...perOperation.keys()]));
      for (const [operation, samples] of perOperation) {
        const expected = { ...(summarize(samples.slice(-windowSize)) as LatencySummary), recorded: samples.length };
        const actual = await stats.operation(operation);
        suite.rule('LAT-5', () => expect([actual, report.get(operation)], JSON.stringify(operation)).toEqual([expected, expected]));
      }
      const overall = writes.map(([, sample]) => sample).slice(-windowSize);
      const samples = await stats.samples();
      suite.rule('LAT-5', () => expect(samples, 'the overall window takes every sample').toEqual(overall));
    },
  ),
);

suite.property(
  'LAT-6',
  'a timer records the difference of the injected clock readings, 0 when the clock stepped back',
  fc.asyncProperty(
    fc.array(fc.tuple(fc.double({ min: -1000, max: 1e7, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 10 }),
    fc.integer({ min: 0, max: 2 ** 40 }),
    async (moves, startMs) => {
      const clock = new VirtualClock(startMs);
      const stats = await createLatencyStats({ clock, windowSize: 50 });
      const recorded: number[] = [];
      for (const [deltaMs, set] of moves) {
        const timer = await stats.start('op');
        const before = clock.now();
        if (set || deltaMs < 0) clock.set(before + deltaMs);
        else clock.advance(deltaMs);
        const expected = Math.max(0, clock.now() - before);
        const elapsed = await timer.stop();
        recorded.push(expected);
        suite.rule('LAT-6', () => expect(elapsed, `clock moved by ${deltaMs} ms`).toBe(expected));
      }
      const report = await stats.operation('op');
      suite.rule('LAT-6', () => expect(report?.max).toBe(Math.max(...recorded)));
    },
  ),
);
