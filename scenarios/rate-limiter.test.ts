// Worked examples of rate-limiter: the seed's token bucket (15 requests at once, 10 allowed), each
// algorithm's textbook edge (a burst across a fixed-window boundary, the sliding log forbidding it),
// a clock stepping back, and the misuse that must throw rather than return a decision.

import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { systemSuite } from '../harness/suite.ts';
import { rateLimiterSpec, type RateLimitDecision, type RateLimiter, type RateLimiterOptions } from '../spec/rate-limiter.ts';
import { expectMisuse, valueLabel } from '../harness/misuse.ts';

const suite = await systemSuite(rateLimiterSpec);
const createRateLimiter = suite.implementation.default;

async function limiterAt(options: RateLimiterOptions, startMs = 0): Promise<{ limiter: RateLimiter; clock: VirtualClock }> {
  const clock = new VirtualClock(startMs);
  return { limiter: await createRateLimiter({ ...options, clock }), clock };
}

/** count requests of cost on key, all at the current time. */
async function burst(limiter: RateLimiter, key: string, count: number, cost = 1): Promise<RateLimitDecision[]> {
  const decisions: RateLimitDecision[] = [];
  for (let index = 0; index < count; index++) {
    const decision = await limiter.tryAcquire(key, cost);
    decisions.push({ allowed: decision.allowed, retryAfterMs: decision.retryAfterMs });
  }
  return decisions;
}

/** Denied, with a wait of least (rounding up by at most 1 ms is allowed). */
function expectRetry(decision: RateLimitDecision | undefined, leastMs: number): void {
  expect(decision?.allowed, 'denied').toBe(false);
  expect(decision?.retryAfterMs).toBeGreaterThanOrEqual(leastMs - 1e-9 * leastMs);
  expect(decision?.retryAfterMs).toBeLessThanOrEqual(leastMs + 1 + 1e-9 * leastMs);
}

const allowedFlags = (decisions: readonly RateLimitDecision[]) => decisions.map((decision) => decision.allowed);
const repeat = <T>(value: T, count: number): T[] => Array.from({ length: count }, () => value);

/** misuse through the shared check: awaited, its class, and "rate-limiter.<method>: expected <what>, got <value>" */
async function expectRejected(rule: 'RL-13' | 'RL-14', call: () => unknown, classes: typeof TypeError | typeof RangeError, method: string, value?: unknown): Promise<void> {
  await expectMisuse(suite, rule, { call, classes, method, ...(value === undefined ? {} : { value }), label: `${method} with ${valueLabel(value)}` });
}

suite.check(['RL-6', 'RL-7', 'RL-10'], "the seed's bucket (capacity 10, 2 per second) allows the first 10 of 15 requests at once", async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'token-bucket', capacity: 10, refillPerSecond: 2 });
  const decisions = await burst(limiter, 'user123', 15);
  suite.rule('RL-6', () => expect(allowedFlags(decisions)).toEqual([...repeat(true, 10), ...repeat(false, 5)]));
  suite.rule('RL-10', () => expectRetry(decisions[14], 500));
  clock.advance(499);
  await suite.rule('RL-7', async () => expect((await limiter.tryAcquire('user123')).allowed).toBe(false));
  clock.advance(1);
  const afterHalfSecond = await burst(limiter, 'user123', 2);
  suite.rule('RL-6', () => expect(allowedFlags(afterHalfSecond)).toEqual([true, false]));
  clock.advance(5000);
  const afterIdle = await burst(limiter, 'user123', 11);
  suite.rule('RL-6', () => expect(allowedFlags(afterIdle)).toEqual([...repeat(true, 10), false]));
});

suite.check(['RL-3', 'RL-7'], 'a fixed window allows twice its limit in a burst straddling a window boundary', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'fixed-window', limit: 5, windowMs: 1000 }, 999);
  const before = await burst(limiter, 'client', 5);
  clock.advance(1);
  const after = await burst(limiter, 'client', 6);
  suite.rule('RL-7', () => expect(allowedFlags([...before, ...after])).toEqual([...repeat(true, 10), false]));
  suite.rule('RL-3', () => expectRetry(after[5], 1000));
});

