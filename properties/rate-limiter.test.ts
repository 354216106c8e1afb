// Properties of rate-limiter: generated schedules (clock steps of every size, steps back, several
// keys, several costs) run on a VirtualClock and are checked against the model in spec/, against
// window bounds computed straight from the log of allowed requests, and against reruns of themselves.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { ImplementationFault } from '../harness/guard.ts';
import { systemSuite } from '../harness/suite.ts';
import {
  algorithms,
  maximumCost,
  RateLimiterModel,
  rateLimiterSpec,
  type Algorithm,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
} from '../spec/rate-limiter.ts';
import {
  bucketRate,
  callsArbitrary,
  defaultShape,
  describeCall,
  isBucket,
  keyTimes,
  scenarioArbitrary,
  settingsArbitrary,
  waitToleranceMs,
  type Call,
  type Outcome,
} from './rate-limiter/schedules.ts';
import { floatEdgeChecks } from './rate-limiter/float-edges.ts';
import { misuseChecks } from './rate-limiter/misuse.ts';

const suite = await systemSuite(rateLimiterSpec);
const createRateLimiter = suite.implementation.default;

// ---------------------------------------------------------------- running

function checkShape(decision: RateLimitDecision, where: string): void {
  suite.rule('RL-12', () => {
    expect(typeof decision.allowed, `${where}: allowed`).toBe('boolean');
    expect(typeof decision.retryAfterMs, `${where}: retryAfterMs`).toBe('number');
    if (decision.allowed) expect(decision.retryAfterMs, `${where}: retryAfterMs of an allowed request`).toBe(0);
    else expect(decision.retryAfterMs, `${where}: retryAfterMs of a denied request`).toBeGreaterThan(0);
  });
}

async function acquire(limiter: RateLimiter, call: Call, where: string): Promise<RateLimitDecision> {
  let decision: RateLimitDecision;
  try {
    // cost 1 goes through the default parameter
    decision = await (call.cost === 1 ? limiter.tryAcquire(call.key) : limiter.tryAcquire(call.key, call.cost));
  } catch (error) {
    if (error instanceof ImplementationFault || !(error instanceof Error)) throw error;
    return suite.rule('RL-12', () => {
      throw new Error(`${where} threw ${error.name}: ${error.message}`);
    });
  }
  return { allowed: decision.allowed, retryAfterMs: decision.retryAfterMs };
}

/** A fresh limiter on a VirtualClock set to each call's reading in turn. */
async function startLimiter(settings: RateLimiterOptions): Promise<{ limiter: RateLimiter; clock: VirtualClock }> {
  const clock = new VirtualClock();
  return { limiter: await createRateLimiter({ ...settings, clock }), clock };
}

async function runCalls(limiter: RateLimiter, clock: VirtualClock, calls: readonly Call[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [index, call] of calls.entries()) {
    clock.set(call.readingMs);
    outcomes.push({ ...call, decision: await acquire(limiter, call, describeCall(call, index)) });
  }
  return outcomes;
}

async function run(settings: RateLimiterOptions, calls: readonly Call[]): Promise<Outcome[]> {
  const { limiter, clock } = await startLimiter(settings);
  return runCalls(limiter, clock, calls);
}
// ---------------------------------------------------------------- model agreement

for (const algorithm of algorithms) {
  suite.property(
    ['RL-7', 'RL-10', 'RL-12'],
    `${algorithm}: every decision and retryAfterMs is the model's, on any schedule and any keys`,
    fc.asyncProperty(scenarioArbitrary(algorithm), async ({ settings, calls }) => {
      const model = new RateLimiterModel(settings);
      const outcomes = await run(settings, calls);
      for (const [index, outcome] of outcomes.entries()) {
        const where = describeCall(outcome, index);
        const expected = model.decide(outcome.key, outcome.readingMs, outcome.cost);
        const { allowed, retryAfterMs } = outcome.decision;
        checkShape(outcome.decision, where);
        if (!expected.nearBoundary) {
          suite.rule('RL-7', () => expect(allowed, `${where}: allowed`).toBe(expected.allowed));
          if (!allowed) checkRetryAgainstModel(retryAfterMs, expected.retryAfterMs, outcome.readingMs, where);
        }
        // on the boundary the model follows the implementation, so later decisions stay comparable
        model.record(outcome.key, outcome.readingMs, outcome.cost, expected.nearBoundary ? allowed : expected.allowed);
      }
    }),
    { runsFactor: 0.6 },
  );
}

