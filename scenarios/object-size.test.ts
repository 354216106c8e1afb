// Worked examples of object-size: the seed's sys.getsizeof / deep_getsizeof example by hand from
// the layout table, its lists-versus-numpy remark as arrays versus typed arrays, edge cases (a list
// 100,000 deep, the global object under a limit), and estimates against V8's measured heap growth.

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { objectSizeSpec } from '../spec/object-size.ts';
import { retainedBytes } from '../harness/heap.ts';

const suite = await systemSuite(objectSizeSpec);
const createObjectSizer = suite.implementation.default;

suite.check(['SIZE-2', 'SIZE-8'], "seed's obj = {'key': 'value', 'list': [1, 2, 3]}: shallow 40 bytes, deep 136", async () => {
  const sizer = createObjectSizer();
  const object = { key: 'value', list: [1, 2, 3] };
  // header 3 slots + 2 named slots = 40; 'value': 16 + 5 bytes → 24; list: 4 slots + store 2 + 3 slots = 72
  const [shallow, deep] = [await sizer.shallowSizeOf(object), await sizer.sizeOf(object)];
  suite.rule('SIZE-8', () => expect(shallow, 'sys.getsizeof: the object alone').toBe(40));
  suite.rule('SIZE-2', () => expect(deep, 'deep_getsizeof: 40 + 24 + 72').toBe(136));
});

suite.check(['SIZE-3', 'SIZE-4'], "seed's seen-set: a shared list and a self-reference are each counted once", async () => {
  const sizer = createObjectSizer();
  const list = [1, 2, 3];
  const twice = { first: list, second: list };
  const once = { first: list, second: null };
  const [twiceBytes, onceBytes] = [await sizer.sizeOf(twice), await sizer.sizeOf(once)];
  suite.rule('SIZE-3', () => expect(twiceBytes).toBe(onceBytes));
  const node: { value: number; next: unknown } = { value: 1, next: null };
  node.next = node;
  const cyclicBytes = await sizer.sizeOf(node);
  suite.rule('SIZE-4', () => expect(cyclicBytes, 'header 24 + 2 slots').toBe(40));
});

suite.check(['SIZE-1', 'SIZE-2', 'SIZE-5'], "seed's floats: boxed in a mixed list, 8 bytes in a double array, 4 in a Float32Array", async () => {
  const sizer = createObjectSizer();
  const count = 1_000;
  const doubles = Array.from({ length: count }, (_, index) => index + 0.5);
  const mixed: unknown[] = [...doubles, 'a string makes the store hold pointers'];
  const float32 = new Float32Array(count);
  const [doubleBytes, mixedBytes, float32Bytes] = [await sizer.sizeOf(doubles), await sizer.sizeOf(mixed), await sizer.sizeOf(float32)];
  suite.rule('SIZE-2', () => expect(doubleBytes, 'an unboxed double store').toBe(32 + 16 + 8 * count));
  suite.rule('SIZE-1', () => expect(mixedBytes - (32 + 16 + 8 * (count + 1)), 'a 16-byte heap number per float, plus the string').toBe(16 * count + 56));
  suite.rule('SIZE-5', () => expect(float32Bytes, 'view and buffer headers plus 4 bytes a float').toBe(64 + 64 + 4 * count));
});

suite.check('SIZE-1', 'strings: Latin-1 one byte a character, beyond it two, headers rounded to a slot', async () => {
  const sizer = createObjectSizer();
  const sizes = [await sizer.sizeOf(''), await sizer.sizeOf('hello'), await sizer.sizeOf('héllo'), await sizer.sizeOf('h€llo'), await sizer.sizeOf('😀')];
  suite.rule('SIZE-1', () => expect(sizes).toEqual([16, 24, 24, 32, 24]));
  const numbers = [await sizer.sizeOf(2 ** 31 - 1), await sizer.sizeOf(2 ** 31), await sizer.sizeOf(-0), await sizer.sizeOf(0.1), await sizer.sizeOf(2n ** 64n), await sizer.sizeOf(true)];
  suite.rule('SIZE-1', () => expect(numbers).toEqual([0, 16, 16, 16, 32, 0]));
});

