// rate-limiter: per-key admission by token bucket, leaky bucket, fixed window, sliding-window
// log and sliding-window counter, on an injected clock. The model keeps each key's allowed
// requests in an array and decides by evaluating the bound of RL-1..RL-5 over that whole array
// (no token count, no window state); retryAfterMs is found by searching time for the first
// instant that bound admits the request, so the model shares no formula with an implementation.

import type { Clock } from '../harness/clock.ts';
import { defineSpec } from '../harness/spec.ts';

interface ClockOption {
  /** where time comes from; defaults to the system clock */
  readonly clock?: Clock;
}

export interface TokenBucketOptions extends ClockOption {
  readonly algorithm: 'token-bucket';
  /** the most tokens the bucket holds; it starts full. A positive finite number. */
  readonly capacity: number;
  /** tokens added per second, continuously, up to capacity. A positive finite number. */
  readonly refillPerSecond: number;
}

export interface LeakyBucketOptions extends ClockOption {
  /** a leaky bucket used as a meter: the level drains continuously; a request adds its cost */
  readonly algorithm: 'leaky-bucket';
  /** the highest level allowed; it starts empty. A positive finite number. */
  readonly capacity: number;
  /** level drained per second, continuously, down to zero. A positive finite number. */
  readonly leakPerSecond: number;
}

interface WindowOptions extends ClockOption {
  /** the most cost allowed per window; a positive integer */
  readonly limit: number;
  /** window length; a positive finite number of milliseconds */
  readonly windowMs: number;
}

export interface FixedWindowOptions extends WindowOptions {
  /** windows [k·windowMs, (k+1)·windowMs) aligned on the clock's time axis */
  readonly algorithm: 'fixed-window';
}

export interface SlidingWindowLogOptions extends WindowOptions {
  /** the cost of allowed requests in (now − windowMs, now] */
  readonly algorithm: 'sliding-window-log';
}

export interface SlidingWindowCounterOptions extends WindowOptions {
  /** the previous aligned window's count, weighted by how much of it still overlaps, plus the current one's */
  readonly algorithm: 'sliding-window-counter';
}

export type RateLimiterOptions =
  | TokenBucketOptions
  | LeakyBucketOptions
  | FixedWindowOptions
  | SlidingWindowLogOptions
  | SlidingWindowCounterOptions;

export type Algorithm = RateLimiterOptions['algorithm'];

export const algorithms: readonly Algorithm[] = [
  'token-bucket',
  'leaky-bucket',
  'fixed-window',
  'sliding-window-log',
  'sliding-window-counter',
];

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** 0 when allowed; otherwise the clock wait until the same request would be allowed (Infinity: never) */
  readonly retryAfterMs: number;
}

export interface RateLimiter {
  /** decides one request of the given cost (default 1) on key; a denied request consumes nothing */
  tryAcquire(key: string, cost?: number): RateLimitDecision;
  /** returns key to the state of a key never used */
  reset(key: string): void;
}

export type CreateRateLimiter = (options: RateLimiterOptions) => RateLimiter;

export interface RateLimiterModule {
  readonly default: CreateRateLimiter;
}