suite.check(['RL-4', 'RL-7', 'RL-10'], 'a sliding-window log forbids the boundary burst and frees each request windowMs after it', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'sliding-window-log', limit: 5, windowMs: 1000 }, 999);
  const before = await burst(limiter, 'client', 5);
  clock.advance(1);
  const [atBoundary] = await burst(limiter, 'client', 1);
  suite.rule('RL-4', () => expect(allowedFlags(before)).toEqual(repeat(true, 5)));
  suite.rule('RL-4', () => expectRetry(atBoundary, 999));
  clock.set(1998);
  const [justBefore] = await burst(limiter, 'client', 1);
  suite.rule('RL-10', () => expectRetry(justBefore, 1));
  clock.set(1999);
  const freed = await burst(limiter, 'client', 6);
  suite.rule('RL-7', () => expect(allowedFlags(freed)).toEqual([...repeat(true, 5), false]));
});

suite.check(['RL-4', 'RL-7'], 'a sliding-window log stays exact over many windows of traffic', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'sliding-window-log', limit: 3, windowMs: 10 });
  const rounds: boolean[][] = [];
  for (let round = 0; round < 40; round++) {
    const full = await burst(limiter, 'steady', 4);
    clock.advance(5); // 5 ms on, nothing in the window has expired yet
    const halfway = await burst(limiter, 'steady', 1);
    clock.advance(5); // 10 ms on, the whole round has
    rounds.push(allowedFlags([...full, ...halfway]));
  }
  const expected = rounds.map(() => [true, true, true, false, false]);
  suite.rule('RL-7', () => expect(rounds).toEqual(expected));
});

suite.check(['RL-5', 'RL-7', 'RL-10'], 'a sliding-window counter weighs the previous window by its overlap', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'sliding-window-counter', limit: 10, windowMs: 1000 }, 500);
  const first = await burst(limiter, 'client', 8);
  clock.set(1250); // estimate 8 · 750/1000 + 0 = 6: room for 4
  const second = await burst(limiter, 'client', 5);
  suite.rule('RL-7', () => expect(allowedFlags([...first, ...second])).toEqual([...repeat(true, 12), false]));
  // 8·(1000 − e)/1000 + 4 + 1 <= 10 from e = 375 on
  suite.rule('RL-10', () => expectRetry(second[4], 125));
  clock.set(1999);
  const boundary = await burst(limiter, 'client', 1);
  clock.set(2000); // previous window now holds 4 at full weight
  const nextWindow = await burst(limiter, 'client', 7);
  suite.rule('RL-5', () => expect(allowedFlags([...boundary, ...nextWindow])).toEqual([true, ...repeat(true, 5), false, false]));
});

suite.check(['RL-2', 'RL-6', 'RL-10'], 'a leaky bucket fills to capacity at once and drains at leakPerSecond', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'leaky-bucket', capacity: 3, leakPerSecond: 1 });
  const filled = await burst(limiter, 'meter', 4);
  suite.rule('RL-2', () => expect(allowedFlags(filled)).toEqual([true, true, true, false]));
  suite.rule('RL-10', () => expectRetry(filled[3], 1000));
  clock.advance(500);
  const half = await burst(limiter, 'meter', 1);
  suite.rule('RL-10', () => expectRetry(half[0], 500));
  const halfCost = await burst(limiter, 'meter', 2, 0.5);
  suite.rule('RL-6', () => expect(allowedFlags(halfCost)).toEqual([true, false]));
  clock.advance(3000);
  const drained = await burst(limiter, 'meter', 1, 3);
  suite.rule('RL-6', () => expect(allowedFlags(drained)).toEqual([true]));
});

