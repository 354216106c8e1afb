// Properties of object-size: estimates equal the spec's recursive layout model on generated values
// (trees, shared graphs, cycles, binary data, collections), plus the metamorphic laws (monotone,
// shared once, shallow within deep). A mismatch is blamed on the smallest wrong sub-value's rule.

import fc from 'fast-check';
import { expect } from 'vitest';
import { inspect as utilInspect, types } from 'node:util';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { layoutOf, ObjectSizeModel, objectSizeSpec, opaqueBytes, ownParts, type ObjectSizer } from '../spec/object-size.ts';
import { cornerProperties } from './object-size/corners.ts';
import { kindChecks } from './object-size/kinds.ts';
import { misuseChecks } from './object-size/misuse.ts';

const suite = await systemSuite(objectSizeSpec);
const createObjectSizer = suite.implementation.default;
type Rule = keyof typeof objectSizeSpec.rules;

const models = { 4: new ObjectSizeModel(4), 8: new ObjectSizeModel(8) } as const;
const pointerBytesArbitrary = fc.constantFrom<4 | 8>(4, 8);

const anythingArbitrary = fc.anything({
  maxDepth: 3, maxKeys: 4, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true,
  withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, stringUnit: 'binary',
});

const isThing = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'symbol' || typeof value === 'function' || (typeof value === 'object' && value !== null);
const childrenOf = (value: unknown, model: ObjectSizeModel): unknown[] =>
  typeof value === 'object' && value !== null ? ownParts(value, model.layout).children.map((child) => child.value).filter(isThing) : [];

/** every thing reachable from root, once, and the things reached more than once */
function graphOf(root: unknown, model: ObjectSizeModel): { nodes: unknown[]; shared: Set<unknown> } {
  const nodes: unknown[] = [];
  const seen = new Set<unknown>();
  const shared = new Set<unknown>();
  const stack = [root];
  for (let next = stack.pop(); stack.length > 0 || next !== undefined; next = stack.pop()) {
    if (!isThing(next)) continue;
    if (seen.has(next)) {
      shared.add(next);
      continue;
    }
    seen.add(next);
    nodes.push(next);
    stack.push(...childrenOf(next, model));
  }
  return { nodes, shared };
}

function reaches(from: unknown, target: unknown, model: ObjectSizeModel): boolean {
  return graphOf(from, model).nodes.some((node) => node !== from && childrenOf(node, model).includes(target)) || childrenOf(from, model).includes(target);
}

/** The rule to blame for a wrong estimate: that of the deepest wrong thing whose parts are all right. */
async function blame(root: unknown, sizer: ObjectSizer, model: ObjectSizeModel): Promise<Rule> {
  const { nodes } = graphOf(root, model);
  const wrong = new Set<unknown>();
  for (const node of nodes) if ((await sizer.sizeOf(node)) !== model.measure(node).bytes) wrong.add(node);
  for (const node of wrong) {
    if (typeof node !== 'object' || node === null) return typeof node === 'function' ? 'SIZE-6' : 'SIZE-1';
    if (childrenOf(node, model).some((child) => wrong.has(child))) continue;
    if (types.isAnyArrayBuffer(node) || ArrayBuffer.isView(node)) return 'SIZE-5';
    if (types.isMap(node) || types.isSet(node) || opaqueBytes(node, model.layout) !== undefined) return 'SIZE-6';
    if ((await sizer.shallowSizeOf(node)) !== model.shallowSizeOf(node)) return 'SIZE-2';
    if (reaches(node, node, model)) return 'SIZE-4';
    if (graphOf(node, model).shared.size > 0) return 'SIZE-3';
    return ownParts(node, model.layout).children.some((child) => typeof child.value === 'number' || typeof child.value === 'bigint') ? 'SIZE-1' : 'SIZE-2';
  }
  return 'SIZE-4';
}

/** sizeOf(value) must equal the model; a wrong answer or a throw is blamed by blame() */
async function expectModelSize(value: unknown, pointerBytes: 4 | 8, fallback: Rule): Promise<void> {
  const sizer = createObjectSizer({ pointerBytes });
  const model = models[pointerBytes];
  let actual: unknown;
  try {
    actual = await sizer.sizeOf(value);
  } catch (error) {
    suite.rule(fallback, () => expect.fail(`sizeOf threw ${String(error)}`));
  }
  const expected = model.measure(value).bytes;
  if (actual === expected) return;
  const rule = await blame(value, sizer, model);
  suite.rule(rule, () => expect(actual, `sizeOf at pointerBytes ${pointerBytes}`).toBe(expected));
}