suite.check('SIZE-9', 'a linked list 100,000 nodes deep is measured without overflowing the stack', async () => {
  let head: { value: number; next: unknown } | null = null;
  for (let index = 0; index < 100_000; index++) head = { value: index, next: head };
  const report = await createObjectSizer().measure(head);
  suite.rule('SIZE-9', () => expect(report).toEqual({ bytes: 100_000 * 40, objects: 100_000, complete: true }));
}, { timeoutMs: 60_000 });

suite.check(['SIZE-9', 'SIZE-10'], 'maxObjects stops a walk early; the global object is walked without running its getters', async () => {
  const records = Array.from({ length: 10_000 }, (_, index) => ({ index }));
  const capped = await createObjectSizer({ maxObjects: 5_000 }).measure(records);
  suite.rule('SIZE-9', () => expect([capped.complete, capped.objects, capped.bytes < 10_000 * 32]).toEqual([false, 5_000, true]));
  const small = await createObjectSizer({ maxObjects: 3 }).measure({ a: {}, b: {}, c: {}, d: {} });
  suite.rule('SIZE-9', () => expect([small.complete, small.objects, small.bytes]).toEqual([false, 3, 56 + 24 + 24]));
  const global = await createObjectSizer({ maxObjects: 5_000 }).measure(globalThis);
  suite.rule('SIZE-10', () => expect([global.objects <= 5_000, global.bytes > 0]).toEqual([true, true]));
});

suite.check('SIZE-11', 'with pointer compression (pointerBytes 4) every slot and header halves', async () => {
  const [wide, compressed] = [createObjectSizer({ pointerBytes: 8 }), createObjectSizer({ pointerBytes: 4 })];
  const value = { list: [1, 2, 3], nested: { deeper: {} } };
  const sizes = [await wide.sizeOf(value), await compressed.sizeOf(value)];
  suite.rule('SIZE-11', () => expect(sizes).toEqual([40 + 72 + 32 + 24, 20 + 36 + 16 + 12]));
  await expectMisuse(suite, 'SIZE-11', { call: () => createObjectSizer({ pointerBytes: 2 as 4 }), classes: RangeError, method: 'create', value: 2 });
});


const structureCount = 20_000;
const largeStructures: Record<string, () => unknown> = {
  'records with a name and a float': () => Array.from({ length: structureCount }, (_, index) => ({ id: index, name: `user-${index}`, score: index + 0.5 })),
  'a Map of strings to floats': () => new Map(Array.from({ length: structureCount }, (_, index) => [`key-${index}`, index * 1.5])),
  'a Set of integers': () => new Set(Array.from({ length: structureCount }, (_, index) => index)),
  'nested arrays': () => Array.from({ length: structureCount }, (_, index) => [index, [index, index + 1], { value: index }]),
  'a linked list': () => Array.from({ length: structureCount }).reduce<unknown>((next, _, index) => ({ value: index, next }), null),
  'strings built by templates': () => Array.from({ length: structureCount }, (_, index) => `string number ${index} with some text`),
  'Float64Arrays': () => Array.from({ length: 500 }, () => new Float64Array(1_000)),
};

suite.check('SIZE-12', 'for large structures the estimate is within a factor of 2 of V8\'s measured heap growth', async () => {
  const sizer = createObjectSizer();
  for (const [name, build] of Object.entries(largeStructures)) {
    const holder: { structure?: unknown } = {};
    const before = retainedBytes({ external: true });
    holder.structure = build();
    const grownBytes = retainedBytes({ external: true }) - before;
    const estimate = await sizer.sizeOf(holder.structure);
    holder.structure = undefined;
    suite.rule('SIZE-12', () => expect(estimate / grownBytes, `${name}: estimate ${estimate}, heap growth ${grownBytes}`).toBeGreaterThanOrEqual(0.5));
    suite.rule('SIZE-12', () => expect(estimate / grownBytes, `${name}: estimate ${estimate}, heap growth ${grownBytes}`).toBeLessThanOrEqual(2));
  }
}, { timeoutMs: 60_000 });
