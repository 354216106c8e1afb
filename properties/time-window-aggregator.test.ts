// Properties of time-window-aggregator: generated schedules of events (late, early, on the window's
// edge), clock moves (forwards, backwards, onto an event's expiry instant) and clears, compared after
// every step with the filter-the-window model in spec/; then focused properties, one rule each.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { systemSuite } from '../harness/suite.ts';
import { freshReadProperties } from './time-window-aggregator/fresh-reads.ts';
import { largeProperties } from './time-window-aggregator/large.ts';
import { memoryProperties } from './time-window-aggregator/memory.ts';
import { sumTolerance, TimeWindowAggregatorModel, timeWindowAggregatorSpec, type TimeWindowAggregator, type WindowSnapshot } from '../spec/time-window-aggregator.ts';

const suite = await systemSuite(timeWindowAggregatorSpec);
const createTimeWindowAggregator = suite.implementation.default;

const valueArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 2, 10, -3, 0.1, 0.2, 0.3, 0) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 53, -(2 ** 53), 1e15, 1e-9) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => value + 0) },
);
const windowMsArbitrary = fc.constantFrom(1, 10, 1000, 60_000, 0.5, 7.25);

/** an offset from now, in windows: the edges ±1 ms and ±a hair are where boundary bugs live */
type Offset = { readonly windows: number; readonly ms: number };
const offsetArbitrary: fc.Arbitrary<Offset> = fc.record({
  windows: fc.constantFrom(0, 0, 0, -1, -1, -0.5, -2, 1),
  ms: fc.constantFrom(0, 0, 1, -1, 0.25, -0.25),
});

