// Properties of log-aggregator: a model-based run against the filter-and-sort model in spec/ on
// few timestamps (so ties, late arrivals and evictions are common), then one focused property per
// rule. Entries are compared as "timestamp level source message" text, field by field.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import {
  LogAggregatorModel,
  logAggregatorSpec,
  logLevels,
  type IngestOutcome,
  type LogAggregator,
  type LogEntry,
  type LogLevel,
  type QueryOptions,
  type TimeRange,
} from '../spec/log-aggregator.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { awkwardMessage, awkwardSource, largeProperties, snapshotProperties } from './log-aggregator/large.ts';

const suite = await systemSuite(logAggregatorSpec);
const createLogAggregator = suite.implementation.default;

const text = (entry: LogEntry | undefined): string =>
  entry === undefined ? 'none' : `${entry.timestampMs} ${entry.level} ${entry.source} ${entry.message}`;
const texts = (entries: readonly LogEntry[]): string[] => entries.map(text);
const outcomeText = (outcome: IngestOutcome): string => (outcome.stored ? `stored, evicted ${text(outcome.evicted)}` : `refused: ${outcome.reason}`);
const sortedCounts = (counts: Map<string, number>): [string, number][] => [...counts].sort(([left], [right]) => (left < right ? -1 : 1));

const levelArbitrary = fc.constantFrom<LogLevel>(...logLevels);
// "__proto__" and "constructor" catch counts kept in a plain object
const sourceArbitrary = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('web-server', 'db', 'auth', '__proto__', 'constructor') }, { weight: 1, arbitrary: awkwardSource });
const messageArbitrary = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Request processed', 'timeout', 'cache miss', 'Timeout', 'disk full', '') }, { weight: 1, arbitrary: awkwardMessage });
const timestampArbitrary = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }) }, { weight: 1, arbitrary: fc.constantFrom(-0, 10.5, -Number.MAX_VALUE, Number.MAX_VALUE) });
const entryArbitrary: fc.Arbitrary<LogEntry> = fc.record({ timestampMs: timestampArbitrary, level: levelArbitrary, source: sourceArbitrary, message: messageArbitrary });
const boundArbitrary = fc.option(fc.oneof(fc.integer({ min: -1, max: 21 }), fc.constantFrom(-Infinity, Infinity, 10.5)), { nil: undefined });
const rangeArbitrary: fc.Arbitrary<TimeRange> = fc.record({ startMs: boundArbitrary, endMs: boundArbitrary }, { requiredKeys: [] });
const queryArbitrary: fc.Arbitrary<QueryOptions> = fc.record(
  { startMs: boundArbitrary, endMs: boundArbitrary, minLevel: levelArbitrary, source: sourceArbitrary, limit: fc.integer({ min: 0, max: 6 }) },
  { requiredKeys: [] },
);

/** the model, plus whether any entry has arrived earlier than one before it */
class Model extends LogAggregatorModel {
  outOfOrder = false;
  #latestMs = -Infinity;

