// Performance gates of log-aggregator: queries over 100 000 retained entries, ours (binary search
// on the sorted timestamps) against the peer SYSTEMS.md names, Array.prototype.filter over every
// entry. Each run asks 100 different ranges, so neither side answers from a warm cache line.

import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createLogAggregator from '../impl/log-aggregator/index.ts';
import { logLevels, type LogEntry, type LogLevel } from '../spec/log-aggregator.ts';

const entryCount = 100_000;
const queriesPerRun = 100;

function entriesOf(seed: number): LogEntry[] {
  const random = seededUnit(seed);
  // about one entry per 10 ms, a few of them late by up to a second
  return Array.from({ length: entryCount }, (_, index) => ({
    timestampMs: index * 10 - (random() < 0.01 ? Math.floor(random() * 1000) : 0),
    level: logLevels[Math.floor(random() * logLevels.length)] as LogLevel,
    source: `host-${Math.floor(random() * 50)}`,
    message: `event ${Math.floor(random() * 200)}`,
  }));
}

/** range starts spread over the whole history; each range spans widthMs */
function rangesOf(seed: number, widthMs: number): [number, number][] {
  const random = seededUnit(seed);
  return Array.from({ length: queriesPerRun }, () => {
    const startMs = Math.floor(random() * entryCount * 10);
    return [startMs, startMs + widthMs];
  });
}

function oursQuery(entries: readonly LogEntry[], ranges: readonly [number, number][], widthMs: number): Subject {
  const aggregator = createLogAggregator({ maxEntries: entryCount });
  for (const entry of entries) aggregator.ingest(entry);
  return {
    name: `queryTimeRange (${widthMs / 1000} s ranges)`,
    workPerRun: ranges.length,
    run: () => ranges.reduce((total, [startMs, endMs]) => total + aggregator.queryTimeRange(startMs, endMs).length, 0),
  };
}

function filterQuery(entries: readonly LogEntry[], ranges: readonly [number, number][], widthMs: number): Subject {
  return {
    name: `filter (${widthMs / 1000} s ranges)`,
    workPerRun: ranges.length,
    run: () =>
      ranges.reduce((total, [startMs, endMs]) => total + entries.filter(({ timestampMs }) => startMs <= timestampMs && timestampMs <= endMs).length, 0),
  };
}

function oursCount(entries: readonly LogEntry[], ranges: readonly [number, number][]): Subject {
  const aggregator = createLogAggregator({ maxEntries: entryCount });
  for (const entry of entries) aggregator.ingest(entry);
  return {
    name: 'countByLevel over a range',
    workPerRun: ranges.length,
    run: () => ranges.reduce((total, [startMs, endMs]) => total + aggregator.countByLevel({ startMs, endMs }).error, 0),
  };
}

function filterCount(entries: readonly LogEntry[], ranges: readonly [number, number][]): Subject {
  return {
    name: 'filter, then count by level',
    workPerRun: ranges.length,
    run: () =>
      ranges.reduce((total, [startMs, endMs]) => {
        const counts: Record<string, number> = { debug: 0, info: 0, warning: 0, error: 0, critical: 0 };
        for (const entry of entries.filter(({ timestampMs }) => startMs <= timestampMs && timestampMs <= endMs)) counts[entry.level]!++;
        return total + (counts.error as number);
      }, 0),
  };
}

export default defineGates('log-aggregator', (): Gate[] => {
  const entries = entriesOf(20_261_121);
  const narrow = rangesOf(1, 10_000); // about 1 000 entries each
  const wide = rangesOf(2, 100_000); // about 10 000 entries each
  return [
    { kind: 'ratio', name: '100 time-range queries of ~1 000 entries', unit: 'queries', ours: oursQuery(entries, narrow, 10_000), baseline: filterQuery(entries, narrow, 10_000), minRatio: 100 },
    { kind: 'ratio', name: '100 time-range queries of ~10 000 entries', unit: 'queries', ours: oursQuery(entries, wide, 100_000), baseline: filterQuery(entries, wide, 100_000), minRatio: 8 },
    { kind: 'ratio', name: '100 counts by level over ~10 000 entries', unit: 'queries', ours: oursCount(entries, wide), baseline: filterCount(entries, wide), minRatio: 1.5 },
  ];
});
