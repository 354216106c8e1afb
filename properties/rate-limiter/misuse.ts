// rate-limiter's misuse (RL-13, RL-14) on every algorithm: each bad option, clock, key and cost
// must throw its class with "rate-limiter.<method>: expected <what>, got <value>", showing the
// value (a message reading "got undefined" for an object tells nobody anything) and naming the option.

import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import { failureOf } from '../../harness/failure.ts';
import { falsyValues } from '../../harness/generators.ts';
import { expectAccepted, expectMisuse, judgeMisuse, misuseParts, valueLabel } from '../../harness/misuse.ts';
import type { Suite } from '../../harness/suite.ts';
import { algorithms, type Algorithm, type RateLimiter, type RateLimiterOptions, type rateLimiterSpec } from '../../spec/rate-limiter.ts';

type RateLimiterSuite = Suite<typeof rateLimiterSpec>;
type Rule = 'RL-13' | 'RL-14';

// String() of it throws, so a message built with String(value) or `${value}` fails on it
const bare = Object.create(null) as object;
const objects: readonly unknown[] = [{}, [], bare, Symbol('bad'), () => 4, 5n];
const notStrings: readonly unknown[] = [...falsyValues.filter((value) => typeof value !== 'string'), 42, true, ...objects];
/** not positive finite numbers; undefined is left out of costs, where it means the default of 1 */
const notPositiveFinite: readonly unknown[] = [0, -0, -1, -0.5, Number.NaN, Infinity, -Infinity, '5', null, true, 1n];
const windowAlgorithms: readonly Algorithm[] = algorithms.filter((algorithm) => algorithm !== 'token-bucket' && algorithm !== 'leaky-bucket');

/** valid options of each algorithm, with names of the numeric options */
function validOptions(algorithm: Algorithm): { options: Record<string, unknown>; numbers: readonly string[] } {
  switch (algorithm) {
    case 'token-bucket':
      return { options: { algorithm, capacity: 2, refillPerSecond: 1 }, numbers: ['capacity', 'refillPerSecond'] };
    case 'leaky-bucket':
      return { options: { algorithm, capacity: 2, leakPerSecond: 1 }, numbers: ['capacity', 'leakPerSecond'] };
    default:
      return { options: { algorithm, limit: 2, windowMs: 1000 }, numbers: ['limit', 'windowMs'] };
  }
}

const create = (suite: RateLimiterSuite, options: unknown) => () => suite.implementation.default(options as RateLimiterOptions);

/** The failure of call, judged as misuse, and its message not claiming a value the call never passed. */
async function expectShownMisuse(suite: RateLimiterSuite, rule: Rule, method: string, value: unknown, call: () => unknown, classes: typeof TypeError | typeof RangeError, mentions?: RegExp): Promise<void> {
  const error = await failureOf(call);
  const label = `${method} with ${valueLabel(value)}`;
  judgeMisuse(suite, rule, { classes, method, value, label, ...(mentions === undefined ? {} : { mentions }) }, error);
  if (value === undefined || !(error instanceof Error)) return;
  const got = misuseParts(error.message)?.got;
  suite.rule(rule, () => expect(got, `${label}: the message ${JSON.stringify(error.message)} shows the value`).not.toBe('undefined'));
}

function badOptionCheck(suite: RateLimiterSuite): void {
  suite.check('RL-13', 'create rejects each bad number option of every algorithm with a RangeError naming that option', async () => {
    for (const algorithm of algorithms) {
      const { options, numbers } = validOptions(algorithm);
      for (const name of numbers) {
        // named after "expected": "rate-limiter" itself already contains "limit"
        const naming = new RegExp(`expected .*\\b${name}\\b`);
        for (const value of [...notPositiveFinite, undefined]) {
          await expectShownMisuse(suite, 'RL-13', 'create', value, create(suite, { ...options, [name]: value }), RangeError, naming);
        }
      }
    }
  });
}

function windowLimitCheck(suite: RateLimiterSuite): void {
  suite.check('RL-13', 'create rejects a limit that is not a whole number, saying it must be an integer', async () => {
    for (const algorithm of windowAlgorithms) {
      for (const limit of [1.5, 0.5, 2.25]) {
        const { options } = validOptions(algorithm);
        await expectShownMisuse(suite, 'RL-13', 'create', limit, create(suite, { ...options, limit }), RangeError, /integer/i);
      }
    }
  });
}

