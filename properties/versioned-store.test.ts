// Properties of versioned-store: a model-based run against the Map-per-version model, holding
// snapshots and half-read iterators across later writes, then one focused property per rule so
// a broken implementation is reported by the rule it breaks.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectAccepted, expectMisuse, valueLabel } from '../harness/misuse.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { VersionedStoreModel, versionedStoreSpec, type Snapshot, type VersionedStore } from '../spec/versioned-store.ts';

const suite = await systemSuite(versionedStoreSpec);
const createVersionedStore = suite.implementation.default;

// Keys that trip shortcuts: integer-like names a plain object would reorder, inherited names,
// the empty string, case, Latin-1 and an astral character (code-unit order differs from code points).
const keyPool = ['a', 'b', 'B', '', '1', '10', '2', '__proto__', 'constructor', 'toString', 'é', '\u{1F600}', '\uFFFF'] as const;
const keyArbitrary = fc.constantFrom(...keyPool);
const valueArbitrary = fc.oneof(fc.integer({ min: -9, max: 99 }), fc.constant(undefined));

type Entries = [string, unknown][];
const show = (entries: Iterable<[string, unknown]>): string[] => [...entries].map(([key, value]) => `${JSON.stringify(key)}=${String(value)}`);
const byKey = (entries: Iterable<[string, unknown]>): string[] => show(entries).sort();

interface HeldIterator {
  readonly iterator: Iterator<unknown>;
  readonly expected: readonly unknown[];
  readonly createdAt: number;
  position: number;
}

/** the model, plus what the run holds on to: snapshots and iterators taken along the way */
class Model extends VersionedStoreModel<unknown> {
  readonly snapshots: { snapshot: Snapshot<unknown>; version: number; expected: Entries }[] = [];
  readonly iterators: HeldIterator[] = [];
}
type Real = VersionedStore<unknown>;
type Command = fc.AsyncCommand<Model, Real>;

async function expectLatest(model: Model, real: Real, key: string): Promise<void> {
  const [value, present, size, version, oldest] = [await real.get(key), await real.has(key), await real.size, await real.version, await real.oldestVersion];
  suite.rule('VS-2', () => expect([value, present, size], `get/has("${key}"), size`).toEqual([model.latest().get(key), model.latest().has(key), model.latest().size]));
  suite.rule('VS-1', () => expect(version).toBe(model.version));
  suite.rule('VS-7', () => expect(oldest, 'oldestVersion').toBe(model.oldestVersion));
}

/** Compares a snapshot with the entries of its version: contents blame `rule`, order VS-6. */
async function expectSnapshot(snapshot: Snapshot<unknown>, version: number, expected: Entries, rule: 'VS-3' | 'VS-4' | 'VS-7'): Promise<void> {
  const entries = [...(await snapshot.entries())];
  const [size, reportedVersion] = [await snapshot.size, await snapshot.version];
  suite.rule(rule, () => expect([reportedVersion, size, byKey(entries)]).toEqual([version, expected.length, byKey(expected)]));
  for (const key of keyPool) {
    const [value, present] = [await snapshot.get(key), await snapshot.has(key)];
    const wanted = expected.find(([candidate]) => candidate === key);
    suite.rule(rule, () => expect([value, present], `snapshot(${version}).get/has("${key}")`).toEqual([wanted?.[1], wanted !== undefined]));
  }
  suite.rule('VS-6', () => expect(show(entries)).toEqual(show(expected)));
}

const versionPick = fc.nat();
function pickVersion(model: Model, pick: number): number {
  return model.oldestVersion + (pick % (model.version - model.oldestVersion + 1));
}

type IteratorKind = 'entries' | 'keys' | 'values' | 'store' | 'snapshot';
async function openIterator(real: Real, kind: IteratorKind, version: number, latest: boolean): Promise<Iterator<unknown>> {
  if (kind === 'store') return real[Symbol.iterator]();
  if (kind === 'snapshot') return (await real.snapshot(version))[Symbol.iterator]();
  const iterable = await real[kind](latest ? undefined : version);
  return iterable[Symbol.iterator]();
}

