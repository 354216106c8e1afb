// Reference latency-stats: each window is a ring of samples in recording order beside the same
// samples kept sorted, both in growable Float64Arrays. A sample costs two binary searches and two
// block moves (copyWithin), and a percentile is one array read instead of a sort.

import { systemClock, type Clock } from '../harness/clock.ts';
import {
  defaultOperationsMax,
  defaultWindowSize,
  operationsMaxLimit,
  percentileIndex,
  windowSizeMax,
  type CreateLatencyStats,
  type LatencyStats,
  type LatencyStatsOptions,
  type LatencySummary,
  type LatencyTimer,
  type OperationReport,
} from '../spec/latency-stats.ts';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** A window of the newest `capacity` samples: the ring keeps arrival order, `sorted` keeps order of size. */
class SampleWindow {
  // the ring wraps at its own length, so it never grows past capacity and is full exactly then
  #ring: Float64Array;
  #sorted: Float64Array;
  #start = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Float64Array(Math.min(capacity, 8));
    this.#sorted = new Float64Array(Math.min(capacity, 8));
  }

  get length(): number {
    return this.#length;
  }

  add(sample: number): void {
    if (this.#length === this.capacity) {
      const oldest = this.#ring[this.#start] as number;
      this.#ring[this.#start] = sample;
      this.#start = (this.#start + 1) % this.#ring.length;
      this.#removeSorted(oldest);
    } else {
      if (this.#length === this.#ring.length) this.#grow();
      this.#ring[(this.#start + this.#length) % this.#ring.length] = sample;
      this.#length++;
    }
    this.#insertSorted(sample);
  }

  /** the sample at rank `index` (0 = smallest) */
  rank(index: number): number {
    return this.#sorted[index] as number;
  }

  /** samples oldest first */
  toArray(): number[] {
    const samples: number[] = [];
    for (let offset = 0; offset < this.#length; offset++) samples.push(this.#ring[(this.#start + offset) % this.#ring.length] as number);
    return samples;
  }

  summary(): LatencySummary | undefined {
    const count = this.#length;
    if (count === 0) return undefined;
    let total = 0;
    // oldest first, as the contract fixes the order of the additions
    for (let offset = 0; offset < count; offset++) total += this.#ring[(this.#start + offset) % this.#ring.length] as number;
    const middle = count >> 1;
    return {
      count,
      mean: total / count,
      median: count % 2 === 1 ? this.rank(middle) : (this.rank(middle - 1) + this.rank(middle)) / 2,
      min: this.rank(0),
      max: this.rank(count - 1),
      p50: this.rank(percentileIndex(count, 50)),
      p95: this.rank(percentileIndex(count, 95)),
      p99: this.rank(percentileIndex(count, 99)),
    };
  }

  #grow(): void {
    const size = Math.min(this.capacity, this.#ring.length * 2);
    const ring = new Float64Array(size);
    ring.set(this.toArray());
    this.#ring = ring;
    this.#start = 0;
    const sorted = new Float64Array(size);
    sorted.set(this.#sorted.subarray(0, this.#length));
    this.#sorted = sorted;
  }

  /** first index whose sample is > value (upperBound) or >= value (lowerBound) among `length` sorted samples */
  #search(value: number, length: number, upper: boolean): number {
    let low = 0;
    let high = length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const probe = this.#sorted[middle] as number;
      if (probe < value || (upper && probe === value)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #removeSorted(value: number): void {
    // the ring already dropped it; the sorted array still holds `length` samples
    const index = this.#search(value, this.#length, false);
    this.#sorted.copyWithin(index, index + 1, this.#length);
  }

  #insertSorted(value: number): void {
    const occupied = this.#length - 1;
    const index = this.#search(value, occupied, true);
    this.#sorted.copyWithin(index + 1, index, occupied);
    this.#sorted[index] = value;
  }
}

interface OperationState {
  readonly window: SampleWindow;
  recorded: number;
}

function positiveIntegerOption(name: string, value: unknown, fallback: number, maximum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > maximum) {
    throw new RangeError(`latency-stats.create: expected ${name} to be an integer from 1 to ${maximum}, got ${describe(value)}`);
  }
  return value as number;
}

function clockOption(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  if ((typeof clock !== 'object' && typeof clock !== 'function') || clock === null || typeof (clock as Clock).now !== 'function') {
    throw new TypeError(`latency-stats.create: expected clock to have a now() method, got ${describe(clock)}`);
  }
  return clock as Clock;
}

function checkLatency(method: string, latencyMs: unknown): number {
  if (typeof latencyMs !== 'number') throw new TypeError(`latency-stats.${method}: expected latencyMs to be a number, got ${describe(latencyMs)}`);
  if (!(latencyMs >= 0) || latencyMs === Infinity) {
    throw new RangeError(`latency-stats.${method}: expected latencyMs to be a finite number >= 0, got ${describe(latencyMs)}`);
  }
  return latencyMs + 0; // -0 becomes 0
}

