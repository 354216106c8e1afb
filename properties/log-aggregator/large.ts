// Log-aggregator checks at scale and on returned collections: thousands of entries (dense equal
// timestamps, late arrivals, huge jumps, ±0, full-Unicode and prototype-named sources and
// messages) through small and large stores, compared with the filter model at checkpoints; and
// every returned collection must be a snapshot that neither the caller nor later ingests change.

import fc from 'fast-check';
import { expect } from 'vitest';
import { keyString, largeArray, prototypeKeys, unicodeString } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { LogAggregatorModel, logLevels, type IngestOutcome, type LogAggregator, type LogEntry, type LogLevel, type QueryOptions, type TimeRange, type logAggregatorSpec } from '../../spec/log-aggregator.ts';

type LogSuite = Suite<typeof logAggregatorSpec>;
type Create = LogSuite['implementation']['default'];

const text = (entry: LogEntry | undefined): string =>
  entry === undefined ? 'none' : `${entry.timestampMs} ${entry.level} ${JSON.stringify(entry.source)} ${JSON.stringify(entry.message)}`;
const texts = (entries: readonly LogEntry[]): string[] => entries.map(text);
const outcomeText = (outcome: IngestOutcome): string => (outcome.stored ? `stored, evicted ${text(outcome.evicted)}` : `refused: ${outcome.reason}`);
const sortedCounts = (counts: Map<string, number>): [string, number][] => [...counts].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));

// code-unit order differs from code-point order between U+FFFF and astral characters
const messages = ['timeout', 'Timeout', '', '\uffff', '😀', 'e\u0301', '\u00e9', 'a', 'ab'];
export const awkwardSource: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('web', 'db', ...prototypeKeys.slice(0, 6)) }, { weight: 1, arbitrary: keyString() });
export const awkwardMessage: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...messages, ...prototypeKeys.slice(0, 4)) }, { weight: 1, arbitrary: unicodeString({ maxLength: 3 }) });
const level = fc.constantFrom<LogLevel>(...logLevels);

/** one arrival: how far the clock moves (0 often, a huge jump now and then) and how late the entry is */
const arrival = fc.record({
  stepMs: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 0, 0, 1, 1, 2) }, { weight: 1, arbitrary: fc.constantFrom(1e6, 2 ** 40, 0.5) }),
  lateMs: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom(1, 2, 3, 50, 1e7) }),
  level,
  source: awkwardSource,
  message: awkwardMessage,
});

type Arrival = typeof arrival extends fc.Arbitrary<infer A> ? A : never;

function entriesOf(arrivals: readonly Arrival[]): LogEntry[] {
  let clockMs = 0;
  return arrivals.map(({ stepMs, lateMs, ...rest }) => {
    clockMs += stepMs;
    // -0 stands for 0 on the first arrival: both are the same instant
    return { timestampMs: clockMs === 0 ? -0 : clockMs - lateMs, ...rest };
  });
}

/** a range over the timestamps seen: around a stored one, unbounded on either side, or empty */
function rangeAround(entries: readonly LogEntry[], pick: number, widthMs: number): TimeRange {
  const atMs = entries[pick % Math.max(1, entries.length)]?.timestampMs ?? 0;
  return widthMs < 0 ? { startMs: atMs } : { startMs: atMs, endMs: atMs + widthMs };
}

async function compareAll(suite: LogSuite, aggregator: LogAggregator, model: LogAggregatorModel, range: TimeRange, options: QueryOptions, label: string): Promise<void> {
  const [all, ranged, filtered] = [texts(await aggregator.query()), texts(await aggregator.queryTimeRange(range.startMs ?? -Infinity, range.endMs ?? Infinity)), texts(await aggregator.query(options))];
  suite.rule('LOG-2', () => expect(all, `${label}: query()`).toEqual(texts(model.query())));
  suite.rule('LOG-1', () => expect(ranged, `${label}: queryTimeRange ${fc.stringify(range)}`).toEqual(texts(model.query(range))));
  suite.rule('LOG-4', () => expect(filtered, `${label}: query(${fc.stringify(options)})`).toEqual(texts(model.query(options))));
  const [levels, levelsInRange] = [{ ...(await aggregator.countByLevel()) }, { ...(await aggregator.countByLevel(range)) }];
  suite.rule('LOG-5', () => expect([levels, levelsInRange], label).toEqual([model.countByLevel(), model.countByLevel(range)]));
  const [sources, sourcesInRange] = [sortedCounts(await aggregator.countBySource()), sortedCounts(await aggregator.countBySource(range))];
  suite.rule('LOG-6', () => expect([sources, sourcesInRange], label).toEqual([sortedCounts(model.countBySource()), sortedCounts(model.countBySource(range))]));
  const [top, topInRange] = [await aggregator.topMessages(5), await aggregator.topMessages(1000, range)];
  suite.rule('LOG-7', () => expect([top, topInRange], label).toEqual([model.topMessages(5), model.topMessages(1000, range)]));
  const size = await aggregator.size;
  suite.rule('LOG-11', () => expect(size, `${label}: size`).toBe(model.size));
}

