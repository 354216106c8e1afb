// latency-stats: a sliding window of latency samples with percentiles (the seed's
// SlidingWindowMetrics) and per-operation metrics fed by timers (its PerformanceMetrics). The model
// keeps plain arrays and sorts a copy for every question, the simplest thing that could be right.

import type { Clock } from '../harness/clock.ts';
import { defineSpec } from '../harness/spec.ts';

export interface LatencyStatsOptions {
  /** samples kept, overall and per operation: the newest windowSize; a positive integer <= windowSizeMax (default 100) */
  readonly windowSize?: number;
  /** distinct operation names kept; a positive integer <= operationsMaxLimit (default 1000) */
  readonly operationsMax?: number;
  /** where timers read time (milliseconds); defaults to the system clock */
  readonly clock?: Clock;
}

export const windowSizeMax = 1_000_000;
export const operationsMaxLimit = 100_000;
export const defaultWindowSize = 100;
export const defaultOperationsMax = 1000;

/** Statistics of a non-empty window. Percentiles use percentileIndex below. */
export interface LatencySummary {
  readonly count: number;
  /** the window's samples summed oldest first, divided by count */
  readonly mean: number;
  /** the middle sample, or (lower middle + upper middle) / 2 for an even count */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface OperationReport extends LatencySummary {
  /** samples ever recorded for the operation since it became known, including those the window dropped */
  readonly recorded: number;
}

export interface LatencyTimer {
  readonly operation: string;
  /** records (and returns) the clock time since start, in ms; a second stop is misuse */
  stop(): number;
}

export interface LatencyStats {
  /** adds one sample to the overall window */
  record(latencyMs: number): void;
  /** the percent-th percentile of the overall window (0 <= percent <= 100); undefined when empty */
  percentile(percent: number): number | undefined;
  readonly p50: number | undefined;
  readonly p95: number | undefined;
  readonly p99: number | undefined;
  /** samples in the overall window */
  readonly size: number;
  /** the overall window, oldest first */
  samples(): number[];
  /** statistics of the overall window; undefined when empty */
  summary(): LatencySummary | undefined;
  /** adds one sample to operation's window and to the overall window */
  recordOperation(operation: string, latencyMs: number): void;
  /** starts timing operation on the clock */
  start(operation: string): LatencyTimer;
  /** runs work and records its duration on success; a promise is timed until it settles */
  measure<T>(operation: string, work: () => T): T;
  /** statistics of one operation's window; undefined when it has no samples */
  operation(operation: string): OperationReport | undefined;
  /** every operation with samples, in the order each became known */
  report(): Map<string, OperationReport>;
  /** empties the overall window and forgets every operation */
  reset(): void;
}

export type CreateLatencyStats = (options?: LatencyStatsOptions) => LatencyStats;

export interface LatencyStatsModule {
  readonly default: CreateLatencyStats;
}

export const latencyStatsSpec = defineSpec({
  id: 'latency-stats',
  title: 'Latency statistics: sliding-window percentiles, per-operation metrics and timers',
  rules: {
    'LAT-1':
      'percentile(p) of a window of n samples sorted ascending (ties kept) is sorted[Math.min(Math.floor((n * p) / 100), n - 1)], and p50, p95, p99 are percentile(50), percentile(95), percentile(99), in the overall window and in each operation\'s report.',
    'LAT-2':
      'An empty window answers undefined from percentile, p50, p95, p99, summary and operation; a window of one sample answers that sample for every percentile, the mean, the median, min and max.',
    'LAT-3':
      'A window holds exactly the last windowSize samples recorded into it, oldest first (samples() shows the overall one, size its length); older samples affect no statistic.',
    'LAT-4':
      'A summary\'s count is the window\'s length, mean the samples summed oldest first divided by count, median the middle sorted sample or (lower + upper middle) / 2, min and max the extremes.',
    'LAT-5':
      'record adds to the overall window only; recordOperation, timers and measure add to their operation\'s window and to the overall window; each operation\'s report comes from its own window alone, recorded counts all its samples, and report() lists the operations with samples in the order they became known (any string, "__proto__" included).',
    'LAT-6':
      'A timer records and returns (clock reading at stop) − (clock reading at start) in ms, or 0 when the clock stepped back, on the injected clock.',
    'LAT-7':
      'measure returns what work returns, records its duration when work returns or its promise fulfils (before the promise measure returns settles), and when work throws or rejects records nothing and passes on the same error.',
    'LAT-8':
      'Stopping a timer that was already stopped throws a TypeError "latency-stats.stop: expected a running timer, ..." and records nothing.',
    'LAT-9':
      'create rejects windowSize or operationsMax that is not a positive integer within its maximum with a RangeError, and options that are not an object or a clock without now() with a TypeError, each "latency-stats.create: expected ...".',
    'LAT-10':
      'A latency that is not a number, an operation that is not a string or work that is not a function is a TypeError; a latency that is negative or not finite, or a percent outside [0, 100] or NaN, a RangeError; each "latency-stats.<method>: expected ..." and changes nothing.',
    'LAT-11':
      'An operation becomes known at its first recordOperation, start or measure; one more new operation when operationsMax are known throws a RangeError "latency-stats.<method>: expected ..." and changes nothing, while known operations keep working.',
    'LAT-12':
      'reset empties the overall window and forgets every operation (their samples, recorded counts and places toward operationsMax); timers started before it record into the fresh state.',
  },
  exports: ['default'],
  smoke(module: LatencyStatsModule) {
    const stats = module.default({ windowSize: 4 });
    stats.record(1);
    return stats.p50;
  },
});

/** The rank rule of LAT-1: the index into the ascending window of n >= 1 samples. */
export function percentileIndex(count: number, percent: number): number {
  return Math.min(Math.floor((count * percent) / 100), count - 1);
}

/** The summary of LAT-4 and LAT-1 for samples given oldest first, by sorting a copy. */
export function summarize(samples: readonly number[]): LatencySummary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((left, right) => left - right);
  const count = sorted.length;
  const at = (index: number): number => sorted[index] as number;
  let total = 0;
  for (const sample of samples) total += sample;
  const middle = count >> 1;
  return {
    count,
    mean: total / count,
    median: count % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2,
    min: at(0),
    max: at(count - 1),
    p50: at(percentileIndex(count, 50)),
    p95: at(percentileIndex(count, 95)),
    p99: at(percentileIndex(count, 99)),
  };
}

