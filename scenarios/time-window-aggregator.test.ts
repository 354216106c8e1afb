// Worked examples of time-window-aggregator: the seed's TimeWindowAggregator(window_seconds=60)
// driven through add / count / average with its own timestamps (in ms here), the edge it keeps,
// the late event its deque mishandles, clear, and misuse of create and add.

import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { expectAccepted, expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { timeWindowAggregatorSpec } from '../spec/time-window-aggregator.ts';

const suite = await systemSuite(timeWindowAggregatorSpec);
const createTimeWindowAggregator = suite.implementation.default;

const second = 1000;

async function settle(call: () => unknown): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

suite.check(['TWA-1', 'TWA-2'], "seed's TimeWindowAggregator(window_seconds=60): events at 0 s, 30 s and 61 s", async () => {
  const clock = new VirtualClock(0);
  const aggregator = await createTimeWindowAggregator({ clock }); // the seed's default window, 60 s
  await aggregator.add(10, 0);
  clock.set(30 * second);
  await aggregator.add(20, 30 * second);
  const [countAt30, averageAt30] = [await aggregator.count(), await aggregator.average()];
  suite.rule('TWA-2', () => expect([countAt30, averageAt30]).toEqual([2, 15]));
  clock.set(61 * second);
  await aggregator.add(30, 61 * second); // cutoff = 1 s: the event at 0 s leaves
  const [count, average, sum] = [await aggregator.count(), await aggregator.average(), await aggregator.sum()];
  suite.rule('TWA-1', () => expect(count).toBe(2));
  suite.rule('TWA-2', () => expect([average, sum]).toEqual([25, 50]));
});

suite.check('TWA-1', "seed's cutoff drops only events older than now − window: one exactly 60 s old stays", async () => {
  const clock = new VirtualClock(5 * second);
  const aggregator = await createTimeWindowAggregator({ windowMs: 60 * second, clock });
  await aggregator.add(1, 5 * second);
  clock.set(65 * second);
  const atEdge = await aggregator.count();
  clock.set(65 * second + 1);
  const after = await aggregator.count();
  suite.rule('TWA-1', () => expect([atEdge, after]).toEqual([1, 0]));
});

suite.check('TWA-2', "seed's average of an empty window is 0.0, before any event and after all expire", async () => {
  const clock = new VirtualClock(0);
  const aggregator = await createTimeWindowAggregator({ windowMs: 60 * second, clock });
  const before = [await aggregator.average(), await aggregator.count(), await aggregator.sum()];
  await aggregator.add(42);
  clock.advance(61 * second);
  const after = await aggregator.snapshot();
  suite.rule('TWA-2', () => expect({ before, after }).toEqual({ before: [0, 0, 0], after: { count: 0, sum: 0, average: 0 } }));
});

suite.check(['TWA-1', 'TWA-4'], "a late event behind a newer one still leaves on time (the seed's deque keeps it)", async () => {
  const clock = new VirtualClock(100 * second);
  const aggregator = await createTimeWindowAggregator({ windowMs: 60 * second, clock });
  await aggregator.add(1, 100 * second);
  await aggregator.add(1000, 50 * second); // arrives late, 50 s old
  clock.set(111 * second); // cutoff 51 s: the late event is gone, the newer one stays
  const [count, sum] = [await aggregator.count(), await aggregator.sum()];
  suite.rule('TWA-1', () => expect([count, sum]).toEqual([1, 1]));
});

suite.check('TWA-3', 'a clock stepping back does not bring dropped events back nor admit stale ones', async () => {
  const clock = new VirtualClock(100 * second);
  const aggregator = await createTimeWindowAggregator({ windowMs: 10 * second, clock });
  await aggregator.add(1, 95 * second);
  clock.set(120 * second);
  const dropped = await aggregator.count();
  clock.set(100 * second); // the wall clock jumps back 20 s
  const [count, stale] = [await aggregator.count(), await aggregator.add(5, 105 * second)];
  suite.rule('TWA-3', () => expect({ dropped, count, stale }).toEqual({ dropped: 0, count: 0, stale: 'expired' }));
});

suite.check('TWA-10', 'clear empties the window and keeps the latest reading', async () => {
  const clock = new VirtualClock(50 * second);
  const aggregator = await createTimeWindowAggregator({ windowMs: 10 * second, clock });
  await aggregator.add(3);
  await aggregator.add(4, 55 * second);
  await aggregator.clear();
  const cleared = [await aggregator.size, await aggregator.count(), await aggregator.sum()];
  clock.set(30 * second);
  const stale = await aggregator.add(1, 35 * second); // 15 s older than the latest reading
  suite.rule('TWA-10', () => expect({ cleared, stale }).toEqual({ cleared: [0, 0, 0], stale: 'expired' }));
});

suite.check('TWA-8', 'create rejects bad options with RangeError or TypeError naming time-window-aggregator.create', async () => {
  const create = createTimeWindowAggregator as (options?: unknown) => unknown;
  const ranges = [{ windowMs: 0 }, { windowMs: -5 }, { windowMs: NaN }, { windowMs: Infinity }, { windowMs: '60' },
    { eventsMax: 0 }, { eventsMax: 2.5 }, { eventsMax: 10_000_001 }, { eventsMax: -1 }];
  for (const options of ranges) {
    await expectMisuse(suite, 'TWA-8', { call: () => create(options), classes: RangeError, method: 'create', label: `create(${JSON.stringify(options)})` });
  }
  for (const options of [null, 7, 'window', { clock: {} }, { clock: { now: 1 } }, { clock: null }]) {
    await expectMisuse(suite, 'TWA-8', { call: () => create(options), classes: TypeError, method: 'create', label: `create(${String(options)})` });
  }
  for (const options of [undefined, {}, { windowMs: 0.001 }, { eventsMax: 10_000_000 }, { clock: new VirtualClock() }]) {
    await expectAccepted(suite, 'TWA-8', `create(${JSON.stringify(options)})`, () => create(options));
  }
});

suite.check('TWA-9', 'add rejects bad values and timestamps with TypeError or RangeError and changes nothing', async () => {
  const clock = new VirtualClock(1000);
  const aggregator = await createTimeWindowAggregator({ windowMs: 100, clock });
  await aggregator.add(2);
  const add = aggregator.add.bind(aggregator) as (value: unknown, timestampMs?: unknown) => unknown;
  const misuses: readonly [unknown, unknown, ErrorConstructor][] = [
    ['3', undefined, TypeError], [null, undefined, TypeError], [undefined, undefined, TypeError], [1n, undefined, TypeError],
    [NaN, undefined, RangeError], [Infinity, undefined, RangeError], [2 ** 53 + 2, undefined, RangeError], [-(2 ** 54), undefined, RangeError],
    [1, '1000', TypeError], [1, null, TypeError], [1, NaN, RangeError], [1, -Infinity, RangeError],
  ];
  for (const [value, timestampMs, kind] of misuses) {
    const outcome = await settle(() => add(value, timestampMs));
    suite.rule('TWA-9', () => {
      expect(outcome.error, `add(${String(value)}, ${String(timestampMs)})`).toBeInstanceOf(kind);
      expect(String(outcome.error)).toMatch(/time-window-aggregator\.add: expected/);
    });
  }
  const accepted = [await aggregator.add(2 ** 53), await aggregator.add(-(2 ** 53), 950)];
  const state = await aggregator.snapshot();
  suite.rule('TWA-9', () => expect({ accepted, state }).toEqual({ accepted: ['added', 'added'], state: { count: 3, sum: 2, average: 2 / 3 } }));
});

suite.check(['TWA-8', 'TWA-9'], 'misuse messages name the method and describe the value given, even one String() cannot print', async () => {
  const create = createTimeWindowAggregator as (options?: unknown) => unknown;
  const bare = Object.create(null) as object; // String(bare) throws: the message must still say what came
  const aggregator = await createTimeWindowAggregator({ windowMs: 10, clock: new VirtualClock(0) });
  const add = aggregator.add.bind(aggregator) as (value: unknown, timestampMs?: unknown) => unknown;
  const misuses: readonly [string, () => unknown][] = [
    ['create', () => create({ windowMs: bare })], ['create', () => create({ eventsMax: bare })], ['create', () => create({ windowMs: -5 })],
    ['create', () => create({ clock: bare })], ['create', () => create(7)], ['add', () => add(bare)], ['add', () => add(1, bare)],
    ['add', () => add(NaN)], ['add', () => add('3')],
    // an empty string must still show up as something: "got " followed by nothing describes nothing
    ['create', () => create({ windowMs: '' })], ['create', () => create({ eventsMax: '' })], ['add', () => add('')], ['add', () => add(1, '')],
  ];
  for (const [method, misuse] of misuses) {
    const { error } = await settle(misuse);
    suite.rule(method === 'create' ? 'TWA-8' : 'TWA-9', () => {
      expect(error, `${method} misuse`).toBeInstanceOf(Error);
      // "got <value>": something that describes the value, which is never undefined here
      expect((error as Error).message).toMatch(new RegExp(`^time-window-aggregator\\.${method}: expected .+, got .+$`));
      expect((error as Error).message).not.toMatch(/got undefined$/);
    });
  }
  // a clock is anything with a now() method, a function object included
  const functionClock = Object.assign(() => 0, { now: () => 5 });
  const made = await settle(async () => {
    const timed = await createTimeWindowAggregator({ windowMs: 10, clock: functionClock });
    return [await timed.add(1), await timed.add(1, 4)];
  });
  suite.rule('TWA-8', () => expect(made, 'a function with now() as the clock').toEqual({ value: ['added', 'added'] }));
});
