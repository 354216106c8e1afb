// Worked examples of log-aggregator: the seed's usage (ingest a LogEntry stamped time.time(),
// query_time_range, count_by_level) on a virtual clock, then late arrivals, a full store, inclusive
// range ends, ties among top messages, awkward source names and the misuse messages.

import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { systemSuite } from '../harness/suite.ts';
import { logAggregatorSpec, type LogEntry, type LogLevel } from '../spec/log-aggregator.ts';

const suite = await systemSuite(logAggregatorSpec);
const createLogAggregator = suite.implementation.default;

const entry = (timestampMs: number, level: LogLevel, source: string, message: string): LogEntry => ({ timestampMs, level, source, message });
const messages = (entries: readonly LogEntry[]): string[] => entries.map(({ message }) => message);

suite.check(['LOG-1', 'LOG-5', 'LOG-8'], "seed's usage: ingest an entry stamped now, query its time range, count by level", async () => {
  const clock = new VirtualClock(1_700_000_000_000);
  const aggregator = createLogAggregator({ clock });
  const startTime = clock.now();
  await aggregator.ingest({ level: 'info', source: 'web-server', message: 'Request processed' });
  clock.advance(250);
  await aggregator.ingest({ level: 'error', source: 'web-server', message: 'Upstream timeout' });
  const endTime = clock.now();
  clock.advance(1000);
  await aggregator.ingest({ level: 'info', source: 'worker', message: 'Job done' });
  const logs = await aggregator.queryTimeRange(startTime, endTime);
  suite.rule('LOG-8', () => expect(logs[0]).toEqual(entry(startTime, 'info', 'web-server', 'Request processed')));
  suite.rule('LOG-1', () => expect(messages(logs)).toEqual(['Request processed', 'Upstream timeout']));
  const levelCounts = await aggregator.countByLevel();
  suite.rule('LOG-5', () => expect({ ...levelCounts }).toEqual({ debug: 0, info: 2, warning: 0, error: 1, critical: 0 }));
});

suite.check(['LOG-1', 'LOG-2'], 'a late entry is placed by its timestamp; equal timestamps keep arrival order', async () => {
  const aggregator = createLogAggregator({ maxEntries: 10 });
  for (const item of [entry(10, 'info', 'a', 'ten'), entry(30, 'info', 'a', 'thirty'), entry(20, 'warning', 'b', 'twenty (late)'), entry(10, 'debug', 'c', 'ten again'), entry(5, 'info', 'c', 'five (late)')]) {
    await aggregator.ingest(item);
  }
  const all = await aggregator.query();
  suite.rule('LOG-2', () => expect(messages(all)).toEqual(['five (late)', 'ten', 'ten again', 'twenty (late)', 'thirty']));
  // both ends are included
  const middle = await aggregator.queryTimeRange(10, 20);
  suite.rule('LOG-1', () => expect(messages(middle)).toEqual(['ten', 'ten again', 'twenty (late)']));
  const backwards = await aggregator.queryTimeRange(20, 10);
  suite.rule('LOG-1', () => expect(backwards).toEqual([]));
});

suite.check(['LOG-2', 'LOG-3'], 'a full store evicts the earliest entry and refuses one older than all it holds', async () => {
  const aggregator = createLogAggregator({ maxEntries: 3 });
  for (const timestampMs of [100, 200, 300]) await aggregator.ingest(entry(timestampMs, 'info', 'app', `at ${timestampMs}`));
  const newer = await aggregator.ingest(entry(400, 'info', 'app', 'at 400'));
  suite.rule('LOG-3', () => expect(newer).toEqual({ stored: true, evicted: entry(100, 'info', 'app', 'at 100') }));
  const older = await aggregator.ingest(entry(150, 'info', 'app', 'at 150 (late, too old)'));
  suite.rule('LOG-3', () => expect(older).toEqual({ stored: false, reason: 'older-than-retained' }));
  // as old as the oldest but later to arrive: it is the newer of the two, so the old one goes
  const tie = await aggregator.ingest(entry(200, 'warning', 'app', 'at 200 again'));
  suite.rule('LOG-3', () => expect(tie).toEqual({ stored: true, evicted: entry(200, 'info', 'app', 'at 200') }));
  const [held, size] = [messages(await aggregator.query()), await aggregator.size];
  suite.rule('LOG-3', () => expect([[...held].sort(), size]).toEqual([['at 200 again', 'at 300', 'at 400'], 3]));
  suite.rule('LOG-2', () => expect(held, 'the late 200 is filed before 300').toEqual(['at 200 again', 'at 300', 'at 400']));
});

