// time-window-aggregator: count, sum and average of the events of the last windowMs on an injected
// clock (the seed's TimeWindowAggregator). The model keeps every accepted event in an array and
// filters it by timestamp for each question, the simplest thing that could be right.

import type { Clock } from '../harness/clock.ts';
import { defineSpec } from '../harness/spec.ts';

export interface TimeWindowAggregatorOptions {
  /** window length in ms, a positive finite number; default 60 000 (the seed's 60 seconds) */
  readonly windowMs?: number;
  /** events held at most; a positive integer <= eventsMaxLimit (default 1 000 000) */
  readonly eventsMax?: number;
  /** where time comes from (ms); defaults to the system clock */
  readonly clock?: Clock;
}

export const defaultWindowMs = 60_000;
export const defaultEventsMax = 1_000_000;
export const eventsMaxLimit = 10_000_000;
/** values beyond ±2^53 are refused, so no sum of at most eventsMaxLimit of them overflows */
export const valueMagnitudeMax = 2 ** 53;
/** sums and averages may differ from the exact ones by this much relative to the window's sum of |value| */
export const sumTolerance = 1e-9;

/** 'added': the event is in the window; 'expired': it was already older than the window; 'full': eventsMax reached */
export type AddOutcome = 'added' | 'expired' | 'full';

export interface WindowSnapshot {
  readonly count: number;
  readonly sum: number;
  /** sum / count, and 0 for an empty window as in the seed */
  readonly average: number;
}

export interface TimeWindowAggregator {
  /** records value at timestampMs (default: now); past and future timestamps are allowed */
  add(value: number, timestampMs?: number): AddOutcome;
  count(): number;
  sum(): number;
  average(): number;
  /** count, sum and average at one clock reading */
  snapshot(): WindowSnapshot;
  /** events held in memory; reading it does not read the clock */
  readonly size: number;
  readonly windowMs: number;
  /** forgets every event; the clock's latest reading is kept */
  clear(): void;
}

export type CreateTimeWindowAggregator = (options?: TimeWindowAggregatorOptions) => TimeWindowAggregator;

export interface TimeWindowAggregatorModule {
  readonly default: CreateTimeWindowAggregator;
}

export const timeWindowAggregatorSpec = defineSpec({
  id: 'time-window-aggregator',
  title: 'Time-window aggregator: count, sum and average of the last windowMs',
  rules: {
    'TWA-1':
      'The window at a call holds the accepted events with timestampMs >= now − windowMs (computed in doubles), now being the call\'s effective time: an event exactly windowMs old is inside, an older one outside, and one stamped after now inside.',
    'TWA-2':
      'count() is the number of events in the window; sum() their sum and average() sum / count, each within 1e-9 times the sum of |value| over the window (so exact when it is empty); average() of an empty window is 0, as in the seed; snapshot() gives all three at one reading.',
    'TWA-3':
      'Every call but size reads the clock once, and its effective time is the latest reading so far: a clock that steps back is treated as standing still, so it revives no dropped event and admits no event it would have refused.',
    'TWA-4':
      'add(value) stamps the event with the effective time; add(value, timestampMs) with timestampMs, in the past or the future, in any order.',
    'TWA-5':
      'add returns "added" when the event joins the window and "expired", storing nothing, when timestampMs < now − windowMs.',
    'TWA-6':
      'Memory is bounded: size never exceeds eventsMax and, after any call but size, equals that call\'s count (events that left the window are dropped).',
    'TWA-7':
      'When the window already holds eventsMax events, add of a fresh event returns "full" and changes nothing; the window keeps its events.',
    'TWA-8':
      'create rejects windowMs that is not a positive finite number or eventsMax that is not an integer from 1 to 10 000 000 with a RangeError, and options that are not an object or a clock without now() with a TypeError, each "time-window-aggregator.create: expected ...".',
    'TWA-9':
      'add rejects a value or timestampMs that is not a number with a TypeError, and a value that is not finite or beyond ±2^53 or a timestampMs that is not finite with a RangeError, each "time-window-aggregator.add: expected ...", changing nothing.',
    'TWA-10':
      'clear() empties the window (size and count 0) and keeps the latest clock reading, so time still never runs back.',
  },
  exports: ['default'],
  smoke(module: TimeWindowAggregatorModule) {
    const aggregator = module.default({ windowMs: 1000 });
    aggregator.add(1);
    return aggregator.average();
  },
});

interface ModelEvent {
  readonly timestampMs: number;
  readonly value: number;
}

/**
 * The model: every accepted event in an array, filtered at each question. It is told each
 * call's clock reading, so a suite can drive it beside the implementation on one virtual clock.
 */
export class TimeWindowAggregatorModel {
  #events: ModelEvent[] = [];
  #nowMs = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly eventsMax: number,
  ) {}

  /** the effective time of a call that read readingMs (TWA-3) */
  observe(readingMs: number): number {
    this.#nowMs = Math.max(this.#nowMs, readingMs);
    return this.#nowMs;
  }

  window(readingMs: number): ModelEvent[] {
    const nowMs = this.observe(readingMs);
    return this.#events.filter((event) => event.timestampMs >= nowMs - this.windowMs);
  }

  add(readingMs: number, value: number, timestampMs?: number): AddOutcome {
    const inWindow = this.window(readingMs);
    const stampMs = timestampMs ?? this.#nowMs;
    if (stampMs < this.#nowMs - this.windowMs) return 'expired';
    if (inWindow.length >= this.eventsMax) return 'full';
    this.#events.push({ timestampMs: stampMs, value });
    return 'added';
  }

  snapshot(readingMs: number): WindowSnapshot & { readonly magnitude: number } {
    const inWindow = this.window(readingMs);
    let sum = 0;
    let magnitude = 0;
    for (const event of inWindow) {
      sum += event.value;
      magnitude += Math.abs(event.value);
    }
    return { count: inWindow.length, sum, average: inWindow.length === 0 ? 0 : sum / inWindow.length, magnitude };
  }

  clear(readingMs: number): void {
    this.observe(readingMs);
    this.#events = [];
  }
}
