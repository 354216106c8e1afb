// Object-size at its corners and at scale: objects carrying symbol-keyed properties (enumerable
// and not) and keys that look like indexes or Object.prototype names; numbers at the edges of a
// small integer for both pointer sizes; accessors of every kind that must never run; thousands of
// elements, entries and keys, past the hash tables' growth steps; and maxObjects at exactly the
// number of things beside one fewer.

import fc from 'fast-check';
import { expect } from 'vitest';
import { aroundLimits, keyString, largeArray, unicodeString, withSymbolKeys } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { defaultMaxObjects, ObjectSizeModel, type objectSizeSpec } from '../../spec/object-size.ts';

type SizeSuite = Suite<typeof objectSizeSpec>;
type Create = SizeSuite['implementation']['default'];

const models = { 4: new ObjectSizeModel(4), 8: new ObjectSizeModel(8) } as const;
const pointerBytes = fc.constantFrom<4 | 8>(4, 8);

/** keys an elements store holds or must not: canonical indexes, lookalikes, the last index and one past it */
const indexLikeKeys = ['0', '1', '01', '-0', '-1', '1.5', '1e3', '4294967294', '4294967295', '9007199254740993', ' 1'];
/** either side of a small integer, for 31-bit (pointerBytes 4) and 32-bit (8) Smis, and -0, NaN */
const edgeNumbers = [2 ** 30 - 1, 2 ** 30, -(2 ** 30), -(2 ** 30) - 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, -0, Number.NaN, 0.5, 1e300];
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...edgeNumbers, 0, 1, '', '\u00ff', '\u0100', 'e\u0301', '😀', null, undefined, true, 0n, 2n ** 64n, -(2n ** 63n)),
  unicodeString({ maxLength: 5 }),
  fc.integer(),
);
const key = fc.oneof(keyString({ unicodeMaxLength: 3 }), fc.constantFrom(...indexLikeKeys));

/** objects and arrays, nested, every one of them with symbol-keyed properties (enumerable or not) */
export const symbolKeyed: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: withSymbolKeys(fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries) as object)),
  array: withSymbolKeys(fc.array(tie('value'), { maxLength: 4 })),
})).value;

async function expectModel(suite: SizeSuite, create: Create, value: unknown, bytesPerPointer: 4 | 8, label: string): Promise<void> {
  const sizer = await create({ pointerBytes: bytesPerPointer });
  const model = models[bytesPerPointer];
  const [deep, shallow, report] = [await sizer.sizeOf(value), await sizer.shallowSizeOf(value), await sizer.measure(value)];
  const expected = model.measure(value);
  suite.rule('SIZE-2', () => expect(deep, `${label}: sizeOf at pointerBytes ${bytesPerPointer}`).toBe(expected.bytes));
  suite.rule('SIZE-8', () => expect(shallow, `${label}: shallowSizeOf`).toBe(model.shallowSizeOf(value)));
  suite.rule('SIZE-9', () => expect({ ...report }, `${label}: measure`).toEqual(expected));
}

/** every accessor kind a walker could trip over: each records that it ran */
function accessorHolders(ran: string[]): object[] {
  const trap = (name: string) => (): never => {
    ran.push(name);
    throw new Error(`${name} ran`);
  };
  const indexed: unknown[] = [1, 2];
  Object.defineProperty(indexed, 0, { get: trap('index getter'), enumerable: true });
  class WithGetter {
    declare readonly own: unknown;
    constructor() {
      Object.defineProperty(this, 'own', { get: trap('instance getter'), enumerable: false });
    }
  }
  return [
    Object.defineProperty({ plain: 1 }, 'hidden', { get: trap('non-enumerable getter'), enumerable: false }),
    Object.defineProperty({}, Symbol('lazy'), { get: trap('symbol getter'), enumerable: true }),
    Object.defineProperty({}, Symbol('hidden'), { get: trap('hidden symbol getter'), enumerable: false }),
    Object.defineProperty({}, 'writeOnly', { set: trap('setter'), enumerable: true }),
    indexed,
    new WithGetter(),
  ];
}

