// Reference log aggregator: entries kept sorted by timestamp in two parallel arrays (timestamps
// alone for the binary searches), a moving head so evicting the oldest is O(1), and running
// counts per level and source so an unbounded count needs no scan. Late entries are spliced in.

import { systemClock, type Clock } from '../../harness/clock.ts';
import {
  defaultMaxEntries,
  logLevels,
  maxEntriesLimit,
  type CreateLogAggregator,
  type IngestOutcome,
  type LogAggregator,
  type LogAggregatorOptions,
  type LogEntry,
  type LogEntryInput,
  type LogLevel,
  type MessageCount,
  type QueryOptions,
  type TimeRange,
} from '../../spec/log-aggregator.ts';
import { checkCount, checkEntry, fail, levelRank, resolveRange } from './validation.ts';

const rankOfLevel: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

/** the head is moved back to 0 once this many evicted slots make up half the arrays */
const compactAfterSlots = 4096;

class SortedLogAggregator implements LogAggregator {
  readonly maxEntries: number;
  readonly #clock: Clock;
  #timestamps: number[] = [];
  #entries: LogEntry[] = [];
  #head = 0;
  readonly #levelCounts = new Float64Array(logLevels.length);
  readonly #sourceCounts = new Map<string, number>();

  constructor(options: LogAggregatorOptions = {}) {
    if (typeof options !== 'object' || options === null) fail(TypeError, 'create', 'an options object', options);
    const { maxEntries = defaultMaxEntries, clock = systemClock } = options;
    if (typeof maxEntries !== 'number' || !Number.isSafeInteger(maxEntries) || maxEntries < 1 || maxEntries > maxEntriesLimit) {
      fail(RangeError, 'create', `maxEntries to be an integer from 1 to ${maxEntriesLimit}`, maxEntries);
    }
    if (typeof (clock as Partial<Clock> | null)?.now !== 'function') fail(TypeError, 'create', 'a clock with now()', clock);
    this.maxEntries = maxEntries;
    this.#clock = clock;
  }

  get size(): number {
    return this.#timestamps.length - this.#head;
  }

