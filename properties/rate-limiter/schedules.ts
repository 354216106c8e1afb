// rate-limiter's schedules: settings, clock steps (of every size, to and around window and
// refill boundaries, and backwards), costs and keys, drawn so that boundary bugs are reached; and
// the pure helpers that label and time them.

import fc from 'fast-check';
import { maximumCost, type Algorithm, type RateLimitDecision, type RateLimiterOptions } from '../../spec/rate-limiter.ts';

export interface Call {
  readonly readingMs: number;
  readonly key: string;
  readonly cost: number;
}

export interface Outcome extends Call {
  readonly decision: RateLimitDecision;
}

export interface Scenario {
  readonly settings: RateLimiterOptions;
  readonly calls: readonly Call[];
}

export interface ScheduleShape {
  /** exact: rates and windows whose arithmetic is exact in binary floating point, so reruns that
   * split time differently cannot round differently */
  readonly exact: boolean;
  /** relative weight of clock steps backwards (0: a monotone clock) */
  readonly backwardsWeight: number;
  readonly keys: readonly string[];
  /** most clock steps; a step makes one to four calls at the same instant */
  readonly maxSteps: number;
}

export const defaultShape: ScheduleShape = { exact: false, backwardsWeight: 1, keys: ['a', 'b', '__proto__'], maxSteps: 40 };

export const isBucket = (settings: RateLimiterOptions) =>
  settings.algorithm === 'token-bucket' || settings.algorithm === 'leaky-bucket';

export function bucketRate(settings: RateLimiterOptions): number {
  if (settings.algorithm === 'token-bucket') return settings.refillPerSecond;
  if (settings.algorithm === 'leaky-bucket') return settings.leakPerSecond;
  throw new Error(`${settings.algorithm} is not a bucket`);
}

export function settingsArbitrary(algorithm: Algorithm, exact: boolean): fc.Arbitrary<RateLimiterOptions> {
  // exact rates are 1000·2^k per second: a token takes a power-of-two number of milliseconds
  const capacity = fc.constantFrom(1, 2, 3, 5, 10, 2.5, ...(exact ? [] : [0.75, 7]));
  const rate = fc.constantFrom(...(exact ? [62.5, 125, 250, 500, 1000, 2000] : [1, 2, 3, 7.5, 0.3, 125, 1000]));
  // small limits fill in a few calls, so schedules reach the window edges with full windows
  const limit = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(6, 10) });
  const windowMs = fc.constantFrom(...(exact ? [1, 8, 64, 1024] : [1, 7, 10, 100, 1000, 60_000, 8, 1024]));
  switch (algorithm) {
    case 'token-bucket':
      return fc.record({ algorithm: fc.constant(algorithm), capacity, refillPerSecond: rate });
    case 'leaky-bucket':
      return fc.record({ algorithm: fc.constant(algorithm), capacity, leakPerSecond: rate });
    default:
      return fc.record({ algorithm: fc.constant(algorithm), limit, windowMs });
  }
}

/** Time for one unit of cost to come back (buckets) or one window; and for all of it to come back. */
function periods(settings: RateLimiterOptions): { unitMs: number; wholeMs: number } {
  if (isBucket(settings)) {
    const unitMs = 1000 / bucketRate(settings);
    return { unitMs, wholeMs: maximumCost(settings) * unitMs };
  }
  const { windowMs } = settings as { windowMs: number };
  return { unitMs: windowMs, wholeMs: settings.algorithm === 'sliding-window-counter' ? 2 * windowMs : windowMs };
}

/** A clock step: by a number of ms, or to the next multiple of the period (shifted by offsetMs). */
type Step = number | { readonly toBoundaryOffsetMs: number };