suite.check('LOG-3', 'a long stream through a small store keeps the newest and evicts in time order', async () => {
  const aggregator = createLogAggregator({ maxEntries: 100 });
  let evictions = 0;
  for (let index = 0; index < 10_000; index++) {
    const outcome = await aggregator.ingest(entry(index, index % 10 === 0 ? 'error' : 'info', `host-${index % 7}`, `event ${index}`));
    if (outcome.stored && outcome.evicted !== undefined) {
      evictions++;
      if (outcome.evicted.timestampMs !== index - 100) suite.rule('LOG-3', () => expect.fail(`evicted ${outcome.evicted?.timestampMs} at ${index}`));
    }
  }
  const [size, first, counts] = [await aggregator.size, (await aggregator.query({ limit: 1 }))[0], await aggregator.countByLevel()];
  suite.rule('LOG-3', () => expect([size, evictions, first?.timestampMs, counts.error]).toEqual([100, 9_900, 9_900, 10]));
});

suite.check('LOG-4', 'minLevel, source and limit narrow a query in that order', async () => {
  const aggregator = createLogAggregator();
  const items = [
    entry(1, 'debug', 'db', 'connect'),
    entry(2, 'warning', 'db', 'slow query'),
    entry(3, 'error', 'web', '500'),
    entry(4, 'critical', 'db', 'disk full'),
    entry(5, 'error', 'db', 'deadlock'),
  ];
  for (const item of items) await aggregator.ingest(item);
  const severe = await aggregator.query({ minLevel: 'error' });
  const database = await aggregator.query({ minLevel: 'warning', source: 'db', limit: 2 });
  const none = await aggregator.query({ limit: 0 });
  suite.rule('LOG-4', () => {
    expect(messages(severe)).toEqual(['500', 'disk full', 'deadlock']);
    expect(messages(database)).toEqual(['slow query', 'disk full']);
    expect(none).toEqual([]);
  });
});

suite.check(['LOG-6', 'LOG-7'], 'sources named like Object properties count normally; equal counts rank by message', async () => {
  const aggregator = createLogAggregator();
  const sources = ['__proto__', 'constructor', '__proto__', 'toString', 'web'];
  const texts = ['b', 'a', 'c', 'b', 'a'];
  for (const [index, source] of sources.entries()) await aggregator.ingest(entry(index, 'info', source, texts[index] as string));
  const bySource = await aggregator.countBySource();
  suite.rule('LOG-6', () =>
    expect([...bySource].sort()).toEqual([['__proto__', 2], ['constructor', 1], ['toString', 1], ['web', 1]]),
  );
  const top = await aggregator.topMessages(2);
  suite.rule('LOG-7', () => expect(top).toEqual([{ message: 'a', count: 2 }, { message: 'b', count: 2 }]));
  const inRange = await aggregator.topMessages(5, { startMs: 2, endMs: 3 });
  suite.rule('LOG-7', () => expect(inRange).toEqual([{ message: 'b', count: 1 }, { message: 'c', count: 1 }]));
  const bySourceInRange = await aggregator.countBySource({ startMs: 3 });
  suite.rule('LOG-6', () => expect([...bySourceInRange].sort()).toEqual([['toString', 1], ['web', 1]]));
});

suite.check(['LOG-8', 'LOG-11'], 'stored entries are copies; clear empties the store', async () => {
  const aggregator = createLogAggregator({ maxEntries: 4 });
  const mutable = { timestampMs: 7, level: 'info' as LogLevel, source: 'app', message: 'original' };
  await aggregator.ingest(mutable);
  mutable.message = 'changed after ingest';
  const [stored] = await aggregator.query();
  suite.rule('LOG-8', () => expect(stored?.message).toBe('original'));
  await aggregator.clear();
  const cleared = [await aggregator.size, await aggregator.query(), { ...(await aggregator.countByLevel()) }];
  suite.rule('LOG-11', () => expect(cleared).toEqual([0, [], { debug: 0, info: 0, warning: 0, error: 0, critical: 0 }]));
});

async function messageOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

suite.check(['LOG-9', 'LOG-10'], 'misuse messages name the system, the method and the value', async () => {
  const create = createLogAggregator as (options?: unknown) => unknown;
  const aggregator = createLogAggregator();
  const loose = aggregator as unknown as { ingest(entry: unknown): unknown };
  await suite.rule('LOG-9', async () => {
    expect(await messageOf(() => create({ maxEntries: 0 }))).toMatch(/^RangeError: log-aggregator\.create: expected .*, got 0$/);
    expect(await messageOf(() => loose.ingest({ ...entry(1, 'info', 'a', 'b'), level: 'WARN' }))).toMatch(/^RangeError: log-aggregator\.ingest: expected .*, got "?WARN"?$/);
    expect(await messageOf(() => loose.ingest({ ...entry(1, 'info', 'a', 'b'), timestampMs: Number.NaN }))).toMatch(/^RangeError: log-aggregator\.ingest: expected .*, got NaN$/);
  });
  const range = await messageOf(() => aggregator.queryTimeRange(0, Number.NaN));
  suite.rule('LOG-10', () => expect(range).toMatch(/^RangeError: log-aggregator\.queryTimeRange: expected .*, got NaN$/));
});
