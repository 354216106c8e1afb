// Reference rate limiter: one class per algorithm, each keeping a small mutable state object per
// key in a Map, so a decision is a Map lookup, one clock read and a few float operations. Every
// key clamps the clock to the latest reading it has seen, so time never runs backwards inside it.

import { systemClock, type Clock } from '../harness/clock.ts';
import type { CreateRateLimiter, RateLimitDecision, RateLimiter, RateLimiterOptions } from '../spec/rate-limiter.ts';

/** Shared by every allowed decision: callers only read it, and it spares an allocation per call. */
const allowedDecision: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });
const neverDecision: RateLimitDecision = Object.freeze({ allowed: false, retryAfterMs: Infinity });

function denied(retryAfterMs: number): RateLimitDecision {
  // a denial right at the boundary can round its wait to 0; a denied decision always says "later"
  return { allowed: false, retryAfterMs: retryAfterMs > 0 ? retryAfterMs : Number.MIN_VALUE };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    // String([]) is '': a message must still show something after "got"
    const text = String(value);
    return text === '' ? typeof value : text;
  } catch {
    return typeof value;
  }
}

function keyError(method: string, key: unknown): TypeError {
  return new TypeError(`rate-limiter.${method}: expected key to be a string, got ${describe(key)}`);
}

function costError(what: string, cost: unknown): RangeError {
  return new RangeError(`rate-limiter.tryAcquire: expected cost to be ${what}, got ${describe(cost)}`);
}

function checkKey(method: string, key: unknown): void {
  if (typeof key !== 'string') throw keyError(method, key);
}

function checkCost(cost: unknown): void {
  if (typeof cost !== 'number' || !(cost > 0) || cost === Infinity) throw costError('a positive finite number', cost);
}

function checkWholeCost(cost: unknown): void {
  if (!Number.isSafeInteger(cost) || (cost as number) < 1) throw costError('a positive integer', cost);
}

function positiveFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new RangeError(`rate-limiter.create: expected ${name} to be a positive finite number, got ${describe(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(`rate-limiter.create: expected ${name} to be a positive integer, got ${describe(value)}`);
  }
  return value as number;
}

function clockOf(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  if ((typeof clock !== 'object' && typeof clock !== 'function') || clock === null || typeof (clock as Clock).now !== 'function') {
    throw new TypeError(`rate-limiter.create: expected clock to have a now() method, got ${describe(clock)}`);
  }
  return clock as Clock;
}

interface KeyState {
  /** the latest clock reading this key was decided at */
  latestMs: number;
}

abstract class KeyedLimiter<State extends KeyState> implements RateLimiter {
  protected readonly states = new Map<string, State>();

  constructor(protected readonly clock: Clock) {}

  abstract tryAcquire(key: string, cost?: number): RateLimitDecision;

  reset(key: string): void {
    checkKey('reset', key);
    this.states.delete(key);
  }
}

interface BucketState extends KeyState {
  /** tokens held (token bucket) or level reached (leaky bucket) at latestMs */
  amount: number;
}

class TokenBucketLimiter extends KeyedLimiter<BucketState> {
  readonly #capacity: number;
  readonly #tokensPerMs: number;

  constructor(capacity: number, refillPerSecond: number, clock: Clock) {
    super(clock);
    this.#capacity = capacity;
    this.#tokensPerMs = refillPerSecond / 1000;
  }

  tryAcquire(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw keyError('tryAcquire', key);
    if (cost !== 1) checkCost(cost);
    const readingMs = this.clock.now();
    let state = this.states.get(key);
    if (state === undefined) {
      state = { amount: this.#capacity, latestMs: readingMs };
      this.states.set(key, state);
    }
    const nowMs = readingMs > state.latestMs ? readingMs : state.latestMs;
    const tokens = Math.min(this.#capacity, state.amount + (nowMs - state.latestMs) * this.#tokensPerMs);
    state.latestMs = nowMs;
    if (cost <= tokens) {
      state.amount = tokens - cost;
      return allowedDecision;
    }
    state.amount = tokens;
    if (cost > this.#capacity) return neverDecision;
    return denied(nowMs - readingMs + (cost - tokens) / this.#tokensPerMs);
  }
}

class LeakyBucketLimiter extends KeyedLimiter<BucketState> {
  readonly #capacity: number;
  readonly #leakPerMs: number;

  constructor(capacity: number, leakPerSecond: number, clock: Clock) {
    super(clock);
    this.#capacity = capacity;
    this.#leakPerMs = leakPerSecond / 1000;
  }

  tryAcquire(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw keyError('tryAcquire', key);
    if (cost !== 1) checkCost(cost);
    const readingMs = this.clock.now();
    let state = this.states.get(key);
    if (state === undefined) {
      state = { amount: 0, latestMs: readingMs };
      this.states.set(key, state);
    }
    const nowMs = readingMs > state.latestMs ? readingMs : state.latestMs;
    const level = Math.max(0, state.amount - (nowMs - state.latestMs) * this.#leakPerMs);
    state.latestMs = nowMs;
    if (level + cost <= this.#capacity) {
      state.amount = level + cost;
      return allowedDecision;
    }
    state.amount = level;
    if (cost > this.#capacity) return neverDecision;
    return denied(nowMs - readingMs + (level + cost - this.#capacity) / this.#leakPerMs);
  }
}

interface WindowState extends KeyState {
  /** index k of the aligned window [k·windowMs, (k+1)·windowMs) the counts belong to */
  window: number;
  /** cost allowed in the window before (sliding counter only) */
  previous: number;
  /** cost allowed in this window */
  current: number;
}

abstract class AlignedWindowLimiter extends KeyedLimiter<WindowState> {
  constructor(
    protected readonly limit: number,
    protected readonly windowMs: number,
    clock: Clock,
  ) {
    super(clock);
  }

  /** Reads the clock and rolls the key's counts forward to the window now falls in. */
  protected stateAt(key: string): { state: WindowState; readingMs: number; nowMs: number } {
    const readingMs = this.clock.now();
    let state = this.states.get(key);
    if (state === undefined) {
      state = { window: Math.floor(readingMs / this.windowMs), previous: 0, current: 0, latestMs: readingMs };
      this.states.set(key, state);
    }
    const nowMs = readingMs > state.latestMs ? readingMs : state.latestMs;
    state.latestMs = nowMs;
    const window = Math.floor(nowMs / this.windowMs);
    if (window !== state.window) {
      state.previous = window === state.window + 1 ? state.current : 0;
      state.current = 0;
      state.window = window;
    }
    return { state, readingMs, nowMs };
  }
}

class FixedWindowLimiter extends AlignedWindowLimiter {
  tryAcquire(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw keyError('tryAcquire', key);
    if (cost !== 1) checkWholeCost(cost);
    const { state, readingMs } = this.stateAt(key);
    if (state.current + cost <= this.limit) {
      state.current += cost;
      return allowedDecision;
    }
    if (cost > this.limit) return neverDecision;
    return denied((state.window + 1) * this.windowMs - readingMs);
  }
}

class SlidingWindowCounterLimiter extends AlignedWindowLimiter {
  tryAcquire(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw keyError('tryAcquire', key);
    if (cost !== 1) checkWholeCost(cost);
    const { state, readingMs, nowMs } = this.stateAt(key);
    const windowStartMs = state.window * this.windowMs;
    const estimate = (state.previous * (this.windowMs - (nowMs - windowStartMs))) / this.windowMs + state.current;
    if (estimate + cost <= this.limit) {
      state.current += cost;
      return allowedDecision;
    }
    if (cost > this.limit) return neverDecision;
    return denied(this.#allowedAtMs(state, windowStartMs, cost) - readingMs);
  }

  /** The estimate falls linearly through this window, then through the next one (current becomes previous). */
  #allowedAtMs(state: WindowState, windowStartMs: number, cost: number): number {
    const roomNow = this.limit - cost - state.current;
    if (roomNow >= 0 && state.previous > 0) {
      const elapsedNeededMs = this.windowMs - (roomNow * this.windowMs) / state.previous;
      if (elapsedNeededMs < this.windowMs) return windowStartMs + elapsedNeededMs;
    }
    const roomNext = this.limit - cost;
    const nextStartMs = windowStartMs + this.windowMs;
    if (state.current <= roomNext) return nextStartMs;
    return nextStartMs + this.windowMs - (roomNext * this.windowMs) / state.current;
  }
}

interface LogState extends KeyState {
  /** times and costs of the allowed requests, oldest first, from index head on */
  readonly times: number[];
  readonly costs: number[];
  head: number;
  /** total cost of the entries from head on */
  used: number;
}

class SlidingWindowLogLimiter extends KeyedLimiter<LogState> {
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    clock: Clock,
  ) {
    super(clock);
  }

  tryAcquire(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw keyError('tryAcquire', key);
    if (cost !== 1) checkWholeCost(cost);
    const readingMs = this.clock.now();
    let state = this.states.get(key);
    if (state === undefined) {
      state = { times: [], costs: [], head: 0, used: 0, latestMs: readingMs };
      this.states.set(key, state);
    }
    const nowMs = readingMs > state.latestMs ? readingMs : state.latestMs;
    state.latestMs = nowMs;
    this.#expire(state, nowMs - this.windowMs);
    if (state.used + cost <= this.limit) {
      state.times.push(nowMs);
      state.costs.push(cost);
      state.used += cost;
      return allowedDecision;
    }
    if (cost > this.limit) return neverDecision;
    return denied(this.#allowedAtMs(state, cost) - readingMs);
  }

  /** Drops entries at or before horizonMs: the window is (now − windowMs, now]. */
  #expire(state: LogState, horizonMs: number): void {
    const { times, costs } = state;
    while (state.head < times.length && (times[state.head] as number) <= horizonMs) {
      state.used -= costs[state.head] as number;
      state.head++;
    }
    // compact once the dead prefix outweighs the live entries, so each entry is moved O(1) times
    if (state.head > 16 && state.head * 2 > times.length) {
      times.splice(0, state.head);
      costs.splice(0, state.head);
      state.head = 0;
    }
  }

  /** The time the oldest entries have expired enough for cost to fit (cost <= limit). */
  #allowedAtMs(state: LogState, cost: number): number {
    let remaining = state.used;
    let allowedAtMs = state.latestMs;
    for (let index = state.head; remaining + cost > this.limit; index++) {
      remaining -= state.costs[index] as number;
      allowedAtMs = (state.times[index] as number) + this.windowMs;
    }
    return allowedAtMs;
  }
}

const createRateLimiter: CreateRateLimiter = (options: RateLimiterOptions) => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`rate-limiter.create: expected an options object, got ${describe(options)}`);
  }
  const clock = clockOf(options.clock);
  const algorithm: unknown = options.algorithm;
  switch (options.algorithm) {
    case 'token-bucket':
      return new TokenBucketLimiter(positiveFinite('capacity', options.capacity), positiveFinite('refillPerSecond', options.refillPerSecond), clock);
    case 'leaky-bucket':
      return new LeakyBucketLimiter(positiveFinite('capacity', options.capacity), positiveFinite('leakPerSecond', options.leakPerSecond), clock);
    case 'fixed-window':
      return new FixedWindowLimiter(positiveInteger('limit', options.limit), positiveFinite('windowMs', options.windowMs), clock);
    case 'sliding-window-log':
      return new SlidingWindowLogLimiter(positiveInteger('limit', options.limit), positiveFinite('windowMs', options.windowMs), clock);
    case 'sliding-window-counter':
      return new SlidingWindowCounterLimiter(positiveInteger('limit', options.limit), positiveFinite('windowMs', options.windowMs), clock);
    default:
      throw new TypeError(
        `rate-limiter.create: expected algorithm to be one of token-bucket, leaky-bucket, fixed-window, sliding-window-log, sliding-window-counter, got ${describe(algorithm)}`,
      );
  }
};

export default createRateLimiter;