  override ingest(entry: LogEntry): IngestOutcome {
    if (entry.timestampMs < this.#latestMs) this.outOfOrder = true;
    this.#latestMs = Math.max(this.#latestMs, entry.timestampMs);
    return super.ingest(entry);
  }
}

interface Real {
  readonly aggregator: LogAggregator;
  readonly clock: VirtualClock;
}
type Command = fc.AsyncCommand<Model, Real>;

/** the same entries in another order is a placement slip (LOG-2) once anything arrived late */
function blameForEntries(model: Model, actual: string[], expected: string[], filtered: boolean): 'LOG-1' | 'LOG-2' | 'LOG-4' {
  const sameSet = actual.length === expected.length && [...actual].sort().join('\n') === [...expected].sort().join('\n');
  if (sameSet && model.outOfOrder) return 'LOG-2';
  return filtered ? 'LOG-4' : 'LOG-1';
}

const ingestCommand = fc.tuple(entryArbitrary, fc.boolean()).map(([entry, stamped]): Command => ({
  check: () => true,
  async run(model, { aggregator, clock }) {
    // an entry without a timestamp takes the clock's reading, which the command sets first
    if (!stamped) clock.set(entry.timestampMs);
    const input = stamped ? entry : { level: entry.level, source: entry.source, message: entry.message };
    const outcome = await aggregator.ingest(input);
    const expected = model.ingest(entry);
    suite.rule('LOG-3', () => expect(outcomeText(outcome)).toBe(outcomeText(expected)));
    const size = await aggregator.size;
    suite.rule('LOG-3', () => expect(size).toBe(model.size));
  },
  toString: () => `ingest(${fc.stringify(stamped ? entry : { ...entry, timestampMs: `clock ${entry.timestampMs}` })})`,
}));

const queryCommand = queryArbitrary.map((options): Command => ({
  check: () => true,
  async run(model, { aggregator }) {
    const actual = texts(await aggregator.query(options));
    const expected = texts(model.query(options));
    const filtered = options.minLevel !== undefined || options.source !== undefined || options.limit !== undefined;
    suite.rule(blameForEntries(model, actual, expected, filtered), () => expect(actual).toEqual(expected));
  },
  toString: () => `query(${fc.stringify(options)})`,
}));

const rangeQueryCommand = fc.tuple(fc.integer({ min: -1, max: 21 }), fc.integer({ min: -1, max: 21 })).map(([startMs, endMs]): Command => ({
  check: () => true,
  async run(model, { aggregator }) {
    const actual = texts(await aggregator.queryTimeRange(startMs, endMs));
    const expected = texts(model.query({ startMs, endMs }));
    suite.rule(blameForEntries(model, actual, expected, false), () => expect(actual).toEqual(expected));
  },
  toString: () => `queryTimeRange(${startMs}, ${endMs})`,
}));

const countCommand = fc.tuple(rangeArbitrary, fc.integer({ min: 0, max: 4 })).map(([range, n]): Command => ({
  check: () => true,
  async run(model, { aggregator }) {
    const levels = await aggregator.countByLevel(range);
    suite.rule('LOG-5', () => expect({ ...levels }).toEqual(model.countByLevel(range)));
    const sources = await aggregator.countBySource(range);
    suite.rule('LOG-6', () => expect(sortedCounts(sources)).toEqual(sortedCounts(model.countBySource(range))));
    const top = await aggregator.topMessages(n, range);
    suite.rule('LOG-7', () => expect(top).toEqual(model.topMessages(n, range)));
  },
  toString: () => `counts(${fc.stringify(range)}, top ${n})`,
}));

const clearCommand = fc.constant<Command>({
  check: () => true,
  async run(model, { aggregator }) {
    model.clear();
    await aggregator.clear();
    const [size, everything] = [await aggregator.size, await aggregator.query()];
    suite.rule('LOG-11', () => expect([size, everything.length]).toEqual([0, 0]));
  },
  toString: () => 'clear()',
});

suite.property(
  ['LOG-1', 'LOG-2', 'LOG-3', 'LOG-4', 'LOG-5', 'LOG-6', 'LOG-7', 'LOG-8', 'LOG-11'],
  'agrees with the filter model on any sequence of ingests, queries and counts',
  fc.asyncProperty(
    fc.integer({ min: 1, max: 8 }),
    replayableCommands([ingestCommand, ingestCommand, ingestCommand, queryCommand, rangeQueryCommand, countCommand, clearCommand], { maxCommands: 50, size: '+1' }),
    async (maxEntries, sequence) => {
      const setup = () => {
        const clock = new VirtualClock();
        return { model: new Model(maxEntries), real: { aggregator: createLogAggregator({ maxEntries, clock }), clock } };
      };
      await fc.asyncModelRun(setup, sequence);
    },
  ),
);

// ---- focused properties, one behaviour each ----

const entriesArbitrary = fc.array(entryArbitrary, { maxLength: 40 });

async function ingestAll(aggregator: LogAggregator, entries: readonly LogEntry[]): Promise<void> {
  for (const entry of entries) await aggregator.ingest(entry);
}

function modelOf(entries: readonly LogEntry[], maxEntries = 1000): LogAggregatorModel {
  const model = new LogAggregatorModel(maxEntries);
  for (const entry of entries) model.ingest(entry);
  return model;
}

const inTimeOrder = (entries: readonly LogEntry[]): LogEntry[] => [...entries].sort((left, right) => left.timestampMs - right.timestampMs);

suite.property(
  'LOG-1',
  'queryTimeRange returns exactly the entries within both ends, oldest first',
  fc.asyncProperty(entriesArbitrary.map(inTimeOrder), fc.integer({ min: -2, max: 22 }), fc.integer({ min: -2, max: 22 }), async (entries, startMs, endMs) => {
    const aggregator = createLogAggregator({ maxEntries: 1000 });
    await ingestAll(aggregator, entries);
    const actual = texts(await aggregator.queryTimeRange(startMs, endMs));
    const expected = texts(entries.filter(({ timestampMs }) => startMs <= timestampMs && timestampMs <= endMs));
    suite.rule('LOG-1', () => expect(actual, `queryTimeRange(${startMs}, ${endMs})`).toEqual(expected));
  }),
);

suite.property(
  'LOG-2',
  'entries arriving in any order give the same answers as the same entries arriving sorted',
  fc.asyncProperty(
    entriesArbitrary.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }))),
    fc.integer({ min: -1, max: 21 }),
    fc.integer({ min: 0, max: 21 }),
    async ([entries, shuffled], startMs, length) => {
      const sorted = createLogAggregator({ maxEntries: 1000 });
      const late = createLogAggregator({ maxEntries: 1000 });
      // stable sort keeps the shuffled arrival order among equal timestamps, so both stores agree
      await ingestAll(sorted, inTimeOrder(shuffled));
      await ingestAll(late, shuffled);
      const range = { startMs, endMs: startMs + length };
      const [expected, actual] = [texts(await sorted.query(range)), texts(await late.query(range))];
      const everything = texts(await late.query());
      suite.rule('LOG-2', () => {
        expect(actual).toEqual(expected);
        expect(everything).toEqual(texts(modelOf(shuffled).query()));
        expect(everything.length).toBe(entries.length);
      });
    },
  ),
);