/** One step of a held iterator: a wrong item with no write since it was opened is an order slip. */
function stepIterator(model: Model, held: HeldIterator): void {
  const step = held.iterator.next();
  const wanted = held.position < held.expected.length ? { done: false, value: held.expected[held.position] } : { done: true, value: undefined };
  held.position++;
  const rule = model.version === held.createdAt ? 'VS-6' : 'VS-5';
  suite.rule(rule, () => expect({ done: step.done === true, value: step.done === true ? undefined : step.value }, `item ${held.position - 1}`).toEqual(wanted));
}

const commands: fc.Arbitrary<Command>[] = [
  fc.tuple(keyArbitrary, valueArbitrary).map(([key, value]): Command => ({
    check: () => true,
    async run(model, real) {
      const version = await real.set(key, value);
      suite.rule('VS-1', () => expect(version, 'the version set returned').toBe(model.set(key, value)));
      await expectLatest(model, real, key);
    },
    toString: () => `set(${JSON.stringify(key)}, ${String(value)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const version = await real.delete(key);
      suite.rule('VS-1', () => expect(version, 'the version delete returned').toBe(model.delete(key)));
      await expectLatest(model, real, key);
    },
    toString: () => `delete(${JSON.stringify(key)})`,
  })),
  versionPick.map((pick): Command => ({
    check: () => true,
    async run(model, real) {
      const version = pickVersion(model, pick);
      const snapshot = await real.snapshot(version);
      const expected = model.entries(version);
      await expectSnapshot(snapshot, version, expected, 'VS-3');
      model.snapshots.push({ snapshot, version, expected });
    },
    toString: () => `snapshot(pick ${pick})`,
  })),
  fc.tuple(versionPick, fc.constantFrom<IteratorKind>('entries', 'keys', 'values', 'store', 'snapshot')).map(([pick, kind]): Command => ({
    check: () => true,
    async run(model, real) {
      const latest = kind === 'store';
      const version = latest ? model.version : pickVersion(model, pick);
      const entries = model.entries(version);
      const expected = kind === 'keys' ? entries.map(([key]) => key) : kind === 'values' ? entries.map(([, value]) => value) : entries;
      const held = { iterator: await openIterator(real, kind, version, latest), expected, createdAt: model.version, position: 0 };
      stepIterator(model, held);
      model.iterators.push(held);
    },
    toString: () => `open ${kind} iterator (pick ${pick})`,
  })),
  fc.constant<Command>({
    check: () => true,
    async run(model) {
      for (const held of model.iterators) stepIterator(model, held);
      for (const { snapshot, version, expected } of model.snapshots) await expectSnapshot(snapshot, version, expected, 'VS-4');
    },
    toString: () => 'step every held iterator and re-read every held snapshot',
  }),
];

suite.property(
  ['VS-1', 'VS-2', 'VS-3', 'VS-4', 'VS-5', 'VS-6', 'VS-7'],
  'agrees with the Map-per-version model, and held snapshots and iterators keep their version',
  fc.asyncProperty(
    fc.array(fc.tuple(keyArbitrary, valueArbitrary), { maxLength: 6 }),
    fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    replayableCommands([commands[0] as fc.Arbitrary<Command>, commands[0] as fc.Arbitrary<Command>, ...commands], { maxCommands: 40, size: '+1' }),
    async (initial, maxVersions, sequence) => {
      const setup = () => ({
        model: new Model(initial, maxVersions),
        real: createVersionedStore<unknown>(maxVersions === undefined ? { initial } : { initial, maxVersions }),
      });
      await fc.asyncModelRun(setup, sequence);
    },
  ),
  { runsFactor: 1 },
);


// ---- focused properties, one behaviour each ----

const writeArbitrary = fc.record({ kind: fc.constantFrom('set', 'set', 'delete'), key: keyArbitrary, value: valueArbitrary });
const writesArbitrary = fc.array(writeArbitrary, { maxLength: 25 });
type Write = { readonly kind: string; readonly key: string; readonly value: unknown };

async function apply(store: Real, write: Write): Promise<number> {
  return write.kind === 'set' ? await store.set(write.key, write.value) : await store.delete(write.key);
}

suite.property(
  'VS-1',
  'version 0 holds the initial entries and every write, even a delete of an absent key, makes the next version',
  fc.asyncProperty(fc.array(fc.tuple(keyArbitrary, fc.integer()), { maxLength: 5 }), writesArbitrary, async (initial, writes) => {
    const store = createVersionedStore<unknown>({ initial });
    const start = await store.version;
    suite.rule('VS-1', () => expect(start).toBe(0));
    for (const [index, write] of writes.entries()) {
      const returned = await apply(store, write);
      const version = await store.version;
      suite.rule('VS-1', () => expect([returned, version], `${write.kind}(${JSON.stringify(write.key)})`).toEqual([index + 1, index + 1]));
    }
  }),
);

suite.property(
  'VS-2',
  'get returns the very value last set (undefined included) and has, size follow sets and deletes',
  fc.asyncProperty(fc.array(fc.record({ key: keyArbitrary, kind: fc.constantFrom('object', 'undefined', 'delete') }), { maxLength: 25 }), async (steps) => {
    const store = createVersionedStore<unknown>();
    const expected = new Map<string, unknown>();
    for (const { key, kind } of steps) {
      if (kind === 'delete') {
        await store.delete(key);
        expected.delete(key);
      } else {
        const value = kind === 'object' ? { key } : undefined;
        await store.set(key, value);
        expected.set(key, value);
      }
      for (const probe of keyPool) {
        const [value, present] = [await store.get(probe), await store.has(probe)];
        suite.rule('VS-2', () => {
          expect(value, `get("${probe}")`).toBe(expected.get(probe));
          expect(present, `has("${probe}")`).toBe(expected.has(probe));
        });
      }
      const size = await store.size;
      suite.rule('VS-2', () => expect(size).toBe(expected.size));
    }
  }),
);

suite.property(
  'VS-3',
  'snapshot(v) of every version equals the model after v writes, from pairs or a record',
  fc.asyncProperty(fc.array(fc.tuple(keyArbitrary, fc.integer()), { maxLength: 6 }), fc.boolean(), writesArbitrary, async (initial, asRecord, writes) => {
    const record = Object.fromEntries(initial.filter(([key]) => key !== '__proto__'));
    const pairs = asRecord ? Object.entries(record) : initial;
    const store = createVersionedStore<unknown>({ initial: asRecord ? record : initial });
    const model = new VersionedStoreModel<unknown>(pairs);
    for (const write of writes) {
      await apply(store, write);
      if (write.kind === 'set') model.set(write.key, write.value);
      else model.delete(write.key);
    }
    for (let version = 0; version <= model.version; version++) {
      const snapshot = await store.snapshot(version);
      await expectSnapshot(snapshot, version, model.entries(version), 'VS-3');
    }
    const latest = await store.snapshot();
    const latestVersion = await latest.version;
    suite.rule('VS-3', () => expect(latestVersion, 'snapshot() is the latest version').toBe(model.version));
    const asMap = await latest.toMap();
    suite.rule('VS-3', () => expect(show(asMap)).toEqual(show(model.entries())));
  }),
);

suite.property(
  'VS-4',
  'snapshots taken along the way answer the same after every later write',
  fc.asyncProperty(writesArbitrary, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), async (writes, takeAt) => {
    const store = createVersionedStore<unknown>();
    const model = new VersionedStoreModel<unknown>();
    const held: { snapshot: Snapshot<unknown>; version: number }[] = [];
    for (const [index, write] of writes.entries()) {
      if (takeAt.includes(index)) held.push({ snapshot: await store.snapshot(), version: model.version });
      await apply(store, write);
      if (write.kind === 'set') model.set(write.key, write.value);
      else model.delete(write.key);
      for (const { snapshot, version } of held) await expectSnapshot(snapshot, version, model.entries(version), 'VS-4');
    }
  }),
);

suite.property(
  'VS-5',
  'an iterator read one step at a time between writes yields the version it was opened on',
  fc.asyncProperty(
    fc.uniqueArray(keyArbitrary, { maxLength: 10 }),
    fc.array(writeArbitrary, { minLength: 1, maxLength: 12 }),
    fc.constantFrom<IteratorKind>('entries', 'keys', 'values', 'store', 'snapshot'),
    async (initialKeys, writes, kind) => {
      const initial = initialKeys.map((key, index): [string, number] => [key, index]);
      const store = createVersionedStore<unknown>({ initial });
      const model = new VersionedStoreModel<unknown>(initial);
      const entries = model.entries(0);
      const expected = kind === 'keys' ? entries.map(([key]) => key) : kind === 'values' ? entries.map(([, value]) => value) : entries;
      const iterator = await openIterator(store, kind, 0, kind === 'store');
      const seen: unknown[] = [];
      for (let step = 0; step <= expected.length; step++) {
        const write = writes[step % writes.length] as Write;
        await apply(store, write);
        const next = iterator.next();
        if (next.done === true) break;
        seen.push(next.value);
      }
      suite.rule('VS-5', () => expect(seen.map((item) => JSON.stringify(item)).sort()).toEqual(expected.map((item) => JSON.stringify(item)).sort()));
      suite.rule('VS-6', () => expect(seen).toEqual(expected));
    },
  ),
);

suite.property(
  'VS-6',
  'entries, keys, values and the iterators agree, each key once, in code-unit order',
  fc.asyncProperty(fc.array(fc.tuple(fc.oneof(keyArbitrary, fc.string({ unit: 'binary', maxLength: 3 })), fc.integer()), { maxLength: 20 }), async (writes) => {
    const store = createVersionedStore<number>();
    const expected = new Map<string, number>();
    for (const [key, value] of writes) {
      await store.set(key, value);
      expected.set(key, value);
    }
    const sorted = [...expected].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    const snapshot = await store.snapshot();
    const forms = {
      entries: [...(await store.entries())],
      iterator: [...store],
      snapshot: [...snapshot],
      snapshotEntries: [...(await snapshot.entries())],
    };
    for (const [form, entries] of Object.entries(forms)) suite.rule('VS-6', () => expect(show(entries), form).toEqual(show(sorted)));
    const [keys, values, snapshotKeys, snapshotValues] = [[...(await store.keys())], [...(await store.values())], [...(await snapshot.keys())], [...(await snapshot.values())]];
    suite.rule('VS-6', () => {
      expect(keys).toEqual(sorted.map(([key]) => key));
      expect(snapshotKeys).toEqual(sorted.map(([key]) => key));
      expect(values).toEqual(sorted.map(([, value]) => value));
      expect(snapshotValues).toEqual(sorted.map(([, value]) => value));
    });
  }),
);

suite.property(
  'VS-7',
  'only the last maxVersions versions are kept, and what was taken from older ones stays readable',
  fc.asyncProperty(fc.integer({ min: 1, max: 5 }), writesArbitrary, async (maxVersions, writes) => {
    const store = createVersionedStore<unknown>({ maxVersions });
    const model = new VersionedStoreModel<unknown>([], maxVersions);
    const reported = await store.maxVersions;
    suite.rule('VS-7', () => expect(reported).toBe(maxVersions));
    const first = { snapshot: await store.snapshot(0), iterator: (await store.entries(0))[Symbol.iterator]() };
    for (const write of writes) {
      await apply(store, write);
      if (write.kind === 'set') model.set(write.key, write.value);
      else model.delete(write.key);
      const oldest = await store.oldestVersion;
      suite.rule('VS-7', () => expect(oldest, 'oldestVersion').toBe(model.oldestVersion));
      const oldestSnapshot = await store.snapshot(model.oldestVersion);
      await expectSnapshot(oldestSnapshot, model.oldestVersion, model.entries(model.oldestVersion), 'VS-3');
      if (model.oldestVersion > 0) {
        await expectMisuse(suite, 'VS-7', { call: () => store.snapshot(model.oldestVersion - 1), classes: RangeError, format: 'system named', label: 'snapshot of a forgotten version' });
      }
    }
    await expectSnapshot(first.snapshot, 0, [], 'VS-7');
    suite.rule('VS-7', () => expect(first.iterator.next().done, 'an iterator of version 0, empty').toBe(true));
  }),
);

const notStrings: readonly unknown[] = [1, 0, null, undefined, {}, ['a'], Symbol('key'), true, 1n];
const badVersions = (version: number): unknown[] => [-1, version + 1, 0.5, Number.NaN, Infinity, '0', null];

suite.property(
  'VS-8',
  'a non-string key is a TypeError, a version out of range a RangeError, both naming versioned-store and changing nothing',
  fc.asyncProperty(fc.constantFrom(...notStrings), writesArbitrary, async (badKey, writes) => {
    const store = createVersionedStore<unknown>();
    for (const write of writes) await apply(store, write);
    const version = await store.version;
    const before = show(await store.entries());
    const loose = store as unknown as Record<string, (...args: unknown[]) => unknown>;
    const snapshot = (await store.snapshot()) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [target, method, args] of [[loose, 'get', [badKey]], [loose, 'has', [badKey]], [loose, 'set', [badKey, 1]], [loose, 'delete', [badKey]], [snapshot, 'get', [badKey]], [snapshot, 'has', [badKey]]] as const) {
      await expectMisuse(suite, 'VS-8', { call: () => (target[method] as (...a: unknown[]) => unknown)(...args), classes: TypeError, format: 'system named', label: `${method}(${valueLabel(badKey)})` });
    }
    for (const bad of badVersions(version)) {
      for (const method of ['snapshot', 'entries', 'keys', 'values']) {
        await expectMisuse(suite, 'VS-8', { call: () => loose[method]?.(bad), classes: RangeError, format: 'system named', label: `${method}(${valueLabel(bad)})` });
      }
    }
    const [after, versionAfter] = [show(await store.entries()), await store.version];
    suite.rule('VS-8', () => expect([versionAfter, after], 'misuse changed the store').toEqual([version, before]));
  }),
  { runsFactor: 0.3 },
);

suite.check('VS-8', 'bad options are a TypeError or RangeError naming versioned-store', async () => {
  const create = createVersionedStore as (options?: unknown) => unknown;
  const named = { format: 'system named' } as const;
  for (const maxVersions of [0, -1, 1.5, Number.NaN, Infinity, '3', null]) {
    await expectMisuse(suite, 'VS-8', { ...named, call: () => create({ maxVersions }), classes: RangeError, label: `maxVersions ${valueLabel(maxVersions)}` });
  }
  for (const initial of [42, 'ab', [[1, 'x']], [['a', 1], 'b'], [null]] as unknown[]) {
    await expectMisuse(suite, 'VS-8', { ...named, call: () => create({ initial }), classes: TypeError, label: `initial ${JSON.stringify(initial)}` });
  }
  await expectMisuse(suite, 'VS-8', { ...named, call: () => create(5), classes: TypeError, label: 'create(5)' });
  for (const options of [undefined, {}, { maxVersions: 1 }, { initial: [] }, { initial: {} }]) {
    await expectAccepted(suite, 'VS-8', `create(${JSON.stringify(options)})`, () => create(options));
  }
});