suite.property(
  ['SIZE-1', 'SIZE-2', 'SIZE-5', 'SIZE-6', 'SIZE-11'],
  'sizeOf equals the layout model for any value, at pointerBytes 4 and 8',
  fc.asyncProperty(anythingArbitrary, pointerBytesArbitrary, async (value, pointerBytes) => {
    await expectModelSize(value, pointerBytes, 'SIZE-2');
  }),
);

/** holders {value} linked by named edges; forward-only edges make a DAG, any edges make cycles */
function linkedHolders(allowCycles: boolean) {
  return fc
    .tuple(fc.array(anythingArbitrary, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('a', 'b', 'c')), { maxLength: 10 }))
    .map(([values, edges]) => {
      const holders: Record<string, unknown>[] = values.map((value) => ({ value }));
      for (const [from, to, name] of edges) {
        const [source, target] = [from % holders.length, to % holders.length];
        if (allowCycles || source < target) (holders[source] as Record<string, unknown>)[name] = holders[target];
      }
      return holders;
    });
}

suite.property(
  'SIZE-3',
  'a shared thing is counted once: the model agrees on DAGs, and a second reference costs one slot',
  fc.asyncProperty(linkedHolders(false), anythingArbitrary.filter(isThing), pointerBytesArbitrary, async (holders, shared, pointerBytes) => {
    await expectModelSize(holders, pointerBytes, 'SIZE-3');
    const sizer = createObjectSizer({ pointerBytes });
    const [once, twice] = [await sizer.sizeOf({ first: shared }), await sizer.sizeOf({ first: shared, second: shared })];
    suite.rule('SIZE-3', () => expect(twice - once, 'a second reference to the same thing').toBe(pointerBytes));
  }),
);

suite.property(
  'SIZE-4',
  'a structure with cycles terminates, agrees with the model, and a self-reference costs one slot',
  fc.asyncProperty(linkedHolders(true), anythingArbitrary, pointerBytesArbitrary, async (holders, value, pointerBytes) => {
    await expectModelSize(holders, pointerBytes, 'SIZE-4');
    const sizer = createObjectSizer({ pointerBytes });
    const cyclic: Record<string, unknown> = { value, self: null };
    const acyclicBytes = await sizer.sizeOf(cyclic);
    cyclic.self = cyclic;
    let cyclicBytes: number | undefined;
    try {
      cyclicBytes = await sizer.sizeOf(cyclic);
    } catch (error) {
      suite.rule('SIZE-4', () => expect.fail(`measuring a self-reference threw ${String(error)}`));
    }
    suite.rule('SIZE-4', () => expect(cyclicBytes, 'self in place of null').toBe(acyclicBytes));
  }),
);

const typedArrayConstructors = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;

suite.property(
  'SIZE-5',
  'views cost a header plus their buffer by byteLength, and a buffer shared by views is counted once',
  fc.asyncProperty(fc.constantFrom(...typedArrayConstructors), fc.nat({ max: 4096 }), fc.nat({ max: 64 }), pointerBytesArbitrary, async (View, length, offset, pointerBytes) => {
    const sizer = createObjectSizer({ pointerBytes });
    const layout = layoutOf(pointerBytes);
    const view = new View(length + offset);
    const bufferBytes = layout.arrayBufferHeaderBytes + view.byteLength;
    const measured = [await sizer.sizeOf(view), await sizer.sizeOf(view.buffer), await sizer.sizeOf(new DataView(view.buffer))];
    suite.rule('SIZE-5', () => expect(measured, `${View.name}(${length + offset})`).toEqual([layout.viewHeaderBytes + bufferBytes, bufferBytes, layout.viewHeaderBytes + bufferBytes]));
    const part = view.subarray(offset);
    const both = await sizer.sizeOf([view, part, new DataView(view.buffer, 0)]);
    const expected = layout.arrayHeaderBytes + layout.elementsHeaderBytes + 3 * layout.slotBytes + 3 * layout.viewHeaderBytes + bufferBytes;
    suite.rule('SIZE-5', () => expect(both, 'three views of one buffer').toBe(expected));
  }),
);