export const rateLimiterSpec = defineSpec({
  id: 'rate-limiter',
  title: 'Rate limiter: token bucket, leaky bucket, fixed window, sliding-window log and counter',
  rules: {
    'RL-1':
      'Token bucket: on one key, the cost allowed at times within any closed interval of d ms of that key\'s time is at most capacity + refillPerSecond·d/1000.',
    'RL-2':
      'Leaky bucket: on one key, the cost allowed at times within any closed interval of d ms of that key\'s time is at most capacity + leakPerSecond·d/1000.',
    'RL-3':
      'Fixed window: on one key, the cost allowed at times t with Math.floor(t / windowMs) = k is at most limit, for every k.',
    'RL-4':
      'Sliding-window log: on one key, the cost allowed at times within any half-open window (s − windowMs, s] is at most limit.',
    'RL-5':
      'Sliding-window counter: on one key, the cost allowed in every aligned window [k·windowMs, (k+1)·windowMs) is at most limit.',
    'RL-6':
      'A token bucket starts full and regains refillPerSecond tokens per second up to capacity, and a leaky bucket starts empty and drains leakPerSecond per second down to zero: after an idle capacity·1000/rate ms the whole capacity is available, and from empty (full) a cost of k becomes available after exactly k·1000/rate ms.',
    'RL-7':
      'Each decision is the model\'s: the buckets allow iff RL-1/RL-2 would still hold for every interval ending now with the request included; fixed window iff the current window\'s cost + cost <= limit; the log iff the cost in (now − windowMs, now] + cost <= limit; the counter iff previousCount·(windowMs − elapsedInWindow)/windowMs + currentCount + cost <= limit (within 1e-9 relative of the boundary either answer is accepted).',
    'RL-8':
      'Keys are isolated: the decisions on one key are the same whatever requests are made on other keys.',
    'RL-9':
      'Time never runs backwards inside a key: a clock reading earlier than the latest the key has been decided at is treated as that latest reading, so a clock stepping back grants no capacity.',
    'RL-10':
      'A denied decision\'s retryAfterMs is the least clock wait (from this call\'s reading) after which the same request on the key, with no other traffic on it, is allowed, rounded up by at most 1 ms, and Infinity exactly when cost exceeds capacity (limit).',
    'RL-11':
      'A denied request consumes nothing: with a clock that does not step back, removing denied requests from a history leaves every other decision unchanged.',
    'RL-12':
      'Being limited is a typed result, not an exception: every valid tryAcquire returns { allowed, retryAfterMs } with retryAfterMs 0 when allowed and > 0 when denied, even for a cost above capacity.',
    'RL-13':
      'create rejects a capacity, rate, limit or windowMs that is not positive and finite (limit: a positive integer) with a RangeError, and options that are not an object, an unknown algorithm or a clock without now() with a TypeError, each "rate-limiter.create: expected ..., got <value>" naming the option at fault (and saying integer for a limit that is not one).',
    'RL-14':
      'tryAcquire and reset reject a key that is not a string with a TypeError, and tryAcquire a cost that is not a positive finite number (a positive integer for the window algorithms) with a RangeError, each "rate-limiter.<method>: expected ..., got <value>" (saying integer for a window cost that is not one).',
    'RL-15':
      'reset(key) returns that key to the state of a key never used (its latest time forgotten too) and leaves every other key unchanged.',
  },
  exports: ['default'],
  smoke(module: RateLimiterModule) {
    const limiter = module.default({ algorithm: 'token-bucket', capacity: 1, refillPerSecond: 1 });
    return limiter.tryAcquire('smoke');
  },
});

export interface ModelDecision {
  readonly allowed: boolean;
  /** within floating-point reach of the boundary: an implementation may answer either way */
  readonly nearBoundary: boolean;
  /** 0 when allowed; else the least wait from the reading until allowed (Infinity: never) */
  readonly retryAfterMs: number;
}

interface AllowedRequest {
  readonly timeMs: number;
  readonly cost: number;
}

interface KeyHistory {
  latestMs: number;
  readonly allowed: AllowedRequest[];
}

const relativeTolerance = 1e-9;

/** The largest cost an algorithm can ever allow at once. */
export function maximumCost(settings: RateLimiterOptions): number {
  return settings.algorithm === 'token-bucket' || settings.algorithm === 'leaky-bucket' ? settings.capacity : settings.limit;
}

/** Seconds-based rate of the two buckets. */
function ratePerSecond(settings: TokenBucketOptions | LeakyBucketOptions): number {
  return settings.algorithm === 'token-bucket' ? settings.refillPerSecond : settings.leakPerSecond;
}

/**
 * Both buckets, RL-1/RL-2 read literally: for every earlier allowed request i, the cost allowed
 * since i plus this cost stays within capacity + rate·(now − time_i). (A full token bucket and an
 * empty leaky meter are the same constraint, so one function serves both.)
 */
function bucketSlack(log: readonly AllowedRequest[], nowMs: number, cost: number, capacity: number, perSecond: number): number {
  let slack = capacity - cost;
  let costSince = 0;
  for (let index = log.length - 1; index >= 0; index--) {
    const request = log[index] as AllowedRequest;
    costSince += request.cost;
    slack = Math.min(slack, capacity + (perSecond * (nowMs - request.timeMs)) / 1000 - costSince - cost);
  }
  return slack;
}

