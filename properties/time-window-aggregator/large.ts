// Time-window-aggregator at scale: thousands of events (bursts at one instant, late ones placed
// inside the window, steps of 0 and huge jumps, values ±0, negative and ±2^53) so the buffer
// grows, slides and recomputes its sums many times, compared with the filter model at every step.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import { largeArray } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { sumTolerance, TimeWindowAggregatorModel, type timeWindowAggregatorSpec } from '../../spec/time-window-aggregator.ts';

type WindowSuite = Suite<typeof timeWindowAggregatorSpec>;
type Create = WindowSuite['implementation']['default'];

const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, -0, 1, -1, 3, 0.1, -2.5) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 53, -(2 ** 53), 1e15, -1e15) },
);

/** one step: the clock moves (mostly not at all, now and then by a window or a huge jump), then an event arrives */
const step = fc.record({
  moveMs: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constantFrom(-5, 250, 1000, 1001, 1e9) }),
  // how far behind the clock the event is stamped: undefined = now, 1000 = exactly on the edge, 1001 = expired
  lateMs: fc.option(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 999 }) }, { weight: 1, arbitrary: fc.constantFrom(1000, 1001, -3) }), { nil: undefined, freq: 2 }),
  value,
});

export function largeProperties(suite: WindowSuite, create: Create): void {
  suite.property(
    ['TWA-1', 'TWA-2', 'TWA-3', 'TWA-4', 'TWA-5', 'TWA-6', 'TWA-7'],
    'thousands of bursty, late and far-jumping events agree with the filter model after every step',
    fc.asyncProperty(fc.constantFrom(3, 64, 65, 1500, 1_000_000), largeArray(step, { min: 2_500, max: 4_000 }), async (eventsMax, steps) => {
      const clock = new VirtualClock(1_000_000);
      const windowMs = 1000;
      const aggregator = await create({ windowMs, eventsMax, clock });
      const model = new TimeWindowAggregatorModel(windowMs, eventsMax);
      for (const [index, { moveMs, lateMs, value: added }] of steps.entries()) {
        clock.set(clock.now() + moveMs);
        const timestampMs = lateMs === undefined ? undefined : clock.now() - lateMs;
        const expected = model.add(clock.now(), added, timestampMs);
        const outcome = await (timestampMs === undefined ? aggregator.add(added) : aggregator.add(added, timestampMs));
        const rule = expected === 'full' || outcome === 'full' ? 'TWA-7' : 'TWA-5';
        if (outcome !== expected) suite.rule(rule, () => expect(outcome, `step ${index}: add(${added}, ${timestampMs}) at ${clock.now()}`).toBe(expected));
        const snapshot = model.snapshot(clock.now());
        const [count, sum, size] = [await aggregator.count(), await aggregator.sum(), await aggregator.size];
        if (count !== snapshot.count) suite.rule('TWA-1', () => expect(count, `step ${index}: count()`).toBe(snapshot.count));
        if (size !== count) suite.rule('TWA-6', () => expect(size, `step ${index}: size`).toBe(count));
        const allowed = snapshot.magnitude === 0 ? 0 : sumTolerance * snapshot.magnitude;
        if (!(Math.abs(sum - snapshot.sum) <= allowed)) suite.rule('TWA-2', () => expect(sum, `step ${index}: sum() within ${allowed}`).toBe(snapshot.sum));
      }
    }),
    { runsMax: 4 },
  );
}