type Step =
  | { readonly kind: 'add'; readonly value: number; readonly at: Offset | undefined }
  | { readonly kind: 'move'; readonly by: Offset }
  | { readonly kind: 'expiry'; readonly pick: number; readonly hairMs: number }
  | { readonly kind: 'clear' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), value: valueArbitrary, at: fc.option(offsetArbitrary, { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('move' as const), by: offsetArbitrary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expiry' as const), pick: fc.nat(20), hairMs: fc.constantFrom(0, 0, 0.001, -0.001) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

const offsetMs = (offset: Offset, windowMs: number): number => offset.windows * windowMs + offset.ms;

/** equal within the tolerance TWA-2 grants: 1e-9 of the window's sum of |value| */
function expectClose(actual: number, expected: number, magnitude: number, label: string): void {
  if (magnitude === 0) return void expect(actual, label).toBe(expected);
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(sumTolerance * magnitude);
}

async function expectWindow(real: TimeWindowAggregator, model: TimeWindowAggregatorModel, clock: VirtualClock, eventsMax: number): Promise<void> {
  const expected = model.snapshot(clock.now());
  // a mismatch while the clock reads behind the effective time is a step back mishandled
  const countRule = clock.now() < model.observe(-Infinity) ? 'TWA-3' : 'TWA-1';
  const count = await real.count();
  suite.rule(countRule, () => expect(count, 'count()').toBe(expected.count));
  const [sum, average, snapshot] = [await real.sum(), await real.average(), (await real.snapshot()) as WindowSnapshot];
  suite.rule('TWA-2', () => {
    expectClose(sum, expected.sum, expected.magnitude, 'sum()');
    expectClose(average, expected.average, expected.magnitude / Math.max(1, expected.count), 'average()');
    expect(snapshot.count, 'snapshot().count').toBe(expected.count);
    expectClose(snapshot.sum, expected.sum, expected.magnitude, 'snapshot().sum');
    expectClose(snapshot.average, expected.average, expected.magnitude / Math.max(1, expected.count), 'snapshot().average');
  });
  const size = await real.size;
  suite.rule('TWA-6', () => expect(size, 'size after snapshot()').toBe(Math.min(expected.count, eventsMax)));
}

/** runs one step on both sides; returns the timestamps of the events added so far */
async function runStep(real: TimeWindowAggregator, model: TimeWindowAggregatorModel, clock: VirtualClock, stamps: number[], step: Step): Promise<void> {
  const windowMs = model.windowMs;
  if (step.kind === 'move' || step.kind === 'expiry') {
    const pickedMs = stamps[step.kind === 'expiry' ? step.pick % Math.max(1, stamps.length) : 0];
    const targetMs = step.kind === 'move' ? clock.now() + offsetMs(step.by, windowMs) : pickedMs === undefined ? clock.now() : pickedMs + windowMs + step.hairMs;
    return targetMs >= clock.now() ? clock.advance(targetMs - clock.now()) : clock.set(targetMs);
  }
  if (step.kind === 'clear') {
    model.clear(clock.now());
    return void (await real.clear());
  }
  const timestampMs = step.at === undefined ? undefined : clock.now() + offsetMs(step.at, windowMs);
  const expected = model.add(clock.now(), step.value, timestampMs);
  const outcome = await (timestampMs === undefined ? real.add(step.value) : real.add(step.value, timestampMs));
  const behind = clock.now() < model.observe(-Infinity);
  const rule = behind ? 'TWA-3' : expected === 'full' || outcome === 'full' ? 'TWA-7' : 'TWA-5';
  suite.rule(rule, () => expect(outcome, `add(${step.value}, ${timestampMs}) at ${clock.now()}`).toBe(expected));
  if (expected === 'added') stamps.push(timestampMs ?? model.observe(-Infinity));
}

suite.property(
  ['TWA-1', 'TWA-2', 'TWA-3', 'TWA-4', 'TWA-5', 'TWA-6', 'TWA-7', 'TWA-10'],
  'agrees with the filter-the-window model after every step of any schedule',
  fc.asyncProperty(
    windowMsArbitrary,
    fc.integer({ min: 1, max: 6 }),
    fc.constantFrom(0, 1_700_000_000_000, 12_345.5),
    fc.array(stepArbitrary, { maxLength: 50 }),
    async (windowMs, eventsMax, startMs, steps) => {
      const clock = new VirtualClock(startMs);
      const real = await createTimeWindowAggregator({ windowMs, eventsMax, clock });
      const model = new TimeWindowAggregatorModel(windowMs, eventsMax);
      const stamps: number[] = [];
      for (const step of steps) {
        await runStep(real, model, clock, stamps, step);
        await expectWindow(real, model, clock, eventsMax);
      }
    },
  ),
  { runsFactor: 2 },
);

largeProperties(suite, createTimeWindowAggregator);
freshReadProperties(suite, createTimeWindowAggregator);
memoryProperties(suite, createTimeWindowAggregator);

// ---- focused properties, one behaviour each ----

/** the smallest double above value, for "a hair older than the window" */
function nextUp(value: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, value >= 0 ? bits + 1n : bits - 1n);
  return value === 0 ? Number.MIN_VALUE : view.getFloat64(0);
}

suite.property(
  'TWA-1',
  'an event exactly windowMs old is counted, one a hair older is not, and one stamped ahead of the clock is',
  fc.asyncProperty(windowMsArbitrary, fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(0, 1, 0.5, 1000), async (windowMs, stampMs, aheadMs) => {
    const clock = new VirtualClock(stampMs);
    const aggregator = await createTimeWindowAggregator({ windowMs, clock });
    await aggregator.add(1, stampMs);
    await aggregator.add(1, stampMs + aheadMs); // at or after now
    const edgeMs = stampMs + windowMs;
    clock.set(edgeMs);
    const atEdge = await aggregator.count();
    // stampMs >= edgeMs − windowMs may hold for a few doubles past the edge when edgeMs rounds
    let pastMs = nextUp(edgeMs);
    while (stampMs >= pastMs - windowMs) pastMs = nextUp(pastMs);
    clock.set(pastMs);
    const past = await aggregator.count();
    const expectedPast = stampMs + aheadMs >= pastMs - windowMs ? 1 : 0;
    suite.rule('TWA-1', () => expect({ atEdge, past }, `window ${windowMs} ms, edge at ${edgeMs}`).toEqual({ atEdge: 2, past: expectedPast }));
  }),
);

suite.property(
  'TWA-2',
  'sum and average track the window within 1e-9 of its magnitude, even after huge values leave it',
  fc.asyncProperty(fc.array(fc.tuple(valueArbitrary, fc.constantFrom(0, 1, 5)), { maxLength: 40 }), async (writes) => {
    const clock = new VirtualClock(0);
    const aggregator = await createTimeWindowAggregator({ windowMs: 10, clock });
    const model = new TimeWindowAggregatorModel(10, Infinity);
    const empty = [await aggregator.sum(), await aggregator.average(), await aggregator.snapshot()];
    suite.rule('TWA-2', () => expect(empty, 'an empty window').toEqual([0, 0, { count: 0, sum: 0, average: 0 }]));
    for (const [value, stepMs] of writes) {
      clock.advance(stepMs);
      model.add(clock.now(), value);
      await aggregator.add(value);
      const expected = model.snapshot(clock.now());
      const [count, sum, average] = [await aggregator.count(), await aggregator.sum(), await aggregator.average()];
      suite.rule('TWA-1', () => expect(count, 'count()').toBe(expected.count));
      suite.rule('TWA-2', () => {
        expectClose(sum, expected.sum, expected.magnitude, 'sum()');
        expectClose(average, expected.average, expected.magnitude / Math.max(1, expected.count), 'average()');
      });
    }
  }),
);

suite.property(
  'TWA-3',
  'a clock that steps back answers exactly as one that stood still instead',
  fc.asyncProperty(
    fc.array(fc.record({ moveMs: fc.constantFrom(0, 1, 4, 10, 11, -1, -10, -25), value: valueArbitrary, late: fc.constantFrom(0, -5, -10, -11) }), { maxLength: 30 }),
    async (steps) => {
      const backwards = new VirtualClock(1000);
      const standing = new VirtualClock(1000);
      const [stepping, steady] = [await createTimeWindowAggregator({ windowMs: 10, clock: backwards }), await createTimeWindowAggregator({ windowMs: 10, clock: standing })];
      for (const [index, { moveMs, value, late }] of steps.entries()) {
        backwards.set(backwards.now() + moveMs);
        // the standing clock reads the latest of the readings so far, the first one included
        if (index === 0 || backwards.now() > standing.now()) standing.set(backwards.now());
        const stampMs = standing.now() + late;
        const outcomes = [await stepping.add(value, stampMs), await steady.add(value, stampMs)];
        const plain = [await stepping.add(value), await steady.add(value)];
        const counts = [await stepping.count(), await steady.count()];
        suite.rule('TWA-3', () => expect([outcomes[0], plain[0], counts[0]], `step ${index}, clock at ${backwards.now()} after ${standing.now()}`).toEqual([outcomes[1], plain[1], counts[1]]));
      }
    },
  ),
);

suite.property(
  'TWA-4',
  'add(value) stamps the effective time, add(value, timestampMs) the given time, in any order',
  fc.asyncProperty(fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), fc.constantFrom(0, -3), async (offsets, stepBackMs) => {
    const clock = new VirtualClock(100);
    const aggregator = await createTimeWindowAggregator({ windowMs: 10, clock });
    for (const offset of offsets) await aggregator.add(1, 100 + offset);
    clock.set(100 + stepBackMs); // a reading behind the effective time stamps at the effective time
    await aggregator.add(1);
    // half-way instants, so no stamp sits on the window's edge (TWA-1's business)
    for (let nowMs = 109.5; nowMs <= 118; nowMs++) {
      clock.set(nowMs);
      const count = await aggregator.count();
      const expected = offsets.filter((offset) => 100 + offset >= nowMs - 10).length + (nowMs < 110 ? 1 : 0);
      suite.rule('TWA-4', () => expect(count, `count at ${nowMs} of stamps ${offsets.join(', ')} + one at 100`).toBe(expected));
    }
  }),
);

