// Time-window-aggregator: the call that drops events from the window must already answer for the
// window it leaves behind. The model-based runs ask count() first after each clock move, so a sum
// put right only on the next call would pass them; here sum, average or snapshot asks first.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import type { Suite } from '../../harness/suite.ts';
import { sumTolerance, TimeWindowAggregatorModel, type timeWindowAggregatorSpec, type WindowSnapshot } from '../../spec/time-window-aggregator.ts';

type WindowSuite = Suite<typeof timeWindowAggregatorSpec>;
type Create = WindowSuite['implementation']['default'];

/** values whose running sums leave rounding behind: 0.1 + 0.2 − 0.1 − 0.2 is not 0, 2^53 + 1 − 2^53 is not 1 */
const value = fc.constantFrom(0.1, 0.2, 0.3, 0.7, 1, -3, 1e15, 2 ** 53, -(2 ** 53));
const question = fc.constantFrom('sum' as const, 'average' as const, 'snapshot' as const);

function within(actual: number, expected: number, magnitude: number): boolean {
  return magnitude === 0 ? actual === expected : Math.abs(actual - expected) <= sumTolerance * magnitude;
}

export function freshReadProperties(suite: WindowSuite, create: Create): void {
  suite.check('TWA-2', 'the sum read on the call that empties the window is exactly 0', async () => {
    const clock = new VirtualClock(0);
    const aggregator = await create({ windowMs: 10, clock });
    await aggregator.add(0.1);
    await aggregator.add(0.2);
    clock.set(11); // both events leave on the next call, whichever it is
    const sum = await aggregator.sum();
    clock.set(22);
    await aggregator.add(0.1);
    await aggregator.add(0.2);
    clock.set(33);
    const snapshot = await aggregator.snapshot();
    suite.rule('TWA-2', () => expect({ sum, snapshot }).toEqual({ sum: 0, snapshot: { count: 0, sum: 0, average: 0 } }));
  });

  suite.check('TWA-2', 'a small value left beside a huge one that expired is summed exactly on the call that drops the huge one', async () => {
    const clock = new VirtualClock(0);
    const aggregator = await create({ windowMs: 10, clock });
    await aggregator.add(2 ** 53);
    clock.set(5);
    await aggregator.add(1); // 2^53 + 1 rounds to 2^53: a running sum alone would forget it
    clock.set(11);
    const sum = await aggregator.sum();
    suite.rule('TWA-2', () => expect(sum, 'sum() once 2^53 has left').toBe(1));
  });

  suite.property(
    'TWA-2',
    'sum, average and snapshot are right on the very call that drops events from the window',
    fc.asyncProperty(fc.array(fc.record({ moveMs: fc.constantFrom(0, 1, 3, 10, 11, 25), value, question }), { minLength: 1, maxLength: 30 }), async (steps) => {
      const clock = new VirtualClock(0);
      const aggregator = await create({ windowMs: 10, clock });
      const model = new TimeWindowAggregatorModel(10, Infinity);
      for (const [index, step] of steps.entries()) {
        clock.advance(step.moveMs);
        const expected = model.snapshot(clock.now());
        const perEvent = expected.magnitude / Math.max(1, expected.count);
        // the first call after the move is the one that drops what left the window
        if (step.question === 'snapshot') {
          const snapshot = (await aggregator.snapshot()) as WindowSnapshot;
          const right = snapshot.count === expected.count && within(snapshot.sum, expected.sum, expected.magnitude) && within(snapshot.average, expected.average, perEvent);
          suite.rule('TWA-2', () => expect(right, `step ${index}: snapshot() ${JSON.stringify(snapshot)} vs ${JSON.stringify(expected)}`).toBe(true));
        } else {
          const read = step.question === 'sum' ? await aggregator.sum() : await aggregator.average();
          const [wanted, allowed] = step.question === 'sum' ? [expected.sum, expected.magnitude] : [expected.average, perEvent];
          suite.rule('TWA-2', () => expect(within(read, wanted, allowed), `step ${index}: ${step.question}() = ${read}, expected ${wanted}`).toBe(true));
        }
        model.add(clock.now(), step.value);
        await aggregator.add(step.value);
      }
    }),
  );
}
