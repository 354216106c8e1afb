// Properties of ttl-cache: a model-based run (fc.commands, clock moves included) against the Map
// model in spec/, then one focused property per behaviour, so a broken implementation is reported
// by the rule it breaks. Time is a VirtualClock. The expiry instant itself is probed only by checks
// blamed on TTL-2: everywhere else clock readings are whole milliseconds and TTLs end in .5, so a
// read lands half a millisecond before or after an expiry but never on it, and a cache that draws
// the boundary the other way (fresh at exactly t + ttl, as npm lru-cache does) breaks TTL-2 alone.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { TtlCacheModel, ttlCacheSpec, type TtlCache } from '../spec/ttl-cache.ts';
import { cacheMaker, capacityChecks } from './ttl-cache/capacity.ts';
import { misuseChecks } from './ttl-cache/misuse.ts';

const suite = await systemSuite(ttlCacheSpec);
const createTtlCache = suite.implementation.default;

type Key = unknown;
type Real = TtlCache<Key, number>;
interface Model {
  readonly model: TtlCacheModel<Key, number>;
  readonly clock: VirtualClock;
  /** whether the clock has been set back in this run */
  steppedBack: boolean;
}
type Command = fc.AsyncCommand<Model, Real>;

// Awkward keys (TTL-11): 0 and -0 are one key, NaN is one key, names a plain object already
// has, 1 and "1" differ, and objects equal in shape but not identity.
const twinObjects: readonly object[] = [{}, {}];
const awkwardKeys: readonly Key[] = [-0, Number.NaN, '1', '__proto__', 'constructor', ...twinObjects];
const keyPool: readonly Key[] = [0, 1, 2, 3, 4, ...awkwardKeys];
const keyArbitrary: fc.Arbitrary<Key> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(...awkwardKeys) },
);

function sameValueZero(left: unknown, right: unknown): boolean {
  return left === right || (left !== left && right !== right);
}

/**
 * A key's SameValueZero class as text, so expect() compares identities, not shapes. The class is
 * named by its first member in the pool, so a cache may list 0 set as -0 in either spelling.
 */
function label(key: Key): string {
  const index = keyPool.findIndex((candidate) => sameValueZero(candidate, key));
  return index >= 0 ? `#${index} ${typeof key === 'object' ? 'object' : fc.stringify(keyPool[index])}` : `unknown ${fc.stringify(key)}`;
}

const show = (entries: readonly [Key, number][]): string[] => entries.map(([key, value]) => `${label(key)}=${value}`);

/**
 * Once the clock has been set back, a difference is blamed on the cache following it (TTL-10).
 * Shrinking drops the step back from a counterexample that does not need one, so a bug of
 * another rule is still reported under its own.
 */
function blame<R extends 'TTL-1' | 'TTL-2' | 'TTL-4' | 'TTL-5' | 'TTL-6' | 'TTL-7' | 'TTL-8' | 'TTL-9'>(state: Model, rule: R): R | 'TTL-10' {
  return state.steppedBack ? 'TTL-10' : rule;
}

/** Compares the whole visible state with the model, blaming the rule the difference breaks. */
async function expectModelState(state: Model, real: Real, afterNewKey: boolean): Promise<void> {
  const { model, clock } = state;
  const actual = show(await real.entries());
  const expected = show(model.entries(clock.now()));
  const size = await real.size;
  const actualKeys = new Set(actual.map((entry) => entry.split('=')[0]));
  const expiredShown = [...model.expired].filter((key) => actualKeys.has(label(key)));
  suite.rule(blame(state, 'TTL-2'), () => expect(expiredShown.map(label), 'expired keys still listed').toEqual([]));
  const missing = expected.filter((entry) => !actual.includes(entry));
  suite.rule(blame(state, afterNewKey ? 'TTL-5' : 'TTL-1'), () => expect(missing, 'fresh entries missing').toEqual([]));
  suite.rule(blame(state, 'TTL-7'), () => expect([...actual].sort()).toEqual([...expected].sort()));
  // a reversed list of three or more is a direction slip; two swapped is more likely recency
  const backwards = actual.length > 2 && actual.join() === [...expected].reverse().join();
  suite.rule(backwards ? 'TTL-7' : 'TTL-6', () => expect(actual).toEqual(expected));
  suite.rule(blame(state, 'TTL-4'), () => expect(size).toBe(expected.length));
}

