// log-aggregator: ingest log entries (timestamp, level, source, message), query a time range by
// binary search, count by level and by source, rank the most frequent messages; bounded by
// maxEntries. The model keeps every retained entry in an array and answers by filter and sort.

import type { Clock } from '../harness/clock.ts';
import { defineSpec } from '../harness/spec.ts';

/** the levels, least severe first: minLevel filters by this order */
export const logLevels = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof logLevels)[number];

/** the largest maxEntries a store accepts, and its default */
export const maxEntriesLimit = 1 << 24;
export const defaultMaxEntries = 100_000;

export interface LogEntry {
  /** milliseconds on the caller's time axis; a finite number */
  readonly timestampMs: number;
  readonly level: LogLevel;
  readonly source: string;
  readonly message: string;
}

/** what ingest takes: without timestampMs the entry is stamped with the clock's now() */
export type LogEntryInput = Omit<LogEntry, 'timestampMs'> & { readonly timestampMs?: number };

export interface LogAggregatorOptions {
  /** the most entries retained, a positive integer up to maxEntriesLimit; default 100 000 */
  readonly maxEntries?: number;
  /** stamps entries ingested without a timestamp; defaults to the system clock */
  readonly clock?: Clock;
}

/** [startMs, endMs], both ends included; a missing end is unbounded */
export interface TimeRange {
  readonly startMs?: number;
  readonly endMs?: number;
}

export interface QueryOptions extends TimeRange {
  /** keep entries at this level or more severe */
  readonly minLevel?: LogLevel;
  /** keep entries from exactly this source */
  readonly source?: string;
  /** keep at most this many, the earliest first; a non-negative integer */
  readonly limit?: number;
}

/** an entry is always ingested unless the store is full and it is older than everything held */
export type IngestOutcome =
  | { readonly stored: true; readonly evicted: LogEntry | undefined }
  | { readonly stored: false; readonly reason: 'older-than-retained' };

export interface MessageCount {
  readonly message: string;
  readonly count: number;
}

export interface LogAggregator {
  ingest(entry: LogEntryInput): IngestOutcome;
  /** the seed's query_time_range: entries with startMs <= timestampMs <= endMs, oldest first */
  queryTimeRange(startMs: number, endMs: number): LogEntry[];
  query(options?: QueryOptions): LogEntry[];
  /** every level, zeros included */
  countByLevel(range?: TimeRange): Record<LogLevel, number>;
  /** each source with at least one entry in range */
  countBySource(range?: TimeRange): Map<string, number>;
  /** the n most frequent messages in range: count descending, equal counts by message (code-unit order) */
  topMessages(n: number, range?: TimeRange): MessageCount[];
  readonly size: number;
  readonly maxEntries: number;
  clear(): void;
}

export type CreateLogAggregator = (options?: LogAggregatorOptions) => LogAggregator;

export interface LogAggregatorModule {
  readonly default: CreateLogAggregator;
}

