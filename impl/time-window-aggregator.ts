// Reference time-window aggregator: events sorted by timestamp in two growable Float64Arrays used
// as a deque (in-order events append; late ones are inserted by binary search), expired from the
// front. The sum is kept running and recomputed whenever what left the window outweighs what is in it.

import { systemClock, type Clock } from '../harness/clock.ts';
import {
  defaultEventsMax,
  defaultWindowMs,
  eventsMaxLimit,
  valueMagnitudeMax,
  type AddOutcome,
  type CreateTimeWindowAggregator,
  type TimeWindowAggregator,
  type TimeWindowAggregatorOptions,
  type WindowSnapshot,
} from '../spec/time-window-aggregator.ts';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function windowMsOption(value: unknown): number {
  if (value === undefined) return defaultWindowMs;
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new RangeError(`time-window-aggregator.create: expected windowMs to be a positive finite number, got ${describe(value)}`);
  }
  return value;
}

function eventsMaxOption(value: unknown): number {
  if (value === undefined) return defaultEventsMax;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > eventsMaxLimit) {
    throw new RangeError(`time-window-aggregator.create: expected eventsMax to be an integer from 1 to ${eventsMaxLimit}, got ${describe(value)}`);
  }
  return value as number;
}

function clockOption(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  if ((typeof clock !== 'object' && typeof clock !== 'function') || clock === null || typeof (clock as Clock).now !== 'function') {
    throw new TypeError(`time-window-aggregator.create: expected clock to have a now() method, got ${describe(clock)}`);
  }
  return clock as Clock;
}

function checkValue(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`time-window-aggregator.add: expected value to be a number, got ${describe(value)}`);
  if (!(Math.abs(value) <= valueMagnitudeMax)) {
    throw new RangeError(`time-window-aggregator.add: expected value to be a finite number within ±2^53, got ${describe(value)}`);
  }
  return value;
}

function checkTimestamp(timestampMs: unknown): number | undefined {
  if (timestampMs === undefined) return undefined;
  if (typeof timestampMs !== 'number') throw new TypeError(`time-window-aggregator.add: expected timestampMs to be a number, got ${describe(timestampMs)}`);
  if (!Number.isFinite(timestampMs)) throw new RangeError(`time-window-aggregator.add: expected timestampMs to be finite, got ${describe(timestampMs)}`);
  return timestampMs;
}

class ReferenceTimeWindowAggregator implements TimeWindowAggregator {
  readonly windowMs: number;
  readonly #eventsMax: number;
  readonly #clock: Clock;
  #timestamps = new Float64Array(16);
  #values = new Float64Array(16);
  /** live events are [#head, #tail), sorted by timestamp */
  #head = 0;
  #tail = 0;
  #nowMs = -Infinity;
  #sum = 0;
  /** running sum of |value| in the window, and of |value| dropped since the sum was last recomputed */
  #magnitude = 0;
  #droppedMagnitude = 0;

  constructor(options: TimeWindowAggregatorOptions) {
    this.windowMs = windowMsOption(options.windowMs);
    this.#eventsMax = eventsMaxOption(options.eventsMax);
    this.#clock = clockOption(options.clock);
  }

  get size(): number {
    return this.#tail - this.#head;
  }

  add(value: number, timestampMs?: number): AddOutcome {
    const checkedValue = checkValue(value);
    const explicitMs = checkTimestamp(timestampMs);
    const nowMs = this.#advance();
    const stampMs = explicitMs ?? nowMs;
    if (stampMs < nowMs - this.windowMs) return 'expired';
    if (this.size >= this.#eventsMax) return 'full';
    this.#insert(stampMs, checkedValue);
    this.#sum += checkedValue;
    this.#magnitude += Math.abs(checkedValue);
    return 'added';
  }

  count(): number {
    this.#advance();
    return this.size;
  }

  sum(): number {
    this.#advance();
    return this.#sum;
  }

  average(): number {
    return this.snapshot().average;
  }

  snapshot(): WindowSnapshot {
    this.#advance();
    const count = this.size;
    return { count, sum: this.#sum, average: count === 0 ? 0 : this.#sum / count };
  }

  clear(): void {
    this.#advance();
    this.#head = 0;
    this.#tail = 0;
    this.#resetSums();
  }

  /** reads the clock, moves the effective time forward only, and drops what left the window */
  #advance(): number {
    this.#nowMs = Math.max(this.#nowMs, this.#clock.now());
    const cutoffMs = this.#nowMs - this.windowMs;
    let dropped = false;
    while (this.#head < this.#tail && (this.#timestamps[this.#head] as number) < cutoffMs) {
      const value = this.#values[this.#head] as number;
      this.#sum -= value;
      this.#magnitude -= Math.abs(value);
      this.#droppedMagnitude += Math.abs(value);
      this.#head++;
      dropped = true;
    }
    if (!dropped) return this.#nowMs;
    if (this.#head === this.#tail) {
      this.#head = 0;
      this.#tail = 0;
      this.#resetSums();
    } else if (this.#droppedMagnitude > this.#magnitude) {
      this.#recomputeSums();
    }
    return this.#nowMs;
  }

  #resetSums(): void {
    this.#sum = 0;
    this.#magnitude = 0;
    this.#droppedMagnitude = 0;
  }

  /** subtracting large dropped values cancels digits of small remaining ones; summing afresh does not */
  #recomputeSums(): void {
    this.#resetSums();
    for (let index = this.#head; index < this.#tail; index++) {
      const value = this.#values[index] as number;
      this.#sum += value;
      this.#magnitude += Math.abs(value);
    }
  }

  #insert(timestampMs: number, value: number): void {
    if (this.#tail === this.#timestamps.length) this.#makeRoom();
    let index = this.#tail;
    if (index > this.#head && (this.#timestamps[index - 1] as number) > timestampMs) {
      index = this.#upperBound(timestampMs);
      this.#timestamps.copyWithin(index + 1, index, this.#tail);
      this.#values.copyWithin(index + 1, index, this.#tail);
    }
    this.#timestamps[index] = timestampMs;
    this.#values[index] = value;
    this.#tail++;
  }

  /** first live index whose timestamp is > timestampMs, so equal stamps stay in arrival order */
  #upperBound(timestampMs: number): number {
    let low = this.#head;
    let high = this.#tail;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#timestamps[middle] as number) <= timestampMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** slides the live events to the front, doubling the arrays first if they are more than half full */
  #makeRoom(): void {
    const live = this.size;
    if (live * 2 > this.#timestamps.length) {
      const length = this.#timestamps.length * 2;
      const timestamps = new Float64Array(length);
      const values = new Float64Array(length);
      timestamps.set(this.#timestamps.subarray(this.#head, this.#tail));
      values.set(this.#values.subarray(this.#head, this.#tail));
      this.#timestamps = timestamps;
      this.#values = values;
    } else {
      this.#timestamps.copyWithin(0, this.#head, this.#tail);
      this.#values.copyWithin(0, this.#head, this.#tail);
    }
    this.#head = 0;
    this.#tail = live;
  }
}

const createTimeWindowAggregator: CreateTimeWindowAggregator = (options = {}) => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`time-window-aggregator.create: expected options to be an object, got ${describe(options)}`);
  }
  return new ReferenceTimeWindowAggregator(options);
};

export default createTimeWindowAggregator;