suite.property(
  'SIZE-6',
  'Maps and Sets agree with the model; functions, promises, proxies and weak things cost a fixed header',
  fc.asyncProperty(fc.array(fc.tuple(anythingArbitrary, anythingArbitrary), { maxLength: 20 }), pointerBytesArbitrary, async (entries, pointerBytes) => {
    await expectModelSize(new Map(entries), pointerBytes, 'SIZE-6');
    await expectModelSize(new Set(entries.map(([key]) => key)), pointerBytes, 'SIZE-6');
    const sizer = createObjectSizer({ pointerBytes });
    const layout = layoutOf(pointerBytes);
    const payload = entries.map(([, value]) => value);
    const holder = Object.assign(() => payload, { payload });
    const weakMap = new WeakMap([[holder, payload]]);
    const fixed = [await sizer.sizeOf(holder), await sizer.sizeOf(Promise.resolve(payload)), await sizer.sizeOf(new Proxy(payload, {})), await sizer.sizeOf(weakMap), await sizer.sizeOf(new WeakRef(payload))];
    suite.rule('SIZE-6', () => expect(fixed).toEqual([layout.functionBytes, layout.promiseBytes, layout.opaqueBytes, layout.opaqueBytes, layout.opaqueBytes]));
  }),
);

/** the containers inside a value that can take one more property, element or entry */
function containersOf(root: unknown, model: ObjectSizeModel): object[] {
  return graphOf(root, model).nodes.filter((node): node is object =>
    typeof node === 'object' && node !== null && (Array.isArray(node) || types.isMap(node) || types.isSet(node) ||
      (Object.isExtensible(node) && !types.isBoxedPrimitive(node) && !ArrayBuffer.isView(node) && !types.isAnyArrayBuffer(node))));
}

/** adds under a fresh symbol, so nothing already there is replaced by something smaller */
function addTo(container: object, extra: unknown, index: number): void {
  const key = Symbol(`added ${index}`);
  if (Array.isArray(container)) container.push(extra);
  else if (types.isMap(container)) (container as Map<unknown, unknown>).set(key, extra);
  else if (types.isSet(container)) (container as Set<unknown>).add(extra);
  else (container as Record<symbol, unknown>)[key] = extra;
}

suite.property(
  'SIZE-7',
  'adding a property, element or entry anywhere in a structure never lowers its estimate',
  fc.asyncProperty(anythingArbitrary.filter((value) => typeof value === 'object' && value !== null), fc.array(fc.tuple(fc.nat(), fc.oneof(anythingArbitrary, fc.nat())), { minLength: 1, maxLength: 5 }), async (root, additions) => {
    const sizer = createObjectSizer();
    let previous = await sizer.sizeOf(root);
    for (const [index, [pick, extra]] of additions.entries()) {
      const containers = containersOf(root, models[8]);
      if (containers.length === 0) return;
      // a number extra means: reference something already inside the structure
      const nodes = graphOf(root, models[8]).nodes;
      const value = typeof extra === 'number' ? nodes[extra % nodes.length] : extra;
      const container = containers[pick % containers.length] as object;
      addTo(container, value, index);
      const next = await sizer.sizeOf(root);
      suite.rule('SIZE-7', () => expect(next, `after adding to ${Array.isArray(container) ? 'an array' : typeof container}`).toBeGreaterThanOrEqual(previous));
      previous = next;
    }
  }),
);

suite.property(
  'SIZE-8',
  'shallowSizeOf is the model\'s own cells, at most sizeOf, and equal to it for a leaf',
  fc.asyncProperty(anythingArbitrary, pointerBytesArbitrary, async (value, pointerBytes) => {
    const sizer = createObjectSizer({ pointerBytes });
    const model = models[pointerBytes];
    const [shallow, deep] = [await sizer.shallowSizeOf(value), await sizer.sizeOf(value)];
    suite.rule('SIZE-8', () => expect(shallow, 'shallowSizeOf').toBe(model.shallowSizeOf(value)));
    suite.rule('SIZE-8', () => expect(shallow).toBeLessThanOrEqual(deep));
    // a leaf: nothing it references costs anything (no strings, heap numbers, objects...)
    const isLeaf = model.measure(value).bytes === model.shallowSizeOf(value);
    if (isLeaf) suite.rule('SIZE-8', () => expect(shallow, 'a leaf').toBe(deep));
  }),
);

suite.property(
  'SIZE-9',
  'measure reports sizeOf and the things counted, and stops at maxObjects with complete false',
  fc.asyncProperty(linkedHolders(true), fc.nat(), async (holders, pick) => {
    const full = models[8].measure(holders);
    const report = await createObjectSizer().measure(holders);
    const sized = await createObjectSizer().sizeOf(holders);
    suite.rule('SIZE-9', () => expect({ bytes: report.bytes, objects: report.objects, complete: report.complete }).toEqual({ ...full, bytes: sized }));
    const maxObjects = 1 + (pick % Math.max(1, full.objects - 1));
    if (maxObjects >= full.objects) return;
    const capped = await createObjectSizer({ maxObjects }).measure(holders);
    suite.rule('SIZE-9', () => {
      expect(capped.complete, `maxObjects ${maxObjects} of ${full.objects}`).toBe(false);
      expect(capped.objects).toBeLessThanOrEqual(maxObjects);
      expect(capped.bytes).toBeLessThanOrEqual(full.bytes);
    });
  }),
);