export function modelPercentile(samples: readonly number[], percent: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[percentileIndex(sorted.length, percent)];
}

interface ModelOperation {
  readonly samples: number[];
  recorded: number;
}

/**
 * The model: the overall window and each operation's window as arrays, oldest first, trimmed
 * from the front. Timers are the suite's business; the model only hears the durations recorded.
 */
export class LatencyStatsModel {
  #overall: number[] = [];
  #operations = new Map<string, ModelOperation>();

  constructor(
    readonly windowSize: number,
    readonly operationsMax: number,
  ) {}

  record(latencyMs: number): void {
    this.#overall.push(latencyMs);
    if (this.#overall.length > this.windowSize) this.#overall.shift();
  }

  /** registers operation as LAT-11 says; false when the table is full and it is new */
  know(operation: string): boolean {
    if (this.#operations.has(operation)) return true;
    if (this.#operations.size >= this.operationsMax) return false;
    this.#operations.set(operation, { samples: [], recorded: 0 });
    return true;
  }

  recordOperation(operation: string, latencyMs: number): boolean {
    if (!this.know(operation)) return false;
    const entry = this.#operations.get(operation) as ModelOperation;
    entry.samples.push(latencyMs);
    entry.recorded++;
    if (entry.samples.length > this.windowSize) entry.samples.shift();
    this.record(latencyMs);
    return true;
  }

  samples(): number[] {
    return [...this.#overall];
  }

  operation(operation: string): OperationReport | undefined {
    const entry = this.#operations.get(operation);
    const summary = entry === undefined ? undefined : summarize(entry.samples);
    return summary === undefined ? undefined : { ...summary, recorded: (entry as ModelOperation).recorded };
  }

  report(): Map<string, OperationReport> {
    const report = new Map<string, OperationReport>();
    for (const name of this.#operations.keys()) {
      const entry = this.operation(name);
      if (entry !== undefined) report.set(name, entry);
    }
    return report;
  }

  reset(): void {
    this.#overall = [];
    this.#operations = new Map();
  }
}