function stepArbitrary(settings: RateLimiterOptions, backwardsWeight: number): fc.Arbitrary<Step> {
  const { unitMs, wholeMs } = periods(settings);
  // the periods themselves, and a hair either side of them, are where boundary bugs live
  const periodSteps = [unitMs, unitMs / 2, 2 * unitMs, wholeMs, unitMs - 1, unitMs + 1, wholeMs - unitMs].filter((step) => step > 0);
  const steps: fc.WeightedArbitrary<Step>[] = [
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.constantFrom(0, 0, -0.5, -1).map((toBoundaryOffsetMs) => ({ toBoundaryOffsetMs })) },
    { weight: 2, arbitrary: fc.constantFrom(1, 0.5, 0.25) },
    { weight: 5, arbitrary: fc.constantFrom(...periodSteps) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: Math.ceil(3 * wholeMs) }) },
    { weight: 1, arbitrary: fc.constantFrom(10 * wholeMs, 1_000_000) },
  ];
  if (backwardsWeight > 0) {
    steps.push({ weight: backwardsWeight, arbitrary: fc.constantFrom(-1, -0.5, -unitMs, -wholeMs) });
  }
  return fc.oneof(...steps);
}

function costArbitrary(settings: RateLimiterOptions): fc.Arbitrary<number> {
  const most = maximumCost(settings);
  const others = isBucket(settings) ? [0.5, 2, most, most + 1] : [2, 3, most, most + 1];
  return fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.constantFrom(...others) });
}

export function callsArbitrary(settings: RateLimiterOptions, shape: ScheduleShape): fc.Arbitrary<Call[]> {
  const [firstKey, ...otherKeys] = shape.keys as [string, ...string[]];
  const key = fc.oneof({ weight: 3, arbitrary: fc.constant(firstKey) }, { weight: otherKeys.length, arbitrary: fc.constantFrom(firstKey, ...otherKeys) });
  // a step may repeat its request at the same instant: bursts are what a limiter is for
  const repeat = fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) });
  const step = fc.record({ deltaMs: stepArbitrary(settings, shape.backwardsWeight), key, cost: costArbitrary(settings), repeat });
  const startMs = fc.oneof(fc.constantFrom(0, 1_700_000_000_000, 5_000_003), fc.integer({ min: 0, max: 1_000_000 }));
  const { unitMs } = periods(settings);
  return fc.tuple(startMs, fc.array(step, { minLength: 1, maxLength: shape.maxSteps })).map(([start, steps]) => {
    let readingMs = start;
    return steps.flatMap(({ deltaMs, key: stepKey, cost, repeat: times }) => {
      readingMs = stepped(readingMs, deltaMs, unitMs);
      return Array.from({ length: times }, () => ({ readingMs, key: stepKey, cost }));
    });
  });
}

function stepped(readingMs: number, step: Step, unitMs: number): number {
  if (typeof step === 'number') return readingMs + step;
  const boundaryMs = (Math.floor(readingMs / unitMs) + 1) * unitMs;
  const shiftedMs = boundaryMs + step.toBoundaryOffsetMs;
  return shiftedMs > readingMs ? shiftedMs : boundaryMs;
}

export function scenarioArbitrary(algorithm: Algorithm, shape: Partial<ScheduleShape> = {}): fc.Arbitrary<Scenario> {
  const full = { ...defaultShape, ...shape };
  return settingsArbitrary(algorithm, full.exact).chain((settings) =>
    callsArbitrary(settings, full).map((calls) => ({ settings, calls })),
  );
}

export function describeCall(call: Call, index: number): string {
  return `call #${index}: tryAcquire(${JSON.stringify(call.key)}, ${call.cost}) at ${call.readingMs} ms`;
}

/** Slack for a wait measured on a float clock: far above rounding, far below a millisecond. */
export function waitToleranceMs(readingMs: number, waitMs: number): number {
  return 1e-8 * (waitMs + 1) + 16 * Number.EPSILON * (Math.abs(readingMs) + waitMs);
}

/** Each call's time as its key sees it: the latest reading on that key so far. */
export function keyTimes(calls: readonly Call[]): Call[] {
  const latest = new Map<string, number>();
  return calls.map((call) => {
    const readingMs = Math.max(call.readingMs, latest.get(call.key) ?? -Infinity);
    latest.set(call.key, readingMs);
    return { ...call, readingMs };
  });
}