// whole-millisecond clock steps against TTLs ending in .5: a read is never on an expiry instant
const ttlArbitrary = fc.option(fc.constantFrom(0.5, 4.5, 9.5, 19.5, Infinity), { nil: undefined });

const setCommand = fc.tuple(keyArbitrary, fc.integer({ min: 0, max: 999 }), ttlArbitrary).map(([key, value, ttlMs]): Command => ({
  check: () => true,
  async run(state, real) {
    const isNew = !state.model.has(key, state.clock.now());
    state.model.set(key, value, state.clock.now(), ttlMs);
    await real.set(key, value, ttlMs === undefined ? undefined : { ttlMs });
    await expectModelState(state, real, isNew);
  },
  toString: () => `set(${fc.stringify(key)}, ${value}${ttlMs === undefined ? '' : `, { ttlMs: ${ttlMs} }`})`,
}));

function readCommand(name: 'get' | 'has' | 'remainingTtlMs' | 'delete', rule: 'TTL-1' | 'TTL-8' | 'TTL-9') {
  return keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(state, real) {
      const expected = state.model[name](key, state.clock.now());
      const actual = await real[name](key);
      // showing an entry the model dropped as expired is an expiry failure, not a lookup one
      const absent = expected === undefined || expected === false;
      const blamed = absent && state.model.expired.has(key) ? 'TTL-2' : rule; // a Set is SameValueZero too
      suite.rule(blame(state, blamed), () => expect(actual, `${name}(${label(key)})`).toEqual(expected));
      await expectModelState(state, real, false);
    },
    toString: () => `${name}(${fc.stringify(key)})`,
  }));
}

const clockCommand = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 4, 5, 9, 10, 11, 20, 100) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -5, -10) },
).map((stepMs): Command => ({
  check: () => true,
  async run(state, real) {
    // a negative step sets the clock back, as a wall clock may be; the cache must not follow it
    if (stepMs >= 0) state.clock.advance(stepMs);
    else state.clock.set(state.clock.now() + stepMs);
    if (stepMs < 0) state.steppedBack = true;
    await expectModelState(state, real, false);
  },
  toString: () => (stepMs >= 0 ? `clock.advance(${stepMs})` : `clock.set(now ${stepMs})`),
}));

const clearCommand = fc.constant<Command>({
  check: () => true,
  async run(state, real) {
    state.model.clear();
    await real.clear();
    const size = await real.size;
    suite.rule('TTL-9', () => expect(size).toBe(0));
    await expectModelState(state, real, false);
  },
  toString: () => 'clear()',
});

const commands: fc.Arbitrary<Command>[] = [
  setCommand,
  setCommand,
  setCommand,
  readCommand('get', 'TTL-1'),
  readCommand('get', 'TTL-1'),
  readCommand('has', 'TTL-1'),
  readCommand('remainingTtlMs', 'TTL-8'),
  readCommand('delete', 'TTL-9'),
  clockCommand,
  clockCommand,
  clearCommand,
];

