// Worked examples of versioned-store: the seed's ImmutableDataStructure and SnapshotIterator step
// by step, edge cases a property rarely reaches (empty store, a single retained version, large
// stores read while rewritten), misuse messages, and the heap growth of copy-on-write versions.

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { versionedStoreSpec } from '../spec/versioned-store.ts';
import { retainedBytes } from '../harness/heap.ts';

const suite = await systemSuite(versionedStoreSpec);
const createVersionedStore = suite.implementation.default;

suite.check(['VS-1', 'VS-3'], "seed's ImmutableDataStructure: set makes versions 1 and 2, snapshot(0) is the original", async () => {
  const data = createVersionedStore<string | number>({ initial: { name: 'Alice', age: 30 } });
  const first = await data.set('age', 31); // creates a new version
  const second = await data.set('city', 'NYC');
  const version = await data.version;
  suite.rule('VS-1', () => expect([first, second, version]).toEqual([1, 2, 2]));
  const original = await data.snapshot(0);
  const asMap = await original.toMap();
  suite.rule('VS-3', () => expect([...asMap]).toEqual([['age', 30], ['name', 'Alice']]));
  const latest = await data.snapshot();
  const latestState = [await latest.get('age'), await latest.get('city'), await latest.size];
  suite.rule('VS-3', () => expect(latestState).toEqual([31, 'NYC', 3]));
});

suite.check(['VS-5', 'VS-6'], "seed's SnapshotIterator(data, version=1) prints age = 31, name = Alice", async () => {
  const data = createVersionedStore<string | number>({ initial: { name: 'Alice', age: 30 } });
  await data.set('age', 31);
  await data.set('city', 'NYC');
  const printed: string[] = [];
  for (const [key, value] of await data.entries(1)) {
    printed.push(`${key} = ${value}`);
    await data.set(key, 'overwritten while iterating');
  }
  suite.rule('VS-5', () => expect(printed).toEqual(['age = 31', 'name = Alice']));
  const now = [...(await data.keys())];
  suite.rule('VS-6', () => expect(now).toEqual(['age', 'city', 'name']));
});

suite.check(['VS-1', 'VS-2', 'VS-3'], 'an empty store: version 0 is empty and a delete of a missing key is still a version', async () => {
  const store = createVersionedStore<number>();
  const empty = [[...(await store.entries(0))], await store.size, await store.get('missing'), await store.has('missing')];
  suite.rule('VS-3', () => expect(empty).toEqual([[], 0, undefined, false]));
  const deleted = await store.delete('missing');
  const version = await store.version;
  suite.rule('VS-1', () => expect([deleted, version]).toEqual([1, 1]));
  const afterDelete = await store.snapshot(1);
  const afterDeleteState = [await afterDelete.size, [...afterDelete]];
  suite.rule('VS-3', () => expect(afterDeleteState).toEqual([0, []]));
  await store.set('', 0);
  const emptyKey = [await store.get(''), await store.has(''), await store.size];
  suite.rule('VS-2', () => expect(emptyKey).toEqual([0, true, 1]));
});

suite.check('VS-7', 'maxVersions 1 keeps only the latest version, and an old snapshot still reads', async () => {
  const store = createVersionedStore<number>({ maxVersions: 1, initial: [['a', 1]] });
  const original = await store.snapshot(0);
  for (let value = 2; value <= 5; value++) await store.set('a', value);
  suite.rule('VS-7', () => expect([store.version, store.oldestVersion]).toEqual([4, 4]));
  await expectMisuse(suite, 'VS-7', { call: () => store.snapshot(3), classes: RangeError, format: 'system named' });
  suite.rule('VS-7', () => expect([original.version, original.get('a'), [...original]]).toEqual([0, 1, [['a', 1]]]));
});