suite.check(['RL-10', 'RL-12'], 'a cost above capacity or limit is denied for ever, as a result and not an exception', async () => {
  const { limiter: bucket } = await limiterAt({ algorithm: 'token-bucket', capacity: 10, refillPerSecond: 2 });
  const { limiter: window } = await limiterAt({ algorithm: 'fixed-window', limit: 3, windowMs: 1000 });
  const { limiter: meter } = await limiterAt({ algorithm: 'leaky-bucket', capacity: 1, leakPerSecond: 1 });
  const { limiter: log } = await limiterAt({ algorithm: 'sliding-window-log', limit: 2, windowMs: 10 });
  const { limiter: counter } = await limiterAt({ algorithm: 'sliding-window-counter', limit: 2, windowMs: 10 });
  const never = { allowed: false, retryAfterMs: Infinity };
  await suite.rule('RL-12', async () => expect(await bucket.tryAcquire('k', 10.5)).toEqual(never));
  await suite.rule('RL-12', async () => expect(await window.tryAcquire('k', 4)).toEqual(never));
  await suite.rule('RL-12', async () => expect(await meter.tryAcquire('k', 2)).toEqual(never));
  await suite.rule('RL-12', async () => expect(await log.tryAcquire('k', 3)).toEqual(never));
  await suite.rule('RL-12', async () => expect(await counter.tryAcquire('k', 3)).toEqual(never));
  // nothing was consumed by the refusals
  await suite.rule('RL-10', async () => expect(allowedFlags(await burst(bucket, 'k', 1, 10))).toEqual([true]));
  await suite.rule('RL-10', async () => expect(allowedFlags(await burst(window, 'k', 1, 3))).toEqual([true]));
});

suite.check(['RL-9'], 'a clock stepping back neither refills a bucket nor reopens a window', async () => {
  const { limiter, clock } = await limiterAt({ algorithm: 'token-bucket', capacity: 2, refillPerSecond: 1 }, 10_000);
  await burst(limiter, 'a', 2);
  clock.set(0);
  await suite.rule('RL-9', async () => expectRetry(await limiter.tryAcquire('a'), 11_000));
  clock.set(10_999);
  await suite.rule('RL-9', async () => expectRetry(await limiter.tryAcquire('a'), 1));
  clock.set(11_000);
  await suite.rule('RL-9', async () => expect((await limiter.tryAcquire('a')).allowed).toBe(true));
  clock.set(0); // a key first seen now starts from this reading
  await suite.rule('RL-9', async () => expect(allowedFlags(await burst(limiter, 'b', 3))).toEqual([true, true, false]));

  const { limiter: window, clock: windowClock } = await limiterAt({ algorithm: 'fixed-window', limit: 2, windowMs: 1000 }, 1000);
  await burst(window, 'a', 2);
  windowClock.set(999); // the key's time stays 1000: still window 1, not a fresh window 0
  await suite.rule('RL-9', async () => expectRetry(await window.tryAcquire('a'), 1001));
});

suite.check(['RL-8', 'RL-11'], 'keys are separate buckets, and a denied request takes nothing from its own', async () => {
  const { limiter } = await limiterAt({ algorithm: 'token-bucket', capacity: 3, refillPerSecond: 1 });
  await burst(limiter, 'a', 2);
  await suite.rule('RL-8', async () => expect(allowedFlags(await burst(limiter, 'b', 4))).toEqual([true, true, true, false]));
  await suite.rule('RL-11', async () => expect(allowedFlags(await burst(limiter, 'a', 1, 2))).toEqual([false]));
  await suite.rule('RL-11', async () => expect(allowedFlags(await burst(limiter, 'a', 2))).toEqual([true, false]));

  const { limiter: window } = await limiterAt({ algorithm: 'fixed-window', limit: 3, windowMs: 1000 });
  await burst(window, 'a', 2);
  const denied = await burst(window, 'a', 1, 2);
  const fits = await burst(window, 'a', 1);
  suite.rule('RL-11', () => expect(allowedFlags([...denied, ...fits])).toEqual([false, true]));
});