export function cornerProperties(suite: SizeSuite, create: Create): void {
  suite.property(
    ['SIZE-2', 'SIZE-8', 'SIZE-9'],
    'objects with symbol keys, index-like and prototype-named keys and edge numbers agree with the model',
    fc.asyncProperty(symbolKeyed, pointerBytes, async (value, bytesPerPointer) => {
      await expectModel(suite, create, value, bytesPerPointer, 'symbol-keyed value');
      // a symbol used as a key in two places is one thing: the second use costs only a slot
      const shared = Symbol('shared');
      const twice = [{ [shared]: 1 }, { [shared]: 2 }];
      await expectModel(suite, create, [value, twice], bytesPerPointer, 'a shared symbol key');
    }),
  );

  suite.property(
    'SIZE-10',
    'no accessor runs, whatever its key (symbol or string, hidden or not, index) or kind (getter, setter)',
    fc.asyncProperty(symbolKeyed, fc.nat(), async (value, pick) => {
      const ran: string[] = [];
      const holders = accessorHolders(ran);
      const sizer = await create();
      let failure: unknown;
      try {
        await sizer.sizeOf({ value, holders });
        await sizer.shallowSizeOf(holders[pick % holders.length]);
        await sizer.measure(holders);
      } catch (error) {
        failure = error;
      }
      suite.rule('SIZE-10', () => expect({ ran, failure }).toEqual({ ran: [], failure: undefined }));
      await expectModel(suite, create, holders[pick % holders.length], 8, 'an accessor holder');
    }),
    { runsFactor: 0.5 },
  );

  suite.property(
    ['SIZE-2', 'SIZE-3', 'SIZE-6', 'SIZE-9'],
    'thousands of elements, entries and keys, with shared things among them, agree with the model',
    fc.asyncProperty(largeArray(leaf), fc.constantFrom('array', 'object', 'map', 'set', 'chain'), pointerBytes, async (leaves, shape, bytesPerPointer) => {
      const sharedThing = { shared: leaves.slice(0, 3) };
      const items = leaves.map((item, index) => (index % 97 === 0 ? sharedThing : item));
      let value: unknown;
      if (shape === 'array') value = items;
      else if (shape === 'object') value = Object.fromEntries(items.map((item, index) => [`k${index}`, item]));
      else if (shape === 'map') value = new Map(items.map((item, index) => [index % 5 === 0 ? `k${index}` : index, item]));
      else if (shape === 'set') value = new Set(items);
      else value = items.slice(0, 1_500).reduce<unknown>((next, item) => ({ item, next }), null); // the model recurses
      await expectModel(suite, create, value, bytesPerPointer, `${shape} of ${items.length}`);
    }),
    { runsMax: 10 },
  );

  suite.property(
    'SIZE-9',
    'maxObjects equal to the number of things completes the walk; one fewer does not',
    fc.asyncProperty(symbolKeyed, aroundLimits({ maximum: 0 }), async (value, boundary) => {
      const full = models[8].measure(value);
      // boundary 0 and -1 (accepted): maxObjects is the count or one more; +1: one fewer than the count
      const maxObjects = full.objects - boundary.value;
      if (maxObjects < 1) return;
      const sizer = await create({ maxObjects });
      const report = await sizer.measure(value);
      const fields = [await sizer.maxObjects, await sizer.pointerBytes];
      suite.rule('SIZE-9', () => {
        if (boundary.accepted) expect({ ...report }, `maxObjects ${maxObjects} for ${full.objects} things`).toEqual(full);
        else {
          expect(report.complete, `maxObjects ${maxObjects} for ${full.objects} things`).toBe(false);
          expect(report.objects).toBe(maxObjects);
          expect(report.bytes).toBeLessThanOrEqual(full.bytes);
        }
      });
      const defaults = await create();
      const defaultFields = [await defaults.maxObjects, await defaults.pointerBytes];
      suite.rule('SIZE-11', () => expect([...fields, ...defaultFields]).toEqual([maxObjects, 8, defaultMaxObjects, 8]));
    }),
    { runsFactor: 0.5 },
  );
}