export const logAggregatorSpec = defineSpec({
  id: 'log-aggregator',
  title: 'Log aggregator: time-range queries, counts by level and source, top messages',
  rules: {
    'LOG-1': 'queryTimeRange(s, e) and query({ startMs: s, endMs: e }) return exactly the retained entries with s <= timestampMs <= e (a missing end unbounded, s > e empty), oldest first, equal timestamps in ingestion order.',
    'LOG-2': 'Ingestion order does not matter: an entry ingested late is placed by its timestamp, so every answer is the same as if the entries had arrived sorted (equal timestamps keeping ingestion order).',
    'LOG-3': 'size never exceeds maxEntries: the store retains the maxEntries latest entries by (timestamp, ingestion order); a full store evicts the earliest and reports it, and an entry earlier than every retained one is refused with { stored: false, reason: "older-than-retained" }.',
    'LOG-4': 'query keeps entries at minLevel or more severe (debug < info < warning < error < critical), from exactly source when given, and then the first limit of them.',
    'LOG-5': 'countByLevel(range) counts the retained entries in range for each of the five levels, zeros included.',
    'LOG-6': 'countBySource(range) maps each source with an entry in range to its count, and no other source.',
    'LOG-7': 'topMessages(n, range) returns the min(n, distinct) most frequent messages in range with their counts, count descending, equal counts by message in code-unit order.',
    'LOG-8': 'An entry without timestampMs is stamped with the clock\'s now() at ingest; entries are stored as copies, so changing an object after ingest, or one a query returned, changes nothing stored.',
    'LOG-9': 'create rejects a maxEntries that is not an integer from 1 to maxEntriesLimit with a RangeError and a clock without now() with a TypeError; ingest rejects a non-object, a non-string source or message, or a level that is not a string with a TypeError, and an unknown level or a timestamp that is not finite with a RangeError; each "log-aggregator.<method>: expected ..., got ...", and a rejected ingest changes nothing.',
    'LOG-10': 'Queries and counts reject a range bound that is NaN or not a number, a minLevel that is unknown, a limit or n that is not a non-negative integer, each with a RangeError or TypeError "log-aggregator.<method>: expected ..., got ...".',
    'LOG-11': 'clear removes every entry; size is the number of retained entries.',
  },
  exports: ['default'],
  smoke(module: LogAggregatorModule) {
    const aggregator = module.default({ maxEntries: 10 });
    aggregator.ingest({ timestampMs: 1, level: 'info', source: 'web-server', message: 'Request processed' });
    return aggregator.queryTimeRange(0, 2);
  },
});

/** The model: every retained entry with its arrival number, answered by filter and sort. */
export class LogAggregatorModel {
  #entries: { readonly entry: LogEntry; readonly arrival: number }[] = [];
  #arrivals = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.length;
  }

  ingest(entry: LogEntry): IngestOutcome {
    const record = { entry: { ...entry }, arrival: this.#arrivals++ };
    const held = [...this.#entries, record].sort((left, right) => left.entry.timestampMs - right.entry.timestampMs || left.arrival - right.arrival);
    if (held.length <= this.maxEntries) {
      this.#entries = held;
      return { stored: true, evicted: undefined };
    }
    const [earliest] = held.splice(0, 1);
    if (earliest === record) return { stored: false, reason: 'older-than-retained' };
    this.#entries = held;
    return { stored: true, evicted: earliest?.entry };
  }

  query(options: QueryOptions = {}): LogEntry[] {
    const minimum = logLevels.indexOf(options.minLevel ?? 'debug');
    const matches = this.#inRange(options).filter(
      (entry) => logLevels.indexOf(entry.level) >= minimum && (options.source === undefined || entry.source === options.source),
    );
    return matches.slice(0, options.limit ?? matches.length);
  }

  countByLevel(range: TimeRange = {}): Record<LogLevel, number> {
    const counts = Object.fromEntries(logLevels.map((level) => [level, 0])) as Record<LogLevel, number>;
    for (const entry of this.#inRange(range)) counts[entry.level]++;
    return counts;
  }

  countBySource(range: TimeRange = {}): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.#inRange(range)) counts.set(entry.source, (counts.get(entry.source) ?? 0) + 1);
    return counts;
  }

  topMessages(n: number, range: TimeRange = {}): MessageCount[] {
    const counts = new Map<string, number>();
    for (const entry of this.#inRange(range)) counts.set(entry.message, (counts.get(entry.message) ?? 0) + 1);
    return [...counts]
      .map(([message, count]) => ({ message, count }))
      .sort((left, right) => right.count - left.count || (left.message < right.message ? -1 : left.message > right.message ? 1 : 0))
      .slice(0, n);
  }

  clear(): void {
    this.#entries = [];
  }

  #inRange({ startMs = -Infinity, endMs = Infinity }: TimeRange): LogEntry[] {
    return this.#entries.map(({ entry }) => entry).filter((entry) => startMs <= entry.timestampMs && entry.timestampMs <= endMs);
  }
}