suite.property(
  ['TTL-1', 'TTL-2', 'TTL-4', 'TTL-5', 'TTL-6', 'TTL-7', 'TTL-8', 'TTL-9', 'TTL-10', 'TTL-11'],
  'agrees with the expiring Map model on any sequence of operations and clock moves',
  fc.asyncProperty(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom(4.5, 9.5, Infinity),
    fc.integer({ min: -1000, max: 1000 }),
    replayableCommands(commands, { maxCommands: 60, size: '+1' }),
    async (capacity, ttlMs, startMs, sequence) => {
      const setup = async () => {
        const clock = new VirtualClock(startMs);
        const model: Model = { model: new TtlCacheModel<Key, number>(capacity, ttlMs), clock, steppedBack: false };
        const real = createTtlCache<Key, number>({ capacity, ttlMs, clock });
        // one reading before any command, so a step back is measured from the same latest reading
        // whether or not a cache also reads the clock when it is created (TTL-10 allows both)
        model.model.now(startMs);
        await real.size;
        return { model, real };
      };
      await fc.asyncModelRun(setup, sequence);
    },
  ),
);

// ---- focused properties, one behaviour each ----

const cacheAt = cacheMaker(suite);

/** everything a reader can see of one key */
async function visible(cache: TtlCache<string, number>, key: string): Promise<unknown[]> {
  const listed = (await cache.entries()).some(([listedKey]) => listedKey === key);
  return [await cache.has(key), listed, await cache.remainingTtlMs(key) !== undefined, await cache.get(key) !== undefined];
}

suite.property(
  'TTL-1',
  'get returns the last value set for each fresh key and undefined for keys never set',
  fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer()), { maxLength: 30 }), async (writes) => {
    const { cache } = cacheAt(16, Infinity);
    const expected = new Map<string, number>();
    for (const [key, value] of writes) {
      await cache.set(`k${key}`, value);
      expected.set(`k${key}`, value);
    }
    for (let key = 0; key < 12; key++) {
      const value = await cache.get(`k${key}`);
      suite.rule('TTL-1', () => expect(value, `get("k${key}")`).toBe(expected.get(`k${key}`)));
    }
  }),
);

suite.property(
  'TTL-2',
  'an entry is visible until exactly ttlMs after its set and never again after that',
  fc.asyncProperty(
    fc.integer({ min: 1, max: 1000 }),
    fc.constantFrom(1, 0.5, 0.001),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3 }),
    async (ttlMs, beforeMs, startMs, laterStepsMs) => {
      const { cache, clock } = cacheAt(4, ttlMs, startMs);
      await cache.set('a', 1);
      clock.advance(Math.max(0, ttlMs - beforeMs));
      const fresh = await visible(cache, 'a');
      suite.rule('TTL-2', () => expect(fresh, `${ttlMs - beforeMs} ms after the set`).toEqual([true, true, true, true]));
      clock.set(startMs + ttlMs);
      for (const stepMs of [0, ...laterStepsMs]) {
        clock.advance(stepMs);
        const gone = await visible(cache, 'a');
        suite.rule('TTL-2', () => expect(gone, `${clock.now() - startMs} ms after the set`).toEqual([false, false, false, false]));
      }
    },
  ),
);

suite.property(
  'TTL-3',
  'a per-entry ttlMs overrides the default, a re-set restarts it, and reads never extend it',
  fc.asyncProperty(
    fc.integer({ min: 2, max: 100 }),
    fc.integer({ min: 2, max: 100 }),
    fc.integer({ min: 0, max: 200 }),
    async (defaultTtlMs, entryTtlMs, resetAtMs) => {
      const { cache, clock } = cacheAt(4, defaultTtlMs);
      await cache.set('own', 1, { ttlMs: entryTtlMs });
      await cache.set('default', 2);
      // reads at every millisecond before expiry: none may push it later
      for (let elapsedMs = 1; elapsedMs < Math.max(defaultTtlMs, entryTtlMs); elapsedMs++) {
        clock.advance(1);
        await cache.get('own');
        await cache.get('default');
      }
      clock.set(Math.max(defaultTtlMs, entryTtlMs) + 0.5); // past the boundary, not on it (TTL-2's)
      const state = [await cache.has('own'), await cache.has('default')];
      suite.rule('TTL-3', () => expect(state, 'both past their time-to-live').toEqual([false, false]));
      // re-set while still fresh: the entry lives entryTtlMs from the re-set, not from the first set
      clock.set(1000);
      await cache.set('own', 3, { ttlMs: entryTtlMs });
      clock.advance(resetAtMs % entryTtlMs);
      await cache.set('own', 4, { ttlMs: entryTtlMs });
      clock.advance(entryTtlMs - 0.5);
      const justBefore = await cache.get('own');
      clock.advance(1);
      const justAfter = await cache.get('own');
      suite.rule('TTL-3', () => expect([justBefore, justAfter], 'a re-set lives ttlMs from the re-set').toEqual([4, undefined]));
    },
  ),
);