export function largeProperties(suite: LogSuite, create: Create): void {
  suite.property(
    ['LOG-1', 'LOG-2', 'LOG-3', 'LOG-4', 'LOG-5', 'LOG-6', 'LOG-7', 'LOG-11'],
    'thousands of late, tied and far-jumping entries through small and large stores agree with the model',
    fc.asyncProperty(
      fc.constantFrom(1, 3, 64, 65, 1000, 100_000),
      largeArray(arrival, { min: 4_500, max: 6_000 }),
      fc.record({ pick: fc.nat(), widthMs: fc.constantFrom(-1, 0, 1, 3, 1e6) }),
      fc.record({ minLevel: level, source: awkwardSource, limit: fc.nat(3000) }, { requiredKeys: [] }),
      async (maxEntries, arrivals, { pick, widthMs }, options) => {
        const entries = entriesOf(arrivals);
        const aggregator = await create({ maxEntries });
        const model = new LogAggregatorModel(maxEntries);
        for (const [index, entry] of entries.entries()) {
          const [outcome, expected] = [await aggregator.ingest(entry), model.ingest(entry)];
          if (outcomeText(outcome) !== outcomeText(expected)) suite.rule('LOG-3', () => expect(outcomeText(outcome), `ingest #${index} ${text(entry)}`).toBe(outcomeText(expected)));
          if (index % 1500 === 1499) await compareAll(suite, aggregator, model, rangeAround(entries, pick + index, widthMs), options, `after ${index + 1} of ${maxEntries} max`);
        }
        await compareAll(suite, aggregator, model, rangeAround(entries, pick, widthMs), options, `after all ${entries.length}`);
        await aggregator.clear();
        model.clear();
        await compareAll(suite, aggregator, model, {}, options, 'after clear');
      },
    ),
    { runsMax: 4 },
  );
}

/** changes everything the caller got back, in every way a live view would show */
function vandalise(collections: { entries: LogEntry[]; levels: Record<string, number>; sources: Map<string, number>; top: { message: string; count: number }[] }): void {
  const fake = { timestampMs: 0, level: 'debug', source: 'vandal', message: 'vandal' } as const;
  collections.entries.reverse();
  collections.entries.push(fake, fake);
  collections.entries.splice(0, 1);
  for (const key of Object.keys(collections.levels)) collections.levels[key] = -7;
  collections.sources.set('vandal', 99);
  for (const key of [...collections.sources.keys()].slice(0, 2)) collections.sources.delete(key);
  collections.top.push({ message: 'vandal', count: 1e9 });
  for (const entry of collections.top) {
    try {
      entry.count = -1;
    } catch {
      // frozen: nothing to change
    }
  }
  collections.top.reverse();
}

export function snapshotProperties(suite: LogSuite, create: Create, entryArbitrary: fc.Arbitrary<LogEntry>): void {
  suite.property(
    ['LOG-1', 'LOG-5', 'LOG-6', 'LOG-7', 'LOG-8'],
    'returned entries, counts and top messages are snapshots: changing them or ingesting more changes no answer given',
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(entryArbitrary, { maxLength: 30 }), fc.array(entryArbitrary, { maxLength: 10 }), fc.nat(4), async (maxEntries, before, after, n) => {
      const aggregator = await create({ maxEntries });
      const model = new LogAggregatorModel(maxEntries);
      for (const entry of before) {
        model.ingest(entry);
        await aggregator.ingest(entry);
      }
      const got = { entries: await aggregator.query(), levels: await aggregator.countByLevel(), sources: await aggregator.countBySource(), top: await aggregator.topMessages(n) };
      const ranged = { entries: await aggregator.queryTimeRange(-Infinity, Infinity), levels: await aggregator.countByLevel({ startMs: 0 }), sources: await aggregator.countBySource({ endMs: 20 }), top: await aggregator.topMessages(n, { startMs: 0 }) };
      const heldText = [texts(got.entries), { ...got.levels }, sortedCounts(got.sources), JSON.stringify(got.top)];
      for (const entry of after) {
        model.ingest(entry);
        await aggregator.ingest(entry);
      }
      // later ingests must not reach into what was returned before
      const stillText = [texts(got.entries), { ...got.levels }, sortedCounts(got.sources), JSON.stringify(got.top)];
      suite.rule('LOG-8', () => expect(stillText, 'answers returned before later ingests').toEqual(heldText));
      vandalise(got);
      vandalise(ranged);
      await compareAll(suite, aggregator, model, { startMs: 0, endMs: 20 }, { limit: 5 }, 'after the caller changed what it got');
    }),
  );
}