suite.property(
  'TWA-5',
  'an event already older than the window is "expired" and stored nowhere; any other fits and is "added"',
  fc.asyncProperty(fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (windowMs, fraction) => {
    const clock = new VirtualClock(1e7);
    const aggregator = await createTimeWindowAggregator({ windowMs, clock });
    const cutoffMs = 1e7 - windowMs;
    const hairOlderMs = -nextUp(-cutoffMs);
    const tooOld = [await aggregator.add(5, hairOlderMs), await aggregator.add(5, cutoffMs - windowMs * (fraction + 0.001)), await aggregator.add(5, -1e9)];
    const after = [await aggregator.count(), await aggregator.size, await aggregator.sum()];
    const inside = [await aggregator.add(7, cutoffMs), await aggregator.add(7, cutoffMs + windowMs * fraction)];
    suite.rule('TWA-5', () => expect({ tooOld, after, inside }).toEqual({ tooOld: ['expired', 'expired', 'expired'], after: [0, 0, 0], inside: ['added', 'added'] }));
  }),
);

suite.property(
  'TWA-6',
  'a long stream keeps only what is in the window: size equals count and never passes eventsMax',
  fc.asyncProperty(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 150 }), async (windowMs, eventsMax, events) => {
    const clock = new VirtualClock(0);
    const aggregator = await createTimeWindowAggregator({ windowMs, eventsMax, clock });
    for (let index = 0; index < events; index++) {
      clock.advance(1);
      await aggregator.add(index);
      const count = await aggregator.count();
      const size = await aggregator.size;
      suite.rule('TWA-6', () => expect({ size, atMost: size <= eventsMax }, `after ${index + 1} events`).toEqual({ size: count, atMost: true }));
    }
    clock.advance(windowMs + 1);
    await aggregator.count();
    const drained = await aggregator.size;
    suite.rule('TWA-6', () => expect(drained, 'everything left the window').toBe(0));
  }),
  { runsFactor: 0.5 },
);

suite.property(
  'TWA-7',
  'a full window answers "full" and keeps its events; room made by expiry is usable again',
  fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), async (eventsMax, extra) => {
    const clock = new VirtualClock(0);
    const aggregator = await createTimeWindowAggregator({ windowMs: 100, eventsMax, clock });
    for (let index = 0; index < eventsMax; index++) await aggregator.add(1);
    const refused: string[] = [];
    for (let index = 0; index < extra; index++) refused.push(await aggregator.add(1000, 50));
    const [count, sum] = [await aggregator.count(), await aggregator.sum()];
    suite.rule('TWA-7', () => expect({ refused, count, sum }).toEqual({ refused: Array<string>(extra).fill('full'), count: eventsMax, sum: eventsMax }));
    clock.advance(101);
    const again = await aggregator.add(2);
    suite.rule('TWA-7', () => expect(again, 'after the window emptied').toBe('added'));
  }),
);
