// Time-window-aggregator: TWA-6's bounded memory measured, not only size. A buffer that keeps
// growing while the window stays small (storage doubled, never reused) reports the right size but
// leaks; a million events through a window of two must retain about what two events need.

import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import { retainedBytes } from '../../harness/heap.ts';
import type { Suite } from '../../harness/suite.ts';
import type { timeWindowAggregatorSpec } from '../../spec/time-window-aggregator.ts';

type WindowSuite = Suite<typeof timeWindowAggregatorSpec>;
type Create = WindowSuite['implementation']['default'];

const events = 2 ** 20;
/** far above what a window of two events needs, far below the 16 MiB a buffer of a million doubles takes */
const retainedMaxBytes = 4 * 1024 * 1024;

export function memoryProperties(suite: WindowSuite, create: Create): void {
  suite.check('TWA-6', 'a million events through a window of two retain a bounded amount of memory', async () => {
    const clock = new VirtualClock(0);
    const aggregator = await create({ windowMs: 1, clock });
    await aggregator.add(0); // whatever is allocated up front is not the leak
    const before = retainedBytes({ external: true });
    for (let index = 0; index < events; index++) {
      clock.advance(1);
      await aggregator.add(1);
    }
    const grownBytes = retainedBytes({ external: true }) - before;
    const [size, count] = [await aggregator.size, await aggregator.count()]; // keeps the aggregator alive past the measurement
    suite.rule('TWA-6', () => {
      expect({ size, count }, 'the window holds the last two events').toEqual({ size: 2, count: 2 });
      expect(grownBytes, `bytes retained after ${events} events`).toBeLessThan(retainedMaxBytes);
    });
  }, { timeoutMs: 60_000 });
}