  ingest(input: LogEntryInput): IngestOutcome {
    const entry = checkEntry(input, () => this.#clock.now());
    const timestampMs = entry.timestampMs;
    const full = this.size >= this.maxEntries;
    // equal to the oldest is newer than it (later arrival), so only strictly older is refused
    if (full && timestampMs < (this.#timestamps[this.#head] as number)) return { stored: false, reason: 'older-than-retained' };
    const end = this.#timestamps.length;
    if (end === this.#head || timestampMs >= (this.#timestamps[end - 1] as number)) {
      this.#timestamps.push(timestampMs);
      this.#entries.push(entry);
    } else {
      const position = this.#upperBound(timestampMs);
      this.#timestamps.splice(position, 0, timestampMs);
      this.#entries.splice(position, 0, entry);
    }
    this.#count(entry, 1);
    return { stored: true, evicted: full ? this.#evictOldest() : undefined };
  }

  queryTimeRange(startMs: number, endMs: number): LogEntry[] {
    return this.#select('queryTimeRange', { startMs, endMs });
  }

  query(options: QueryOptions = {}): LogEntry[] {
    return this.#select('query', options);
  }

  countByLevel(range?: TimeRange): Record<LogLevel, number> {
    const [start, end] = this.#bounds('countByLevel', range);
    const counts = Object.fromEntries(logLevels.map((level) => [level, 0])) as Record<LogLevel, number>;
    if (start === this.#head && end === this.#timestamps.length) {
      for (const [rank, level] of logLevels.entries()) counts[level] = this.#levelCounts[rank] as number;
      return counts;
    }
    // a typed array indexed by a literal rank table counts far faster than a dictionary object
    const byRank = new Float64Array(logLevels.length);
    const entries = this.#entries;
    for (let index = start; index < end; index++) {
      const rank = rankOfLevel[(entries[index] as LogEntry).level];
      byRank[rank] = (byRank[rank] as number) + 1;
    }
    for (const [rank, level] of logLevels.entries()) counts[level] = byRank[rank] as number;
    return counts;
  }

  countBySource(range?: TimeRange): Map<string, number> {
    const [start, end] = this.#bounds('countBySource', range);
    if (start === this.#head && end === this.#timestamps.length) return new Map(this.#sourceCounts);
    const counts = new Map<string, number>();
    for (let index = start; index < end; index++) {
      const source = (this.#entries[index] as LogEntry).source;
      counts.set(source, (counts.get(source) ?? 0) + 1);
    }
    return counts;
  }

  topMessages(n: number, range?: TimeRange): MessageCount[] {
    const limit = checkCount('topMessages', 'n', n);
    const [start, end] = this.#bounds('topMessages', range);
    const counts = new Map<string, number>();
    for (let index = start; index < end; index++) {
      const message = (this.#entries[index] as LogEntry).message;
      counts.set(message, (counts.get(message) ?? 0) + 1);
    }
    const ranked = Array.from(counts, ([message, count]) => ({ message, count }));
    ranked.sort((left, right) => right.count - left.count || (left.message < right.message ? -1 : left.message > right.message ? 1 : 0));
    return ranked.slice(0, limit);
  }

  clear(): void {
    this.#timestamps = [];
    this.#entries = [];
    this.#head = 0;
    this.#levelCounts.fill(0);
    this.#sourceCounts.clear();
  }

  #select(method: string, options: QueryOptions): LogEntry[] {
    if (typeof options !== 'object' || options === null) fail(TypeError, method, 'an options object', options);
    const [start, end] = this.#bounds(method, options);
    const minimumRank = options.minLevel === undefined ? 0 : levelRank(method, options.minLevel);
    const { source } = options;
    if (source !== undefined && typeof source !== 'string') fail(TypeError, method, 'source to be a string', source);
    const limit = options.limit === undefined ? Infinity : checkCount(method, 'limit', options.limit);
    if (minimumRank === 0 && source === undefined) return this.#entries.slice(start, Math.min(end, start + limit));
    const matches: LogEntry[] = [];
    for (let index = start; index < end && matches.length < limit; index++) {
      const entry = this.#entries[index] as LogEntry;
      if ((source === undefined || entry.source === source) && levelRank(method, entry.level) >= minimumRank) matches.push(entry);
    }
    return matches;
  }

  /** the slice [start, end) of the arrays holding the range */
  #bounds(method: string, range: TimeRange | undefined): [number, number] {
    const { startMs, endMs } = resolveRange(method, range);
    if (startMs > endMs) return [this.#head, this.#head];
    return [this.#lowerBound(startMs), this.#upperBound(endMs)];
  }

  /** the first index whose timestamp is >= timestampMs */
  #lowerBound(timestampMs: number): number {
    let low = this.#head;
    let high = this.#timestamps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#timestamps[middle] as number) < timestampMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** the first index whose timestamp is > timestampMs */
  #upperBound(timestampMs: number): number {
    let low = this.#head;
    let high = this.#timestamps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#timestamps[middle] as number) <= timestampMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #evictOldest(): LogEntry {
    const evicted = this.#entries[this.#head] as LogEntry;
    this.#count(evicted, -1);
    this.#head++;
    if (this.#head >= compactAfterSlots && this.#head * 2 >= this.#timestamps.length) {
      this.#timestamps = this.#timestamps.slice(this.#head);
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    return evicted;
  }

  #count(entry: LogEntry, delta: 1 | -1): void {
    const rank = logLevels.indexOf(entry.level);
    this.#levelCounts[rank] = (this.#levelCounts[rank] as number) + delta;
    const sourceCount = (this.#sourceCounts.get(entry.source) ?? 0) + delta;
    if (sourceCount === 0) this.#sourceCounts.delete(entry.source);
    else this.#sourceCounts.set(entry.source, sourceCount);
  }
}

const createLogAggregator: CreateLogAggregator = (options?: LogAggregatorOptions) => new SortedLogAggregator(options);
export default createLogAggregator;