function checkRetryAgainstModel(actualMs: number, expectedMs: number, readingMs: number, where: string): void {
  suite.rule('RL-10', () => {
    if (expectedMs === Infinity) {
      expect(actualMs, `${where}: retryAfterMs`).toBe(Infinity);
      return;
    }
    const toleranceMs = waitToleranceMs(readingMs, expectedMs);
    expect(actualMs, `${where}: retryAfterMs (least wait ${expectedMs})`).toBeGreaterThanOrEqual(expectedMs - toleranceMs);
    expect(actualMs, `${where}: retryAfterMs (least wait ${expectedMs})`).toBeLessThanOrEqual(expectedMs + 1 + toleranceMs);
  });
}

// ---------------------------------------------------------------- bounds from the allowed log

const boundRule = {
  'token-bucket': 'RL-1',
  'leaky-bucket': 'RL-2',
  'fixed-window': 'RL-3',
  'sliding-window-log': 'RL-4',
  'sliding-window-counter': 'RL-5',
} as const;

const boundBehaviour: Record<Algorithm, string> = {
  'token-bucket': 'allows at most capacity + refillPerSecond·d/1000 in any interval of d ms',
  'leaky-bucket': 'allows at most capacity + leakPerSecond·d/1000 in any interval of d ms',
  'fixed-window': 'allows at most limit in every aligned window',
  'sliding-window-log': 'allows at most limit in every half-open window of windowMs',
  'sliding-window-counter': 'allows at most limit in every aligned window',
};

/** The first bound the allowed requests of one key break, found by scanning every interval. */
function boundBroken(settings: RateLimiterOptions, allowed: readonly Call[]): string | undefined {
  if (isBucket(settings)) {
    const capacity = maximumCost(settings);
    const perSecond = bucketRate(settings);
    for (let first = 0; first < allowed.length; first++) {
      let cost = 0;
      for (let last = first; last < allowed.length; last++) {
        cost += (allowed[last] as Call).cost;
        const spanMs = (allowed[last] as Call).readingMs - (allowed[first] as Call).readingMs;
        const bound = capacity + (perSecond * spanMs) / 1000;
        if (cost > bound + 1e-9 * (bound + cost)) return `cost ${cost} allowed in [${(allowed[first] as Call).readingMs}, ${(allowed[last] as Call).readingMs}] > ${bound}`;
      }
    }
    return undefined;
  }
  const { limit, windowMs } = settings as { limit: number; windowMs: number };
  const inside =
    settings.algorithm === 'sliding-window-log'
      ? (endMs: number) => (timeMs: number) => timeMs > endMs - windowMs && timeMs <= endMs
      : (endMs: number) => (timeMs: number) => Math.floor(timeMs / windowMs) === Math.floor(endMs / windowMs);
  for (const end of allowed) {
    const window = inside(end.readingMs);
    const cost = allowed.reduce((sum, request) => (window(request.readingMs) ? sum + request.cost : sum), 0);
    if (cost > limit) return `cost ${cost} allowed in the window holding ${end.readingMs} ms > limit ${limit}`;
  }
  return undefined;
}

for (const algorithm of algorithms) {
  suite.property(
    boundRule[algorithm],
    `${algorithm}: ${boundBehaviour[algorithm]}, scanned from the allowed log`,
    fc.asyncProperty(scenarioArbitrary(algorithm), async ({ settings, calls }) => {
      const outcomes = await run(settings, calls);
      const timed = keyTimes(outcomes);
      for (const key of defaultShape.keys) {
        const allowed = timed.filter((call, index) => call.key === key && (outcomes[index] as Outcome).decision.allowed);
        suite.rule(boundRule[algorithm], () => expect(boundBroken(settings, allowed), `key ${key}`).toBeUndefined());
      }
    }),
    { runsFactor: 1 },
  );
}

// ---------------------------------------------------------------- retryAfterMs honoured

/** The decision of one more call after replaying prefix on a fresh limiter. */
async function decisionAfter(settings: RateLimiterOptions, prefix: readonly Call[], next: Call): Promise<RateLimitDecision> {
  const outcomes = await run(settings, [...prefix, next]);
  return (outcomes[outcomes.length - 1] as Outcome).decision;
}

/** Up to count indices spread evenly over indices. */
function spread(indices: readonly number[], count: number): number[] {
  if (indices.length <= count) return [...indices];
  return Array.from({ length: count }, (_, slot) => indices[Math.floor((slot * (indices.length - 1)) / (count - 1))] as number);
}