suite.check(['VS-2', 'VS-6'], '20,000 keys given in ascending order, then 1,000 more, read back and iterate in order', async () => {
  const keyOf = (index: number) => `key-${String(index).padStart(6, '0')}`;
  const initialCount = 20_000;
  const keyCount = initialCount + 1_000;
  // sorted input is the worst case for a search tree that does not rebalance
  const store = createVersionedStore<number>({ initial: Array.from({ length: initialCount }, (_, index): [string, number] => [keyOf(index), index]) });
  for (let index = initialCount; index < keyCount; index++) await store.set(keyOf(index), index);
  const probes = [0, 1, initialCount, keyCount - 1].map(keyOf);
  const values: (number | undefined)[] = [];
  for (const key of probes) values.push(await store.get(key));
  const size = await store.size;
  suite.rule('VS-2', () => expect([values, size]).toEqual([[0, 1, initialCount, keyCount - 1], keyCount]));
  const keys = [...(await store.keys())];
  suite.rule('VS-6', () => expect(keys.every((key, index) => key === keyOf(index)) && keys.length === keyCount).toBe(true));
});

suite.check('VS-5', 'an iterator over 5,000 entries sees none of the rewrites, deletes and inserts made while it runs', async () => {
  const initial = Array.from({ length: 5_000 }, (_, index): [string, number] => [`k${index}`, index]);
  const store = createVersionedStore<number>({ initial });
  const seen = new Map<string, number>();
  let step = 0;
  for (const [key, value] of await store.entries()) {
    seen.set(key, value);
    if (step % 3 === 0) await store.set(key, -1);
    if (step % 3 === 1) await store.delete(`k${(step * 7) % 5_000}`);
    if (step % 3 === 2) await store.set(`k${step}-new`, step);
    step++;
  }
  suite.rule('VS-5', () => expect([seen.size, [...seen].every(([key, value]) => key === `k${value}`)]).toEqual([5_000, true]));
});

suite.check('VS-8', 'misuse messages name the method, what was expected and what came', async () => {
  const store = createVersionedStore<number>();
  await store.set('a', 1);
  const loose = store as unknown as { set(key: unknown, value: unknown): unknown; snapshot(version: unknown): unknown };
  await expectMisuse(suite, 'VS-8', { call: () => loose.set(1, 1), classes: TypeError, method: 'set', value: 1, mentions: /^versioned-store\.set: expected a string key, got 1$/ });
  await expectMisuse(suite, 'VS-8', { call: () => loose.snapshot(2), classes: RangeError, method: 'snapshot', value: 2, mentions: /got 2$/ });
  await expectMisuse(suite, 'VS-8', { call: () => loose.snapshot(-1), classes: RangeError, method: 'snapshot', value: -1, mentions: /got -1$/ });
  suite.rule('VS-8', () => expect([store.version, store.get('a')]).toEqual([1, 1]));
});


suite.check(['VS-3', 'VS-9'], 'on a 10,000-key store, 100 writes retain under 16 KiB each (a copied Map would be ~500 KiB)', async () => {
  const keyCount = 10_000;
  const writes = 100;
  const store = createVersionedStore<number>({ initial: Array.from({ length: keyCount }, (_, index): [string, number] => [`key-${index}`, index]) });
  const before = retainedBytes();
  for (let write = 0; write < writes; write++) {
    const key = `key-${(write * 7_919) % keyCount}`;
    if (write % 4 === 3) await store.delete(key);
    else await store.set(write % 4 === 2 ? `new-${write}` : key, -(write + 1));
  }
  const perWriteBytes = (retainedBytes() - before) / writes;
  suite.rule('VS-9', () => expect(perWriteBytes, 'bytes retained per write').toBeLessThan(16 * 1024));
  // the versions are all still there: sharing, not forgetting
  const [original, latest] = [await store.snapshot(0), await store.snapshot()];
  const state = [await original.size, await original.get('key-0'), await latest.get('key-0')];
  suite.rule('VS-3', () => expect(state).toEqual([keyCount, 0, -1]));
}, { timeoutMs: 60_000 });
