// Argument checks of the log aggregator, apart from the data structure: what a valid entry, level,
// range and count are, and the "log-aggregator.<method>: expected ..., got ..." errors otherwise.
// An accepted entry comes back as a frozen copy, so nothing the caller holds can change it.

import { logLevels, type LogEntry, type LogEntryInput, type LogLevel, type TimeRange } from '../../spec/log-aggregator.ts';

/** a misused argument for an error message; never throws */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

export function fail(kind: typeof TypeError | typeof RangeError, method: string, expected: string, got: unknown): never {
  throw new kind(`log-aggregator.${method}: expected ${expected}, got ${describe(got)}`);
}

const ranks = new Map<unknown, number>(logLevels.map((level, rank) => [level, rank]));

/** a level's severity rank (debug = 0), rejecting anything that is not one of the five */
export function levelRank(method: string, level: unknown): number {
  const rank = ranks.get(level);
  if (rank !== undefined) return rank;
  if (typeof level !== 'string') fail(TypeError, method, `a level (${logLevels.join(', ')})`, level);
  return fail(RangeError, method, `a level (${logLevels.join(', ')})`, level);
}

function checkString(method: string, field: string, value: unknown): string {
  if (typeof value !== 'string') fail(TypeError, method, `${field} to be a string`, value);
  return value;
}

function checkTimestamp(method: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(RangeError, method, 'timestampMs to be a finite number', value);
  return value;
}

/** validates an entry and returns its frozen copy, stamped with now() when it has no timestamp */
export function checkEntry(input: LogEntryInput, now: () => number): LogEntry {
  if (typeof input !== 'object' || input === null) fail(TypeError, 'ingest', 'an entry object', input);
  const level = input.level;
  levelRank('ingest', level);
  const source = checkString('ingest', 'source', input.source);
  const message = checkString('ingest', 'message', input.message);
  const timestampMs = checkTimestamp('ingest', input.timestampMs === undefined ? now() : input.timestampMs);
  return Object.freeze({ timestampMs, level: level as LogLevel, source, message });
}

function checkBound(method: string, name: string, value: unknown, missing: number): number {
  if (value === undefined) return missing;
  if (typeof value !== 'number') fail(TypeError, method, `${name} to be a number`, value);
  if (Number.isNaN(value)) fail(RangeError, method, `${name} to be a number that is not NaN`, value);
  return value;
}

/** a range's bounds, a missing end unbounded */
export function resolveRange(method: string, range: TimeRange | undefined): { startMs: number; endMs: number } {
  if (range === undefined) return { startMs: -Infinity, endMs: Infinity };
  if (typeof range !== 'object' || range === null) fail(TypeError, method, 'a range object', range);
  return { startMs: checkBound(method, 'startMs', range.startMs, -Infinity), endMs: checkBound(method, 'endMs', range.endMs, Infinity) };
}

/** a limit or n: a non-negative integer */
export function checkCount(method: string, name: string, value: unknown): number {
  if (typeof value !== 'number') fail(TypeError, method, `${name} to be a non-negative integer`, value);
  if (!Number.isSafeInteger(value) || value < 0) fail(RangeError, method, `${name} to be a non-negative integer`, value);
  return value;
}