for (const algorithm of algorithms) {
  suite.property(
    'RL-10',
    `${algorithm}: waiting retryAfterMs lets the request through, waiting 1 ms less does not`,
    fc.asyncProperty(scenarioArbitrary(algorithm), async ({ settings, calls }) => {
      const outcomes = await run(settings, calls);
      const deniedIndices = outcomes.flatMap((outcome, index) => (outcome.decision.allowed ? [] : [index]));
      for (const index of deniedIndices) {
        const { cost, decision } = outcomes[index] as Outcome;
        suite.rule('RL-10', () =>
          expect(decision.retryAfterMs === Infinity, `${describeCall(outcomes[index] as Outcome, index)}: retryAfterMs ${decision.retryAfterMs}`).toBe(
            cost > maximumCost(settings),
          ),
        );
      }
      const finite = deniedIndices.filter((index) => (outcomes[index] as Outcome).decision.retryAfterMs !== Infinity);
      for (const index of spread(finite, 3)) await checkRetryHonoured(settings, outcomes, index);
    }),
    { runsFactor: 0.5 },
  );
}

async function checkRetryHonoured(settings: RateLimiterOptions, outcomes: readonly Outcome[], index: number): Promise<void> {
  const call = outcomes[index] as Outcome;
  const prefix = outcomes.slice(0, index + 1);
  const waitMs = call.decision.retryAfterMs;
  const toleranceMs = waitToleranceMs(call.readingMs, waitMs);
  const where = describeCall(call, index);
  const after = await decisionAfter(settings, prefix, { ...call, readingMs: call.readingMs + waitMs + toleranceMs });
  suite.rule('RL-10', () => expect(after.allowed, `${where} denied, retryAfterMs ${waitMs}; repeated after that wait`).toBe(true));
  const shorterMs = waitMs - 1 - toleranceMs;
  if (shorterMs <= 0) return;
  const before = await decisionAfter(settings, prefix, { ...call, readingMs: call.readingMs + shorterMs });
  suite.rule('RL-10', () => expect(before.allowed, `${where} denied, retryAfterMs ${waitMs}; repeated after ${shorterMs} ms`).toBe(false));
}

// ---------------------------------------------------------------- isolation, clock, denied requests

for (const algorithm of algorithms) {
  suite.property(
    'RL-8',
    `${algorithm}: each key decides alike with or without traffic on other keys`,
    fc.asyncProperty(scenarioArbitrary(algorithm), async ({ settings, calls }) => {
      const together = await run(settings, calls);
      for (const key of defaultShape.keys) {
        const alone = await run(settings, calls.filter((call) => call.key === key));
        const mixed = together.filter((outcome) => outcome.key === key);
        suite.rule('RL-8', () => expect(mixed, `key ${key} among others vs alone`).toEqual(alone));
      }
    }),
    { runsFactor: 0.4 },
  );

  suite.property(
    'RL-9',
    `${algorithm}: a reading earlier than the key's latest decides as that latest reading`,
    fc.asyncProperty(scenarioArbitrary(algorithm, { backwardsWeight: 4 }), async ({ settings, calls }) => {
      const raw = await run(settings, calls);
      const clamped = await run(settings, keyTimes(calls));
      for (const [index, outcome] of raw.entries()) {
        const steady = clamped[index] as Outcome;
        const where = `${describeCall(outcome, index)} (key time ${steady.readingMs})`;
        suite.rule('RL-9', () => {
          expect(outcome.decision.allowed, `${where}: allowed`).toBe(steady.decision.allowed);
          if (steady.decision.allowed) return;
          // the two waits end at the same instant
          const endMs = outcome.readingMs + outcome.decision.retryAfterMs;
          const steadyEndMs = steady.readingMs + steady.decision.retryAfterMs;
          if (steadyEndMs === Infinity) expect(endMs, `${where}: allowed again at`).toBe(Infinity);
          else expect(Math.abs(endMs - steadyEndMs), `${where}: allowed again at ${endMs}, not ${steadyEndMs}`).toBeLessThanOrEqual(waitToleranceMs(endMs, 0));
        });
      }
    }),
    { runsFactor: 0.4 },
  );

  suite.property(
    'RL-11',
    `${algorithm}: removing a denied request changes no other decision`,
    fc.asyncProperty(scenarioArbitrary(algorithm, { exact: true, backwardsWeight: 0 }), async ({ settings, calls }) => {
      const outcomes = await run(settings, calls);
      const deniedIndices = outcomes.flatMap((outcome, index) => (outcome.decision.allowed ? [] : [index]));
      for (const removed of spread(deniedIndices, 6)) {
        const without = await run(settings, calls.filter((_, index) => index !== removed));
        const expected = outcomes.filter((_, index) => index !== removed);
        suite.rule('RL-11', () => expect(without, `without denied ${describeCall(outcomes[removed] as Outcome, removed)}`).toEqual(expected));
      }
    }),
    { runsFactor: 0.5 },
  );
}

