// rate-limiter's float edges (RL-12): readings where the exact wait is a hair above 0 but the
// obvious float subtraction gives 0 or less — 43·0.1 − 4.3 is 0, and 0.37 + 0.3 − 0.6699999999999999
// is not positive — so a denial must still say "later" with a retryAfterMs above 0.

import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import type { Suite } from '../../harness/suite.ts';
import { RateLimiterModel, type RateLimiterOptions, type rateLimiterSpec } from '../../spec/rate-limiter.ts';

type RateLimiterSuite = Suite<typeof rateLimiterSpec>;

interface Edge {
  readonly settings: RateLimiterOptions;
  /** readings of key "k": every one but the last is allowed, the last is denied */
  readonly readingsMs: readonly number[];
}

const edges: readonly Edge[] = [
  // Math.floor(4.3 / 0.1) is 42, and window 43 starts at 43 · 0.1 = 4.3 in floats
  { settings: { algorithm: 'fixed-window', limit: 1, windowMs: 0.1 }, readingsMs: [4.3, 4.3] },
  { settings: { algorithm: 'sliding-window-counter', limit: 1, windowMs: 0.1 }, readingsMs: [4.3, 4.3] },
  // 0.37 is still inside (0.6699999999999999 − 0.3, 0.6699999999999999], yet 0.37 + 0.3 is not above it
  { settings: { algorithm: 'sliding-window-log', limit: 1, windowMs: 0.3 }, readingsMs: [0.37, 0.6699999999999999] },
];

function deniedWaitCheck(suite: RateLimiterSuite): void {
  suite.check(['RL-7', 'RL-12'], 'a denial whose exact wait is a hair above 0 still returns a retryAfterMs above 0', async () => {
    for (const { settings, readingsMs } of edges) {
      const clock = new VirtualClock();
      const limiter = await suite.implementation.default({ ...settings, clock });
      const model = new RateLimiterModel(settings);
      for (const [index, readingMs] of readingsMs.entries()) {
        clock.set(readingMs);
        const expected = model.decide('k', readingMs, 1);
        const decision = await limiter.tryAcquire('k');
        const where = `${settings.algorithm}, call #${index} at ${readingMs} ms`;
        suite.rule('RL-7', () => expect(decision.allowed, `${where}: allowed`).toBe(expected.allowed));
        if (!decision.allowed) suite.rule('RL-12', () => expect(decision.retryAfterMs, `${where}: retryAfterMs of a denial`).toBeGreaterThan(0));
        model.record('k', readingMs, 1, decision.allowed);
      }
      suite.rule('RL-7', () => expect(model.decide('k', readingsMs[readingsMs.length - 1] as number, 1).allowed, `${settings.algorithm}: the last call is a denial`).toBe(false));
    }
  });
}

export function floatEdgeChecks(suite: RateLimiterSuite): void {
  deniedWaitCheck(suite);
}