function clockCheck(suite: RateLimiterSuite): void {
  suite.check('RL-13', 'create rejects a clock without now() with a TypeError and accepts any object or function that has one', async () => {
    for (const algorithm of algorithms) {
      const { options } = validOptions(algorithm);
      for (const clock of [null, 42, 'clock', true, {}, { now: 5 }, Symbol('clock'), bare, () => 0]) {
        await expectShownMisuse(suite, 'RL-13', 'create', clock, create(suite, { ...options, clock }), TypeError);
      }
      const callable = Object.assign(() => 0, { now: () => 7 });
      const limiter = (await expectAccepted(suite, 'RL-13', 'a function with a now() method as the clock', create(suite, { ...options, clock: callable }))) as RateLimiter | undefined;
      if (limiter !== undefined) await expectAccepted(suite, 'RL-13', 'tryAcquire on a function clock', () => limiter.tryAcquire('k'));
      await expectAccepted(suite, 'RL-13', 'a clock whose now() is inherited', create(suite, { ...options, clock: new VirtualClock(3) }));
    }
  });
}

function keyCheck(suite: RateLimiterSuite): void {
  suite.check('RL-14', 'tryAcquire and reset reject a key that is not a string with a TypeError, on every algorithm', async () => {
    for (const algorithm of algorithms) {
      const limiter = await suite.implementation.default({ ...(validOptions(algorithm).options as unknown as RateLimiterOptions), clock: new VirtualClock() });
      const loose = limiter as unknown as { tryAcquire(key: unknown, cost?: unknown): unknown; reset(key: unknown): unknown };
      for (const key of notStrings) {
        await expectShownMisuse(suite, 'RL-14', 'tryAcquire', key, () => loose.tryAcquire(key), TypeError);
        await expectShownMisuse(suite, 'RL-14', 'tryAcquire', key, () => loose.tryAcquire(key, 1), TypeError);
        await expectShownMisuse(suite, 'RL-14', 'reset', key, () => loose.reset(key), TypeError);
      }
    }
  });
}

function costCheck(suite: RateLimiterSuite): void {
  suite.check('RL-14', 'tryAcquire rejects a cost that is not a positive finite number with a RangeError, on every algorithm', async () => {
    for (const algorithm of algorithms) {
      const limiter = await suite.implementation.default({ ...(validOptions(algorithm).options as unknown as RateLimiterOptions), clock: new VirtualClock() });
      const loose = limiter as unknown as { tryAcquire(key: unknown, cost?: unknown): unknown };
      for (const cost of [...notPositiveFinite, ...objects]) {
        await expectShownMisuse(suite, 'RL-14', 'tryAcquire', cost, () => loose.tryAcquire('k', cost), RangeError);
      }
      // nothing was consumed: the whole allowance is still there
      const whole = await expectAccepted(suite, 'RL-14', `${algorithm}: tryAcquire("k", 2) after the misuse`, () => limiter.tryAcquire('k', 2));
      suite.rule('RL-14', () => expect((whole as { allowed?: unknown } | undefined)?.allowed, `${algorithm}: the full allowance after rejected costs`).toBe(true));
    }
  });
}

function wholeCostCheck(suite: RateLimiterSuite): void {
  suite.check('RL-14', 'the window algorithms reject a fractional cost, saying it must be an integer; the buckets take it', async () => {
    for (const algorithm of algorithms) {
      const limiter = await suite.implementation.default({ ...(validOptions(algorithm).options as unknown as RateLimiterOptions), clock: new VirtualClock() });
      for (const cost of [1.5, 0.5]) {
        if (windowAlgorithms.includes(algorithm)) await expectMisuse(suite, 'RL-14', { call: () => limiter.tryAcquire('k', cost), classes: RangeError, method: 'tryAcquire', value: cost, mentions: /integer/i });
        else await expectAccepted(suite, 'RL-14', `${algorithm}: tryAcquire("k", ${cost})`, () => limiter.tryAcquire('k', cost));
      }
    }
  });
}

export function misuseChecks(suite: RateLimiterSuite): void {
  for (const check of [badOptionCheck, windowLimitCheck, clockCheck, keyCheck, costCheck, wholeCostCheck]) check(suite);
}