suite.check(['RL-15'], 'reset returns one key to new and leaves the others drained', async () => {
  const { limiter } = await limiterAt({ algorithm: 'sliding-window-log', limit: 2, windowMs: 1000 });
  await burst(limiter, 'a', 2);
  await burst(limiter, 'b', 2);
  await limiter.reset('a');
  await limiter.reset('never-used');
  await suite.rule('RL-15', async () => expect(allowedFlags(await burst(limiter, 'a', 3))).toEqual([true, true, false]));
  await suite.rule('RL-15', async () => expect(allowedFlags(await burst(limiter, 'b', 1))).toEqual([false]));
});

suite.check(['RL-12'], 'works on the system clock by default, with cost 1 by default', async () => {
  const limiter = await createRateLimiter({ algorithm: 'fixed-window', limit: 1, windowMs: 60_000 });
  const first = await limiter.tryAcquire('default');
  suite.rule('RL-12', () => expect(first).toEqual({ allowed: true, retryAfterMs: 0 }));
});

const badNumbers = [0, -1, Number.NaN, Infinity, '5', undefined];

suite.check(['RL-13'], 'create rejects bad numbers with a RangeError and bad shapes with a TypeError', async () => {
  for (const value of badNumbers) {
    const options = [
      { algorithm: 'token-bucket', capacity: value, refillPerSecond: 1 },
      { algorithm: 'token-bucket', capacity: 1, refillPerSecond: value },
      { algorithm: 'leaky-bucket', capacity: value, leakPerSecond: 1 },
      { algorithm: 'leaky-bucket', capacity: 1, leakPerSecond: value },
      { algorithm: 'fixed-window', limit: value, windowMs: 1000 },
      { algorithm: 'sliding-window-log', limit: 1, windowMs: value },
      { algorithm: 'sliding-window-counter', limit: value, windowMs: 1000 },
      { algorithm: 'sliding-window-counter', limit: 1, windowMs: value },
    ];
    for (const option of options) await expectRejected('RL-13', () => createRateLimiter(option as RateLimiterOptions), RangeError, 'create', value);
  }
  await expectRejected('RL-13', () => createRateLimiter({ algorithm: 'fixed-window', limit: 1.5, windowMs: 1000 }), RangeError, 'create', 1.5);
  for (const options of [null, undefined, 'token-bucket', { algorithm: 'gcra', limit: 1, windowMs: 1 }, { capacity: 1, refillPerSecond: 1 }]) {
    await expectRejected('RL-13', () => createRateLimiter(options as RateLimiterOptions), TypeError, 'create');
  }
  const noClock = { algorithm: 'token-bucket', capacity: 1, refillPerSecond: 1, clock: {} };
  await expectRejected('RL-13', () => createRateLimiter(noClock as unknown as RateLimiterOptions), TypeError, 'create');
});

suite.check(['RL-14'], 'tryAcquire and reset reject a key that is not a string and a cost that is not positive', async () => {
  const { limiter: bucket } = await limiterAt({ algorithm: 'token-bucket', capacity: 2, refillPerSecond: 1 });
  const { limiter: window } = await limiterAt({ algorithm: 'sliding-window-counter', limit: 2, windowMs: 1000 });
  for (const limiter of [bucket, window]) {
    for (const key of [42, undefined, null, {}, Symbol('key'), Object.create(null)]) {
      await expectRejected('RL-14', () => limiter.tryAcquire(key as string), TypeError, 'tryAcquire', key);
      await expectRejected('RL-14', () => limiter.reset(key as string), TypeError, 'reset', key);
    }
    for (const cost of [0, -1, Number.NaN, Infinity, '1', null]) {
      await expectRejected('RL-14', () => limiter.tryAcquire('k', cost as number), RangeError, 'tryAcquire', cost);
    }
  }
  await expectRejected('RL-14', () => window.tryAcquire('k', 1.5), RangeError, 'tryAcquire', 1.5);
  await suite.rule('RL-14', async () => expect(allowedFlags(await burst(bucket, 'k', 1, 1.5))).toEqual([true]));
});