suite.property(
  'LOG-3',
  'a store never holds more than maxEntries and keeps the latest by timestamp, then arrival',
  fc.asyncProperty(fc.integer({ min: 1, max: 6 }), entriesArbitrary, async (maxEntries, entries) => {
    const aggregator = createLogAggregator({ maxEntries });
    const model = new LogAggregatorModel(maxEntries);
    for (const entry of entries) {
      const outcome = await aggregator.ingest(entry);
      const expected = model.ingest(entry);
      const size = await aggregator.size;
      suite.rule('LOG-3', () => {
        expect(outcomeText(outcome), `ingest(${text(entry)})`).toBe(outcomeText(expected));
        expect(size).toBeLessThanOrEqual(maxEntries);
      });
    }
    // which entries are retained, not their order (LOG-1/LOG-2's business)
    const retained = texts(await aggregator.query()).sort();
    suite.rule('LOG-3', () => expect(retained).toEqual(texts(model.query()).sort()));
  }),
);

suite.property(
  'LOG-4',
  'query keeps levels at or above minLevel, the exact source, then the first limit',
  fc.asyncProperty(entriesArbitrary, queryArbitrary, async (entries, options) => {
    const aggregator = createLogAggregator({ maxEntries: 1000 });
    await ingestAll(aggregator, entries);
    const actual = texts(await aggregator.query(options));
    suite.rule('LOG-4', () => expect(actual, `query(${fc.stringify(options)})`).toEqual(texts(modelOf(entries).query(options))));
  }),
);

suite.property(
  ['LOG-5', 'LOG-6', 'LOG-7'],
  'counts by level and source and the top messages equal the filter model over any range',
  fc.asyncProperty(entriesArbitrary, rangeArbitrary, fc.integer({ min: 0, max: 8 }), async (entries, range, n) => {
    const aggregator = createLogAggregator({ maxEntries: 1000 });
    await ingestAll(aggregator, entries);
    const model = modelOf(entries);
    const [levels, sources, top] = [await aggregator.countByLevel(range), await aggregator.countBySource(range), await aggregator.topMessages(n, range)];
    suite.rule('LOG-5', () => expect({ ...levels }).toEqual(model.countByLevel(range)));
    suite.rule('LOG-6', () => expect(sortedCounts(sources)).toEqual(sortedCounts(model.countBySource(range))));
    suite.rule('LOG-7', () => expect(top).toEqual(model.topMessages(n, range)));
  }),
);

/** tries to change an object the caller holds; a frozen one is as good as a copy */
function vandalise(entry: object): void {
  try {
    Object.assign(entry, { timestampMs: -1, level: 'debug', source: 'vandal', message: 'changed' });
  } catch {
    // frozen: nothing to change
  }
}

suite.property(
  'LOG-8',
  'unstamped entries take the clock reading, and no object the caller holds is stored',
  fc.asyncProperty(fc.array(fc.tuple(entryArbitrary, fc.boolean()), { maxLength: 20 }), async (steps) => {
    const clock = new VirtualClock(0);
    const aggregator = createLogAggregator({ maxEntries: 1000, clock });
    const expected: LogEntry[] = [];
    for (const [entry, stamped] of steps) {
      clock.set(entry.timestampMs + 0.25); // the reading differs from the entry's own timestamp
      const input = stamped ? { ...entry } : { level: entry.level, source: entry.source, message: entry.message };
      await aggregator.ingest(input);
      expected.push({ ...entry, timestampMs: stamped ? entry.timestampMs : entry.timestampMs + 0.25 });
      vandalise(input);
    }
    for (const returned of await aggregator.query()) vandalise(returned);
    const stored = texts(await aggregator.query()).sort();
    suite.rule('LOG-8', () => expect(stored).toEqual(texts(expected).sort()));
  }),
);