suite.property(
  'TTL-7',
  'entries lists every fresh entry once, most recently used first',
  fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }), fc.nat(), async (keys, expiringIndex) => {
    const { cache, clock } = cacheAt(16, 100);
    for (const key of keys) await cache.set(`k${key}`, key, { ttlMs: key === keys[expiringIndex % Math.max(1, keys.length)] ? 5 : 100 });
    clock.advance(5.5); // just past the short-lived one's expiry, not on it (TTL-2's)
    const expiring = keys[expiringIndex % Math.max(1, keys.length)];
    const expected = [...keys].reverse().filter((key) => key !== expiring).map((key): [string, number] => [`k${key}`, key]);
    const entries = await cache.entries();
    suite.rule('TTL-7', () => expect(entries).toEqual(expected));
  }),
);

suite.property(
  'TTL-8',
  'remainingTtlMs counts down from the time-to-live to the expiry, then is undefined',
  // a TTL ending in .5 against whole-millisecond steps: no read is on the expiry instant (TTL-2's)
  fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }).map((ms) => ms - 0.5), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 6 }), async (ttlMs, stepsMs) => {
    const { cache, clock } = cacheAt(2, ttlMs, 1_000_000);
    await cache.set('a', 1);
    await cache.set('forever', 2, { ttlMs: Infinity });
    let elapsedMs = 0;
    for (const stepMs of [0, ...stepsMs]) {
      clock.advance(stepMs);
      elapsedMs += stepMs;
      const remaining = [await cache.remainingTtlMs('a'), await cache.remainingTtlMs('forever'), await cache.remainingTtlMs('never set')];
      const expected = elapsedMs < ttlMs ? ttlMs - elapsedMs : undefined;
      suite.rule('TTL-8', () => expect(remaining, `${elapsedMs} ms after the set`).toEqual([expected, Infinity, undefined]));
    }
  }),
);

suite.property(
  ['TTL-2', 'TTL-10'],
  'a clock stepped back revives no expired entry and shortens no wait: the latest reading counts',
  fc.asyncProperty(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 500 }), async (ttlMs, backMs) => {
    const { cache, clock } = cacheAt(4, ttlMs, 10_000);
    await cache.set('old', 1);
    // half a millisecond past the expiry, so where a cache draws the boundary (TTL-2) plays no part
    clock.advance(ttlMs + 0.5);
    const expired = await cache.has('old'); // the cache has now seen the latest reading
    suite.rule('TTL-2', () => expect(expired).toBe(false));
    clock.set(clock.now() - backMs);
    const revived = await visible(cache, 'old');
    suite.rule('TTL-10', () => expect(revived, `after stepping back ${backMs} ms`).toEqual([false, false, false, false]));
    // a set while the clock reads behind lives from the latest reading, not from the stale one
    const latestMs = 10_000 + ttlMs + 0.5;
    await cache.set('new', 2);
    const remaining = await cache.remainingTtlMs('new');
    suite.rule('TTL-10', () => expect(remaining, 'remaining right after the set').toBe(ttlMs));
    clock.set(latestMs + ttlMs - 0.5);
    const stillThere = await cache.get('new');
    clock.set(latestMs + ttlMs + 0.5);
    const gone = await cache.get('new');
    suite.rule('TTL-10', () => expect([stillThere, gone]).toEqual([2, undefined]));
  }),
);

capacityChecks(suite);
misuseChecks(suite);