// ---------------------------------------------------------------- refill and leak

for (const algorithm of ['token-bucket', 'leaky-bucket'] as const) {
  suite.property(
    'RL-6',
    `${algorithm}: the whole capacity is back after capacity·1000/rate ms idle, and k returns after exactly k·1000/rate ms`,
    fc.asyncProperty(
      scenarioArbitrary(algorithm, { backwardsWeight: 0, keys: ['a'], maxSteps: 20 }),
      fc.constantFrom(0.25, 0.5, 1),
      async ({ settings, calls }, fraction) => {
        const { limiter, clock } = await startLimiter(settings);
        await runCalls(limiter, clock, calls);
        const capacity = maximumCost(settings);
        const unitMs = 1000 / bucketRate(settings);
        let nowMs = (calls[calls.length - 1] as Call).readingMs;
        const at = async (timeMs: number, cost: number) => {
          clock.set(timeMs);
          return (await acquire(limiter, { key: 'a', cost, readingMs: timeMs }, `tryAcquire("a", ${cost}) at ${timeMs} ms`)).allowed;
        };
        nowMs += capacity * unitMs + waitToleranceMs(nowMs, capacity * unitMs);
        const wholeBack = await at(nowMs, capacity);
        suite.rule('RL-6', () => expect(wholeBack, `the whole capacity ${capacity} after idling`).toBe(true));
        const k = capacity * fraction;
        // a little before: a millionth of the wait, or well above the clock's float resolution
        const earlyMs = nowMs + k * unitMs - Math.max(1e-6 * k * unitMs, 4 * waitToleranceMs(nowMs, k * unitMs));
        const early = await at(earlyMs, k);
        suite.rule('RL-6', () => expect(early, `cost ${k} a little before ${k * unitMs} ms from empty`).toBe(false));
        const onTimeMs = nowMs + k * unitMs + waitToleranceMs(nowMs, k * unitMs);
        const overflow = await at(onTimeMs, k + capacity / 8);
        suite.rule('RL-6', () => expect(overflow, `cost ${k + capacity / 8} after ${k * unitMs} ms from empty`).toBe(false));
        const onTime = await at(onTimeMs, k);
        suite.rule('RL-6', () => expect(onTime, `cost ${k} after ${k * unitMs} ms from empty`).toBe(true));
      },
    ),
    { runsFactor: 0.5 },
  );
}

// ---------------------------------------------------------------- reset

for (const algorithm of algorithms) {
  suite.property(
    'RL-15',
    `${algorithm}: reset(key) makes the key new again and leaves other keys as they were`,
    fc.asyncProperty(
      settingsArbitrary(algorithm, false).chain((settings) =>
        fc.tuple(fc.constant(settings), callsArbitrary(settings, { ...defaultShape, keys: ['a', 'b'], maxSteps: 25 }), callsArbitrary(settings, { ...defaultShape, keys: ['a', 'b'], maxSteps: 25 })),
      ),
      async ([settings, before, after]) => {
        const { limiter, clock } = await startLimiter(settings);
        await runCalls(limiter, clock, before);
        await limiter.reset('a');
        const afterReset = await runCalls(limiter, clock, after);
        const fresh = await run(settings, after.filter((call) => call.key === 'a'));
        suite.rule('RL-15', () => expect(afterReset.filter((outcome) => outcome.key === 'a'), 'key "a" after reset vs a new limiter').toEqual(fresh));
        const unreset = (await run(settings, [...before, ...after])).slice(before.length);
        const untouched = (outcomes: readonly Outcome[]) => outcomes.filter((outcome) => outcome.key === 'b');
        suite.rule('RL-15', () => expect(untouched(afterReset), 'key "b" with and without reset("a")').toEqual(untouched(unreset)));
      },
    ),
    { runsFactor: 0.4 },
  );
}

// ---------------------------------------------------------------- misuse and float edges

misuseChecks(suite);
floatEdgeChecks(suite);