largeProperties(suite, createLogAggregator);
snapshotProperties(suite, createLogAggregator, entryArbitrary);

// ---- misuse ----

const valid = { timestampMs: 5, level: 'info', source: 'web-server', message: 'ok' };
type Misuse = { readonly input: unknown; readonly type: typeof TypeError | typeof RangeError };
const badEntries: readonly Misuse[] = [
  { input: null, type: TypeError },
  { input: 'info: ok', type: TypeError },
  { input: { ...valid, level: 'INFO' }, type: RangeError },
  { input: { ...valid, level: 'fatal' }, type: RangeError },
  { input: { ...valid, level: 3 }, type: TypeError },
  { input: { ...valid, source: undefined }, type: TypeError },
  { input: { ...valid, message: 42 }, type: TypeError },
  { input: { ...valid, timestampMs: Number.NaN }, type: RangeError },
  { input: { ...valid, timestampMs: Infinity }, type: RangeError },
  { input: { ...valid, timestampMs: '5' }, type: RangeError },
];
const badMaxEntries: readonly unknown[] = [0, -1, 1.5, Number.NaN, Infinity, '10', 2 ** 24 + 1];

suite.property(
  'LOG-9',
  'bad options and bad entries are rejected, and a rejected ingest changes nothing',
  fc.asyncProperty(fc.constantFrom(...badEntries), fc.constantFrom(...badMaxEntries), entriesArbitrary, async ({ input, type }, maxEntries, entries) => {
    const create = createLogAggregator as (options?: unknown) => LogAggregator;
    const aggregator = createLogAggregator({ maxEntries: 3 });
    await ingestAll(aggregator, entries);
    const before = [texts(await aggregator.query()), await aggregator.size];
    await suite.rule('LOG-9', async () => {
      await expectMisuse(suite, 'LOG-9', { call: () => create({ maxEntries }), classes: RangeError, method: 'create', value: maxEntries });
      await expectMisuse(suite, 'LOG-9', { call: () => create({ clock: {} }), classes: TypeError, method: 'create' });
      await expectMisuse(suite, 'LOG-9', { call: () => aggregator.ingest(input as LogEntry), classes: type, method: 'ingest' });
    });
    const after = [texts(await aggregator.query()), await aggregator.size];
    suite.rule('LOG-9', () => expect(after, 'the store after a rejected ingest').toEqual(before));
  }),
  { runsFactor: 0.3 },
);

type QueryMisuse = { readonly method: 'query' | 'queryTimeRange' | 'countByLevel' | 'countBySource' | 'topMessages'; readonly call: (aggregator: LogAggregator) => unknown; readonly type: typeof TypeError | typeof RangeError };
const loose = (aggregator: LogAggregator) => aggregator as unknown as Record<string, (...args: unknown[]) => unknown>;
const badQueries: readonly QueryMisuse[] = [
  { method: 'queryTimeRange', call: (aggregator) => aggregator.queryTimeRange(Number.NaN, 10), type: RangeError },
  { method: 'queryTimeRange', call: (aggregator) => loose(aggregator).queryTimeRange?.('0', 10), type: TypeError },
  { method: 'query', call: (aggregator) => aggregator.query({ endMs: Number.NaN }), type: RangeError },
  { method: 'query', call: (aggregator) => loose(aggregator).query?.({ minLevel: 'verbose' }), type: RangeError },
  { method: 'query', call: (aggregator) => aggregator.query({ limit: -1 }), type: RangeError },
  { method: 'query', call: (aggregator) => aggregator.query({ limit: 2.5 }), type: RangeError },
  { method: 'countByLevel', call: (aggregator) => aggregator.countByLevel({ startMs: Number.NaN }), type: RangeError },
  { method: 'countBySource', call: (aggregator) => loose(aggregator).countBySource?.({ startMs: null }), type: TypeError },
  { method: 'topMessages', call: (aggregator) => aggregator.topMessages(-3), type: RangeError },
  { method: 'topMessages', call: (aggregator) => loose(aggregator).topMessages?.('3'), type: TypeError },
  { method: 'topMessages', call: (aggregator) => aggregator.topMessages(3, { endMs: Number.NaN }), type: RangeError },
];

suite.property(
  'LOG-10',
  'queries and counts reject NaN or non-number bounds, unknown levels and bad limits',
  fc.asyncProperty(fc.constantFrom(...badQueries), entriesArbitrary, async ({ method, call, type }, entries) => {
    const aggregator = createLogAggregator({ maxEntries: 100 });
    await ingestAll(aggregator, entries);
    await expectMisuse(suite, 'LOG-10', { call: () => call(aggregator), classes: type, method });
  }),
  { runsFactor: 0.3 },
);