function costWhere(log: readonly AllowedRequest[], inside: (timeMs: number) => boolean): number {
  return log.reduce((sum, request) => (inside(request.timeMs) ? sum + request.cost : sum), 0);
}

function windowOf(timeMs: number, windowMs: number): number {
  return Math.floor(timeMs / windowMs);
}

/** How far the request stays inside its limit if decided at key time nowMs (>= 0: allowed). */
function slackAt(settings: RateLimiterOptions, log: readonly AllowedRequest[], nowMs: number, cost: number): number {
  switch (settings.algorithm) {
    case 'token-bucket':
    case 'leaky-bucket':
      return bucketSlack(log, nowMs, cost, settings.capacity, ratePerSecond(settings));
    case 'fixed-window': {
      const window = windowOf(nowMs, settings.windowMs);
      return settings.limit - costWhere(log, (timeMs) => windowOf(timeMs, settings.windowMs) === window) - cost;
    }
    case 'sliding-window-log':
      return settings.limit - costWhere(log, (timeMs) => timeMs > nowMs - settings.windowMs) - cost;
    case 'sliding-window-counter': {
      const { limit, windowMs } = settings;
      const window = windowOf(nowMs, windowMs);
      const previous = costWhere(log, (timeMs) => windowOf(timeMs, windowMs) === window - 1);
      const current = costWhere(log, (timeMs) => windowOf(timeMs, windowMs) === window);
      const elapsedMs = nowMs - window * windowMs;
      return limit - ((previous * (windowMs - elapsedMs)) / windowMs + current) - cost;
    }
  }
}

/**
 * The earliest key time >= nowMs at which the request, with no other traffic, is allowed (RL-10).
 * No per-algorithm formula: with no new traffic every algorithm's slack only grows as time goes
 * on, so the model doubles a step until the request fits, then halves the interval until its two
 * ends are adjacent doubles.
 */
function allowedAtMs(settings: RateLimiterOptions, log: readonly AllowedRequest[], nowMs: number, cost: number): number {
  if (cost > maximumCost(settings)) return Infinity;
  const fits = (timeMs: number): boolean => slackAt(settings, log, timeMs, cost) >= 0;
  let before = nowMs;
  let stepMs = 1;
  while (!fits(nowMs + stepMs)) {
    before = nowMs + stepMs;
    stepMs *= 2;
    if (!Number.isFinite(nowMs + stepMs)) throw new Error(`rate-limiter model: cost ${cost} never fits after ${nowMs} ms`);
  }
  let after = nowMs + stepMs;
  for (;;) {
    const middle = before + (after - before) / 2;
    if (middle <= before || middle >= after) return after;
    if (fits(middle)) after = middle;
    else before = middle;
  }
}

/**
 * The model: per key, the latest time seen and the list of allowed requests. decide() is pure;
 * record() applies a decision, so a suite can make the model follow the implementation when the
 * model says the request sits on the boundary (where float rounding may go either way).
 */
export class RateLimiterModel {
  readonly #keys = new Map<string, KeyHistory>();

  /** settings: the limiter's options; a clock among them is ignored */
  constructor(readonly settings: RateLimiterOptions) {}

  decide(key: string, readingMs: number, cost: number): ModelDecision {
    const history = this.#keys.get(key);
    const nowMs = history === undefined ? readingMs : Math.max(readingMs, history.latestMs);
    const log = history?.allowed ?? [];
    const slack = slackAt(this.settings, log, nowMs, cost);
    const nearBoundary = Math.abs(slack) <= relativeTolerance * (maximumCost(this.settings) + cost);
    const allowed = slack >= 0;
    return { allowed, nearBoundary, retryAfterMs: allowed ? 0 : allowedAtMs(this.settings, log, nowMs, cost) - readingMs };
  }

  record(key: string, readingMs: number, cost: number, allowed: boolean): void {
    let history = this.#keys.get(key);
    if (history === undefined) {
      history = { latestMs: readingMs, allowed: [] };
      this.#keys.set(key, history);
    }
    history.latestMs = Math.max(history.latestMs, readingMs);
    if (allowed) history.allowed.push({ timeMs: history.latestMs, cost });
  }

  reset(key: string): void {
    this.#keys.delete(key);
  }
}
