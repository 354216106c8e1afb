// Worked examples of latency-stats: the seed's SlidingWindowMetrics(window_size=100) and its
// PerformanceMetrics.measure / report translated step by step on a virtual clock, then measure's
// sync and async outcomes, double stops, the operation limit, reset, and misuse of every method.

import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { expectAccepted, expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { latencyStatsSpec, type LatencyStats } from '../spec/latency-stats.ts';

const suite = await systemSuite(latencyStatsSpec);
const createLatencyStats = suite.implementation.default;

async function settle(call: () => unknown): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

suite.check(['LAT-1', 'LAT-3'], "seed's SlidingWindowMetrics(window_size=100): after 150 samples p50 and p99 see the last 100", async () => {
  const metrics = await createLatencyStats(); // window_size defaults to 100, as in the seed
  for (let latency = 1; latency <= 150; latency++) await metrics.record(latency);
  const window = await metrics.samples();
  suite.rule('LAT-3', () => expect([window.length, window[0], window.at(-1)]).toEqual([100, 51, 150]));
  // sorted_vals[len // 2] and sorted_vals[min(int(len * 0.99), len - 1)]
  const [p50, p99] = [await metrics.p50, await metrics.p99];
  suite.rule('LAT-1', () => expect([p50, p99]).toEqual([101, 150]));
});

suite.check(['LAT-1', 'LAT-4'], "seed's p50 of an even window is the upper middle while the median averages the middles", async () => {
  const metrics = await createLatencyStats({ windowSize: 10 });
  for (const latency of [40, 10, 30, 20]) await metrics.record(latency);
  const [p50, summary] = [await metrics.p50, await metrics.summary()];
  suite.rule('LAT-1', () => expect(p50).toBe(30));
  suite.rule('LAT-4', () => expect(summary).toMatchObject({ count: 4, mean: 25, median: 25, min: 10, max: 40 }));
});

suite.check('LAT-1', "seed's report indexes: p95 = sorted[int(n·0.95)], p99 = sorted[int(n·0.99)], ties kept", async () => {
  const metrics = await createLatencyStats({ windowSize: 1000 });
  for (let latency = 1; latency <= 100; latency++) await metrics.recordOperation('embedding', latency);
  for (const latency of [5, 5, 5, 7]) await metrics.recordOperation('tied', latency);
  const [embedding, tied] = [await metrics.operation('embedding'), await metrics.operation('tied')];
  suite.rule('LAT-1', () => {
    expect(embedding).toMatchObject({ p50: 51, p95: 96, p99: 100 });
    expect(tied).toMatchObject({ p50: 5, p95: 7, p99: 7 });
  });
  const [p0, p100, p94] = [await metrics.percentile(0), await metrics.percentile(100), await metrics.percentile(94.5)];
  suite.rule('LAT-1', () => expect([p0, p100, p94], 'overall window of 104').toEqual([1, 100, 95]));
});

suite.check(['LAT-5', 'LAT-6'], "seed's PerformanceMetrics: measure('embedding') and measure('llm_call'), then report()", async () => {
  const clock = new VirtualClock(5_000);
  const metrics = await createLatencyStats({ clock });
  const embed = (texts: string[]) => (clock.advance(12), texts.map((text) => text.length));
  const complete = async (prompt: string) => (await Promise.resolve(), clock.advance(340), `answer to ${prompt}`);
  const embeddings = await metrics.measure('embedding', () => embed(['a', 'bb']));
  const response = await metrics.measure('llm_call', () => complete('hi'));
  await metrics.measure('embedding', () => embed(['ccc']));
  suite.rule('LAT-6', () => expect([embeddings, response]).toEqual([[1, 2], 'answer to hi']));
  const report = await metrics.report();
  suite.rule('LAT-5', () => {
    expect([...report.keys()]).toEqual(['embedding', 'llm_call']);
    expect(report.get('embedding')).toEqual({ count: 2, recorded: 2, mean: 12, median: 12, min: 12, max: 12, p50: 12, p95: 12, p99: 12 });
    expect(report.get('llm_call')).toMatchObject({ count: 1, mean: 340, p99: 340 });
  });
});

suite.check('LAT-7', 'measure passes on a throw or a rejection unchanged and records nothing for it', async () => {
  const clock = new VirtualClock();
  const metrics = await createLatencyStats({ clock });
  const failure = new Error('model unavailable');
  const thrown = await settle(() => metrics.measure('llm_call', () => (clock.advance(5), (() => { throw failure; })())));
  const rejected = await settle(() => metrics.measure('llm_call', async () => (clock.advance(5), Promise.reject(failure))));
  const [report, size] = [await metrics.operation('llm_call'), await metrics.size];
  suite.rule('LAT-7', () => expect([thrown.error, rejected.error, report, size]).toEqual([failure, failure, undefined, 0]));
});

suite.check('LAT-7', 'an async measure has recorded its sample by the time its promise settles, not before', async () => {
  const clock = new VirtualClock();
  const metrics = await createLatencyStats({ clock });
  let finish: (value: string) => void = () => undefined;
  const pending = metrics.measure('fetch', () => new Promise<string>((resolve) => (finish = resolve)));
  const before = await metrics.operation('fetch');
  clock.advance(25);
  finish('page');
  const value = await pending;
  const after = await metrics.operation('fetch');
  suite.rule('LAT-7', () => expect([before, value, after?.max]).toEqual([undefined, 'page', 25]));
});

suite.check('LAT-8', 'a second stop throws a TypeError and records nothing', async () => {
  const clock = new VirtualClock();
  const metrics = await createLatencyStats({ clock });
  const timer = await metrics.start('query');
  clock.advance(3);
  const first = await timer.stop();
  const second = await settle(() => timer.stop());
  const [report, size] = [await metrics.operation('query'), await metrics.size];
  suite.rule('LAT-6', () => expect(first).toBe(3));
  suite.rule('LAT-8', () => {
    expect(second.error).toBeInstanceOf(TypeError);
    expect(String(second.error)).toMatch(/latency-stats\.stop: expected a running timer/);
    expect([report?.recorded, size]).toEqual([1, 1]);
  });
});

suite.check('LAT-9', 'create rejects bad options with RangeError or TypeError naming latency-stats.create', async () => {
  const create = createLatencyStats as (options?: unknown) => unknown;
  const ranges = [{ windowSize: 0 }, { windowSize: 1.5 }, { windowSize: -3 }, { windowSize: NaN }, { windowSize: 1_000_001 },
    { windowSize: '10' }, { operationsMax: 0 }, { operationsMax: 100_001 }, { operationsMax: Infinity }];
  for (const options of ranges) {
    await expectMisuse(suite, 'LAT-9', { call: () => create(options), classes: RangeError, method: 'create', label: `create(${JSON.stringify(options)})` });
  }
  for (const options of [null, 42, 'fast', { clock: {} }, { clock: { now: 5 } }, { clock: null }]) {
    await expectMisuse(suite, 'LAT-9', { call: () => create(options), classes: TypeError, method: 'create', label: `create(${String(options)})` });
  }
  for (const options of [undefined, {}, { windowSize: 1 }, { windowSize: 1_000_000, operationsMax: 100_000 }, { clock: new VirtualClock() }]) {
    await expectAccepted(suite, 'LAT-9', `create(${JSON.stringify(options)})`, () => create(options));
  }
});

type Misuse = readonly [string, (stats: LatencyStats) => unknown, ErrorConstructor];

const misuses: readonly Misuse[] = [
  ['record', (stats) => stats.record('3' as unknown as number), TypeError],
  ['record', (stats) => stats.record(-1), RangeError],
  ['record', (stats) => stats.record(NaN), RangeError],
  ['record', (stats) => stats.record(Infinity), RangeError],
  ['recordOperation', (stats) => stats.recordOperation(7 as unknown as string, 1), TypeError],
  ['recordOperation', (stats) => stats.recordOperation('op', undefined as unknown as number), TypeError],
  ['recordOperation', (stats) => stats.recordOperation('op', -0.5), RangeError],
  ['percentile', (stats) => stats.percentile(101), RangeError],
  ['percentile', (stats) => stats.percentile(-1), RangeError],
  ['percentile', (stats) => stats.percentile(NaN), RangeError],
  ['percentile', (stats) => stats.percentile('50' as unknown as number), TypeError],
  ['start', (stats) => stats.start(null as unknown as string), TypeError],
  ['measure', (stats) => stats.measure('op', 'work' as unknown as () => unknown), TypeError],
  ['measure', (stats) => stats.measure(Symbol('op') as unknown as string, () => 1), TypeError],
  ['operation', (stats) => stats.operation(1 as unknown as string), TypeError],
];

suite.check('LAT-10', 'misused methods throw TypeError or RangeError naming the method and change nothing', async () => {
  const stats = await createLatencyStats({ windowSize: 3 });
  await stats.recordOperation('op', 4);
  for (const [method, misuse, kind] of misuses) {
    const outcome = await settle(() => misuse(stats));
    suite.rule('LAT-10', () => {
      expect(outcome.error, `${method}: ${String(misuse)}`).toBeInstanceOf(kind);
      expect(String(outcome.error)).toMatch(new RegExp(`latency-stats\\.${method}: expected`));
    });
  }
  const [samples, report] = [await stats.samples(), await stats.report()];
  suite.rule('LAT-10', () => expect([samples, [...report.keys()], report.get('op')?.recorded]).toEqual([[4], ['op'], 1]));
});

suite.check('LAT-11', 'one operation beyond operationsMax is a RangeError whichever way it arrives; known ones still work', async () => {
  const clock = new VirtualClock();
  const stats = await createLatencyStats({ operationsMax: 2, clock });
  await stats.recordOperation('a', 1);
  await stats.start('b'); // a running timer makes b known
  for (const [method, attempt] of [
    ['recordOperation', () => stats.recordOperation('c', 1)],
    ['start', () => stats.start('c')],
    ['measure', () => stats.measure('c', () => 1)],
  ] as const) {
    const outcome = await settle(attempt);
    suite.rule('LAT-11', () => {
      expect(outcome.error, method).toBeInstanceOf(RangeError);
      expect(String(outcome.error)).toMatch(new RegExp(`latency-stats\\.${method}: expected`));
    });
  }
  await stats.recordOperation('b', 2);
  await stats.recordOperation('a', 3);
  const [report, samples] = [await stats.report(), await stats.samples()];
  suite.rule('LAT-11', () => expect([[...report.keys()], samples]).toEqual([['a', 'b'], [1, 2, 3]]));
});

suite.check('LAT-12', 'reset empties everything, frees operation places, and a timer from before records into the new state', async () => {
  const clock = new VirtualClock();
  const stats = await createLatencyStats({ operationsMax: 1, clock });
  const timer = await stats.start('old');
  await stats.recordOperation('old', 9);
  await stats.record(1);
  await stats.reset();
  const cleared = [await stats.size, await stats.samples(), (await stats.report()).size, await stats.operation('old')];
  suite.rule('LAT-12', () => expect(cleared).toEqual([0, [], 0, undefined]));
  clock.advance(4);
  const elapsed = await timer.stop();
  suite.rule('LAT-6', () => expect(elapsed).toBe(4));
  const report = await stats.report();
  suite.rule('LAT-12', () => expect([...report.entries()].map(([name, entry]) => [name, entry.recorded, entry.count])).toEqual([['old', 1, 1]]));
  await stats.reset();
  const fresh = await settle(() => stats.recordOperation('new', 2));
  suite.rule('LAT-12', () => expect(fresh.error, 'reset frees the place "old" held').toBeUndefined());
});

suite.check(['LAT-9', 'LAT-10', 'LAT-11'], 'misuse messages name the method and the argument and describe the value, even one String() cannot print', async () => {
  const create = createLatencyStats as (options?: unknown) => unknown;
  const bare = Object.create(null) as object; // String(bare) throws: the message must still say what came
  const clock = new VirtualClock();
  const stats = await createLatencyStats({ operationsMax: 1, clock });
  const loose = stats as unknown as Record<string, (...args: unknown[]) => unknown>;
  const timer = await stats.start('before reset');
  await stats.reset();
  await stats.recordOperation('after reset', 1); // the only place is taken: the old timer's operation is new again
  const misuses: readonly [string, string, () => unknown][] = [
    ['create', 'windowSize', () => create({ windowSize: bare })], ['create', 'operationsMax', () => create({ operationsMax: 0 })],
    ['create', 'clock', () => create({ clock: bare })], ['record', 'latencyMs', () => loose.record?.(bare)], ['record', 'latencyMs', () => loose.record?.(Symbol('x'))],
    ['measure', 'operation', () => loose.measure?.(Symbol('op'), () => 1)], ['measure', 'work', () => loose.measure?.('op', bare)],
    ['percentile', 'percent', () => loose.percentile?.(bare)], ['stop', '', () => timer.stop()],
    // an empty string must still show up as something: "got " followed by nothing describes nothing
    ['create', 'windowSize', () => create({ windowSize: '' })], ['record', 'latencyMs', () => loose.record?.('')],
  ];
  for (const [method, argument, misuse] of misuses) {
    const { error } = await settle(misuse);
    suite.rule(method === 'create' ? 'LAT-9' : method === 'stop' ? 'LAT-11' : 'LAT-10', () => {
      expect(error, `${method} misuse`).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^latency-stats\\.${method}: expected .+, got .+$`));
      expect(message, 'the argument is named').toContain(argument);
      expect(message, '"got" describes a value that is not undefined').not.toMatch(/got undefined$/);
    });
  }
  const samples = await stats.samples();
  suite.rule('LAT-11', () => expect(samples, 'the refused stop recorded nothing').toEqual([1]));
});

suite.check(['LAT-7', 'LAT-9'], 'measure returns falsy results as they are and times any thenable; a function with now() is a clock', async () => {
  const clock = Object.assign(() => 0, { reading: 0, now: () => clock.reading });
  const stats = await createLatencyStats({ clock });
  const results: unknown[] = [];
  for (const value of [null, undefined, 0, '', false]) results.push(await stats.measure('falsy', () => (clock.reading++, value)));
  suite.rule('LAT-7', () => expect(results, 'what falsy work returned').toEqual([null, undefined, 0, '', false]));
  // a thenable that is a function, and one that is a plain object: both are promises to time
  // ten ms pass between the work returning and its thenable settling
  const functionThenable = Object.assign(() => 0, { then: (resolve: (value: string) => void) => void ((clock.reading += 10), resolve('done')) });
  const pending = stats.measure('thenable', () => functionThenable as unknown as Promise<string>);
  const objectThenable = { then: (resolve: (value: string) => void) => resolve('also done') };
  const settled = [await pending, await stats.measure('thenable', () => objectThenable as unknown as Promise<string>)];
  const report = await stats.operation('thenable');
  suite.rule('LAT-7', () => expect({ settled, max: report?.max, count: report?.count }).toEqual({ settled: ['done', 'also done'], max: 10, count: 2 }));
  const falsy = await stats.operation('falsy');
  suite.rule('LAT-7', () => expect([falsy?.count, falsy?.max]).toEqual([5, 1]));
});

suite.check('LAT-7', 'measure of work that returns times the work alone, not what the caller does before awaiting', async () => {
  const clock = new VirtualClock(0);
  const stats = await createLatencyStats({ clock });
  const answer = { tokens: 42 }; // an object that is no thenable, and a plain string
  const pendingObject = stats.measure('parse', () => (clock.advance(5), answer));
  clock.advance(100); // the caller's own work after measure returned
  const pendingString = stats.measure('parse', () => (clock.advance(7), 'done'));
  clock.advance(100);
  const values = [await pendingObject, await pendingString];
  const report = await stats.operation('parse');
  suite.rule('LAT-7', () => expect({ values, samples: [report?.min, report?.max], count: report?.count }).toEqual({ values: [answer, 'done'], samples: [5, 7], count: 2 }));
});