function checkOperation(method: string, operation: unknown): string {
  if (typeof operation !== 'string') throw new TypeError(`latency-stats.${method}: expected operation to be a string, got ${describe(operation)}`);
  return operation;
}

class ReferenceLatencyStats implements LatencyStats {
  readonly #windowSize: number;
  readonly #operationsMax: number;
  readonly #clock: Clock;
  #overall: SampleWindow;
  #operations = new Map<string, OperationState>();

  constructor(options: LatencyStatsOptions) {
    this.#windowSize = positiveIntegerOption('windowSize', options.windowSize, defaultWindowSize, windowSizeMax);
    this.#operationsMax = positiveIntegerOption('operationsMax', options.operationsMax, defaultOperationsMax, operationsMaxLimit);
    this.#clock = clockOption(options.clock);
    this.#overall = new SampleWindow(this.#windowSize);
  }

  record(latencyMs: number): void {
    this.#overall.add(checkLatency('record', latencyMs));
  }

  percentile(percent: number): number | undefined {
    if (typeof percent !== 'number') throw new TypeError(`latency-stats.percentile: expected percent to be a number, got ${describe(percent)}`);
    if (!(percent >= 0 && percent <= 100)) {
      throw new RangeError(`latency-stats.percentile: expected percent to be from 0 to 100, got ${describe(percent)}`);
    }
    const count = this.#overall.length;
    return count === 0 ? undefined : this.#overall.rank(percentileIndex(count, percent));
  }

  get p50(): number | undefined {
    return this.percentile(50);
  }

  get p95(): number | undefined {
    return this.percentile(95);
  }

  get p99(): number | undefined {
    return this.percentile(99);
  }

  get size(): number {
    return this.#overall.length;
  }

  samples(): number[] {
    return this.#overall.toArray();
  }

  summary(): LatencySummary | undefined {
    return this.#overall.summary();
  }

  recordOperation(operation: string, latencyMs: number): void {
    const name = checkOperation('recordOperation', operation);
    const sample = checkLatency('recordOperation', latencyMs);
    this.#add(this.#know('recordOperation', name), sample);
  }

  start(operation: string): LatencyTimer {
    return this.#startTimer('start', checkOperation('start', operation));
  }

  #startTimer(method: string, name: string): LatencyTimer {
    this.#know(method, name);
    const startMs = this.#clock.now();
    let running = true;
    return {
      operation: name,
      stop: (): number => {
        if (!running) throw new TypeError(`latency-stats.stop: expected a running timer, got a timer for ${describe(name)} already stopped`);
        const elapsedMs = Math.max(0, this.#clock.now() - startMs);
        this.#add(this.#know('stop', name), elapsedMs);
        running = false;
        return elapsedMs;
      },
    };
  }

  measure<T>(operation: string, work: () => T): T {
    const name = checkOperation('measure', operation);
    if (typeof work !== 'function') throw new TypeError(`latency-stats.measure: expected work to be a function, got ${describe(work)}`);
    const timer = this.#startTimer('measure', name);
    const result = work(); // a throw passes through and the timer is simply dropped
    if (isThenable(result)) {
      return Promise.resolve(result).then((value: unknown) => {
        timer.stop();
        return value;
      }) as T;
    }
    timer.stop();
    return result;
  }

  operation(operation: string): OperationReport | undefined {
    const state = this.#operations.get(checkOperation('operation', operation));
    return state === undefined ? undefined : reportOf(state);
  }

  report(): Map<string, OperationReport> {
    const report = new Map<string, OperationReport>();
    for (const [name, state] of this.#operations) {
      const entry = reportOf(state);
      if (entry !== undefined) report.set(name, entry);
    }
    return report;
  }

  reset(): void {
    this.#overall = new SampleWindow(this.#windowSize);
    this.#operations = new Map();
  }

  #know(method: string, name: string): OperationState {
    let state = this.#operations.get(name);
    if (state !== undefined) return state;
    if (this.#operations.size >= this.#operationsMax) {
      throw new RangeError(`latency-stats.${method}: expected at most ${this.#operationsMax} operations, got a new one, ${describe(name)}`);
    }
    state = { window: new SampleWindow(this.#windowSize), recorded: 0 };
    this.#operations.set(name, state);
    return state;
  }

  #add(state: OperationState, sample: number): void {
    state.window.add(sample);
    state.recorded++;
    this.#overall.add(sample);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function reportOf(state: OperationState): OperationReport | undefined {
  const summary = state.window.summary();
  return summary === undefined ? undefined : { ...summary, recorded: state.recorded };
}

const createLatencyStats: CreateLatencyStats = (options = {}) => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`latency-stats.create: expected options to be an object, got ${describe(options)}`);
  }
  return new ReferenceLatencyStats(options);
};

export default createLatencyStats;