/** values that run code when touched the usual ways; while armed, each records the call and throws */
function hostileValues(calls: string[], armed: { on: boolean }): unknown[] {
  const trap = (name: string) => (): never => {
    if (!armed.on) return undefined as never; // the test's own inspect() touches them too
    calls.push(name);
    throw new Error(`${name} ran`);
  };
  const proxyHandler = Object.fromEntries(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply'].map((name) => [name, trap(`proxy ${name}`)]));
  class SneakyMap extends Map<string, number> {
    override entries = trap('Map entries');
    override get size(): number {
      return trap('Map size')();
    }
  }
  class SneakyBytes extends Uint8Array {
    override get buffer(): ArrayBuffer {
      return trap('buffer getter')();
    }
  }
  const array = [1, 2, 3];
  Object.defineProperty(array, Symbol.iterator, { value: trap('array iterator') });
  return [
    Object.defineProperty({}, 'lazy', { get: trap('getter'), enumerable: true }),
    new Proxy({ big: 'x'.repeat(100) }, proxyHandler),
    { toString: trap('toString'), valueOf: trap('valueOf'), [Symbol.toPrimitive]: trap('toPrimitive'), toJSON: trap('toJSON') },
    array,
    new SneakyMap([['a', 1]]),
    new SneakyBytes(8),
  ];
}

suite.property(
  'SIZE-10',
  'measuring runs no getter, proxy trap, conversion or iterator, and leaves the value as it was',
  fc.asyncProperty(anythingArbitrary, fc.nat(), async (value, pick) => {
    const calls: string[] = [];
    const armed = { on: false };
    const hostile = hostileValues(calls, armed);
    const root = { value, hostile: hostile[pick % hostile.length], all: hostile };
    const before = inspect(root);
    const sizer = createObjectSizer();
    armed.on = true;
    try {
      await sizer.sizeOf(root);
      await sizer.shallowSizeOf(root.hostile);
      await sizer.measure(root.all);
    } catch (error) {
      calls.push(`threw ${String(error)}`);
    } finally {
      armed.on = false;
    }
    suite.rule('SIZE-10', () => expect(calls, 'user code that ran').toEqual([]));
    suite.rule('SIZE-10', () => expect(inspect(root), 'the value after measuring').toBe(before));
  }),
  { runsFactor: 0.5 },
);

function inspect(value: unknown): string {
  return utilInspect(value, { depth: Infinity, showHidden: true, showProxy: true, getters: false, maxArrayLength: Infinity, maxStringLength: Infinity });
}

suite.check('SIZE-11', 'pointerBytes other than 4 or 8 and a bad maxObjects are RangeErrors naming object-size', async () => {
  const create = createObjectSizer as (options?: unknown) => ObjectSizer;
  for (const options of [{ pointerBytes: 2 }, { pointerBytes: 16 }, { pointerBytes: '8' }, { pointerBytes: Number.NaN }, { maxObjects: 0 }, { maxObjects: -1 }, { maxObjects: 1.5 }, { maxObjects: Infinity }, { maxObjects: '10' }]) {
    await expectMisuse(suite, 'SIZE-11', { call: () => create(options), classes: RangeError, method: 'create', value: Object.values(options)[0], label: `create(${JSON.stringify(options)})` });
  }
  const sizers = [await create(), await create({}), await create({ pointerBytes: 4 }), await create({ pointerBytes: 8, maxObjects: 1 })];
  const pointerBytes = await Promise.all(sizers.map((sizer) => sizer.pointerBytes));
  suite.rule('SIZE-11', () => expect(pointerBytes).toEqual([8, 8, 4, 8]));
});

suite.property(
  'SIZE-11',
  'every slot and header scales with pointerBytes: objects of n small integers cost 3 + n slots',
  fc.asyncProperty(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 12 }), pointerBytesArbitrary, async (values, pointerBytes) => {
    const object = Object.fromEntries(values.map((value, index) => [`p${index}`, value]));
    const array = [...values];
    const sizer = createObjectSizer({ pointerBytes });
    const measured = [await sizer.sizeOf(object), await sizer.sizeOf(array)];
    const elements = values.length === 0 ? 0 : (2 + values.length) * pointerBytes;
    suite.rule('SIZE-11', () => expect(measured).toEqual([(3 + values.length) * pointerBytes, 4 * pointerBytes + elements]));
  }),
);

cornerProperties(suite, createObjectSizer);
kindChecks(suite, createObjectSizer);
misuseChecks(suite, createObjectSizer);
