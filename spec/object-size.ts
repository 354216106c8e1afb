// object-size: a deep size estimate of a JS value, in bytes, from a stated model of V8's heap
// layout (headers, pointer slots, string bytes, hash tables, backing stores). The model below is
// a plain recursion with a seen-set, the seed's deep_getsizeof transcribed onto that layout.

import { types } from 'node:util';
import { defineSpec } from '../harness/spec.ts';

export interface ObjectSizeOptions {
  /** bytes per tagged slot: 8 for a 64-bit V8 (Node's default), 4 with pointer compression */
  readonly pointerBytes?: 4 | 8;
  /** the most distinct things (objects, strings, symbols, buffers) one measurement visits */
  readonly maxObjects?: number;
}

export interface SizeReport {
  /** the estimate: the whole deep size when complete, otherwise a lower bound */
  readonly bytes: number;
  /** distinct things counted: objects, functions, symbols, array buffers and distinct strings */
  readonly objects: number;
  /** false when the value holds more than maxObjects things and the walk stopped early */
  readonly complete: boolean;
}

export interface ObjectSizer {
  readonly pointerBytes: 4 | 8;
  readonly maxObjects: number;
  /** deep size: the value and everything it references, each thing counted once (the seed's deep_getsizeof) */
  sizeOf(value: unknown): number;
  /** the value's own cells, without what it references (the seed's sys.getsizeof) */
  shallowSizeOf(value: unknown): number;
  /** sizeOf with the count of things visited and whether the walk finished */
  measure(value: unknown): SizeReport;
}

export type CreateObjectSizer = (options?: ObjectSizeOptions) => ObjectSizer;

export interface ObjectSizeModule {
  readonly default: CreateObjectSizer;
}

export const defaultMaxObjects = 10_000_000;

export const objectSizeSpec = defineSpec({
  id: 'object-size',
  title: 'Deep object size estimate',
  rules: {
    'SIZE-1': 'undefined, null, booleans and small integers cost 0; other numbers a heap number; a string its header plus one byte per character (two when any exceeds U+00FF), rounded up to a slot; a bigint a header plus 8 bytes per 64-bit digit; a symbol a header plus its description.',
    'SIZE-2': 'An ordinary object or array costs its header, one slot per own named property and an elements store for its indexed properties (unboxed 8-byte doubles when they are all numbers and not all small integers), plus the size of each property value; prototypes are not counted.',
    'SIZE-3': 'A thing reachable more than once (object, symbol, array buffer, or equal string contents) is counted once per measurement, so each further reference costs only its slot.',
    'SIZE-4': 'A structure that reaches itself is measured and counted once: cycles terminate.',
    'SIZE-5': 'A typed array or DataView costs a view header plus its ArrayBuffer, which costs a header plus its byteLength, counted once however many views share it.',
    'SIZE-6': 'A Map or Set costs its header and a hash table sized for its entries, plus its keys and values; a RegExp a fixed header plus its source string; functions, promises, proxies, weak collections and WeakRefs cost a fixed header and are not walked.',
    'SIZE-7': 'Adding a property, element or entry to a structure never lowers its estimate.',
    'SIZE-8': 'shallowSizeOf is the value\'s own cells: at most sizeOf, equal to it for a leaf, and the part of sizeOf not owed to referenced things.',
    'SIZE-9': 'measure reports sizeOf\'s bytes and the number of distinct things counted, at any nesting depth; it counts at most maxObjects things, and when the value holds more, complete is false and bytes is a lower bound.',
    'SIZE-10': 'Measuring runs no user code (no getters, proxy traps, toString or iterators) and leaves the value unchanged.',
    'SIZE-11': 'pointerBytes other than 4 or 8, or a maxObjects that is not a positive safe integer, is a RangeError, and options that are not an object a TypeError, each "object-size.create: expected ..., got <value>"; every slot and header scales with pointerBytes.',
    'SIZE-12': 'For a large structure of one shape, the estimate is within a factor of 2 of the heap growth V8 reports for building it (process.memoryUsage after a full GC).',
  },
  exports: ['default'],
  smoke(module: ObjectSizeModule) {
    return module.default().sizeOf({ name: 'Alice', tags: ['a', 'b'] });
  },
});

/**
 * The layout table: V8's object sizes in a 64-bit heap, counted in slots of pointerBytes.
 *
 * What the estimate is: the bytes V8 allocates for the value's own heap objects (headers, property
 * slots, elements stores, hash tables, flat strings, heap numbers) plus array-buffer backing
 * stores, each thing once. What it is not: hidden classes, descriptor arrays and property-name
 * strings (shared by every object of a shape), prototypes, closures and code, private class
 * fields (invisible to reflection), allocator slack and fragmentation. So it relates to V8's own
 * statistics as a lower-level count: process.memoryUsage().heapUsed + external grows, after a full
 * GC, by about the estimate when a structure is built (SIZE-12 holds it to a factor of 2; on the
 * uniform structures of the scenarios it lands within 1-35%), while v8.getHeapStatistics and heap
 * snapshots also see everything the estimate leaves out. Cons and sliced strings are costed flat.
 */
export interface Layout {
  readonly slotBytes: number;
  readonly objectHeaderBytes: number;
  readonly arrayHeaderBytes: number;
  readonly elementsHeaderBytes: number;
  readonly doubleBytes: number;
  readonly heapNumberBytes: number;
  readonly stringHeaderBytes: number;
  readonly bigintHeaderBytes: number;
  readonly symbolBytes: number;
  readonly functionBytes: number;
  readonly promiseBytes: number;
  readonly opaqueBytes: number;
  readonly collectionHeaderBytes: number;
  readonly hashTableHeaderBytes: number;
  readonly arrayBufferHeaderBytes: number;
  readonly viewHeaderBytes: number;
  readonly dateBytes: number;
  readonly regExpBytes: number;
  readonly wrapperBytes: number;
  /** a Smi (small integer stored in the slot itself) is a 32-bit integer, 31-bit when compressed */
  readonly smiBits: number;
}

export function layoutOf(pointerBytes: 4 | 8): Layout {
  const slot = pointerBytes;
  return {
    slotBytes: slot,
    objectHeaderBytes: 3 * slot, // map, properties, elements
    arrayHeaderBytes: 4 * slot, // ... and length
    elementsHeaderBytes: 2 * slot, // map, length of the FixedArray
    doubleBytes: 8, // an unboxed double in a double elements store
    heapNumberBytes: slot + 8, // map and the float64
    stringHeaderBytes: slot + 8, // map, hash field, length
    bigintHeaderBytes: 2 * slot, // map, bitfield (padded)
    symbolBytes: 3 * slot, // map, hash, description
    functionBytes: 8 * slot, // map, properties, elements, shared info, context, feedback, code, prototype
    promiseBytes: 5 * slot,
    opaqueBytes: 4 * slot, // proxy, WeakMap, WeakSet, WeakRef, FinalizationRegistry
    collectionHeaderBytes: 4 * slot, // map, properties, elements, table
    hashTableHeaderBytes: 3 * slot, // map, length, element and deleted counts
    arrayBufferHeaderBytes: 8 * slot,
    viewHeaderBytes: 8 * slot, // buffer, byte offset, byte length, length, data pointers
    dateBytes: 12 * slot, // the time value and its cached fields
    regExpBytes: 7 * slot, // data, source, flags, lastIndex
    wrapperBytes: 4 * slot, // a boxed primitive: the header and its value
    smiBits: pointerBytes === 8 ? 32 : 31,
  };
}

export function isSmallInteger(value: number, layout: Layout): boolean {
  const limit = 2 ** (layout.smiBits - 1);
  return Number.isInteger(value) && !Object.is(value, -0) && value >= -limit && value < limit;
}

export function roundUp(bytes: number, multiple: number): number {
  return Math.ceil(bytes / multiple) * multiple;
}

/** A flat sequential string: one byte per UTF-16 unit when all fit in Latin-1, else two. */
export function stringBytes(text: string, layout: Layout): number {
  // eslint-disable-next-line no-control-regex -- the Latin-1 range is exactly what is asked
  const unitBytes = /[^\u0000-\u00ff]/.test(text) ? 2 : 1;
  return roundUp(layout.stringHeaderBytes + unitBytes * text.length, layout.slotBytes);
}

export function bigintBytes(value: bigint, layout: Layout): number {
  const magnitude = value < 0n ? -value : value;
  const digits = magnitude === 0n ? 0 : Math.ceil(magnitude.toString(16).length / 16);
  return layout.bigintHeaderBytes + 8 * digits;
}

/** V8's ordered hash tables: capacity a power of two (at least 4), two entries per bucket. */
export function hashTableBytes(entryCount: number, slotsPerEntry: number, layout: Layout): number {
  let capacity = 4;
  while (capacity < entryCount) capacity *= 2;
  return layout.hashTableHeaderBytes + layout.slotBytes * (capacity / 2 + slotsPerEntry * capacity);
}

/** "0" … "4294967294": the keys that live in an elements store rather than as named properties */
export function isIndexKey(key: string | symbol): boolean {
  if (typeof key !== 'string') return false;
  const index = Number(key);
  return String(index) === key && Number.isInteger(index) && index >= 0 && index < 2 ** 32 - 1;
}

// Built-in getters taken once, so measuring never reaches a getter a user redefined.
function intrinsicGetter(prototype: object, name: string): (this: unknown) => unknown {
  const getter = Object.getOwnPropertyDescriptor(prototype, name)?.get;
  if (getter === undefined) throw new Error(`object-size: no built-in getter ${name}`);
  return getter;
}
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
export const intrinsics = {
  mapSize: intrinsicGetter(Map.prototype, 'size'),
  mapEntries: Map.prototype.entries as (this: unknown) => IterableIterator<[unknown, unknown]>,
  setSize: intrinsicGetter(Set.prototype, 'size'),
  setValues: Set.prototype.values as (this: unknown) => IterableIterator<unknown>,
  arrayBufferBytes: intrinsicGetter(ArrayBuffer.prototype, 'byteLength'),
  sharedBufferBytes: intrinsicGetter(SharedArrayBuffer.prototype, 'byteLength'),
  typedArrayBuffer: intrinsicGetter(typedArrayPrototype, 'buffer'),
  dataViewBuffer: intrinsicGetter(DataView.prototype, 'buffer'),
  regExpSource: intrinsicGetter(RegExp.prototype, 'source'),
  symbolDescription: intrinsicGetter(Symbol.prototype, 'description'),
  call: <T>(method: (this: unknown) => T, target: unknown): T => Reflect.apply(method, target, []) as T,
};

/** The primitive inside a boxed primitive (new String("x"), Object(1n), ...), read without valueOf. */
export function unboxed(box: object): unknown {
  for (const [test, prototype] of [
    [types.isStringObject, String.prototype], [types.isNumberObject, Number.prototype],
    [types.isBooleanObject, Boolean.prototype], [types.isBigIntObject, BigInt.prototype],
    [types.isSymbolObject, Symbol.prototype],
  ] as const) {
    if (test(box)) return Reflect.apply((prototype as { valueOf: () => unknown }).valueOf, box, []);
  }
  return undefined;
}

/** Objects costing a fixed size and never walked: their contents are unreachable or not theirs. */
export function opaqueBytes(value: object, layout: Layout): number | undefined {
  if (types.isProxy(value)) return layout.opaqueBytes;
  if (typeof value === 'function') return layout.functionBytes;
  if (types.isPromise(value)) return layout.promiseBytes;
  if (types.isWeakMap(value) || types.isWeakSet(value)) return layout.opaqueBytes;
  if (value instanceof WeakRef || value instanceof FinalizationRegistry) return layout.opaqueBytes;
  return undefined;
}

interface Child {
  readonly value: unknown;
  /** a number in a double elements store is an unboxed float64 and costs nothing more */
  readonly unboxed: boolean;
}

/** An object's own cells and what they reference: the one place the layout table is applied. */
export function ownParts(object: object, layout: Layout): { shallowBytes: number; children: Child[] } {
  const child = (value: unknown): Child => ({ value, unboxed: false });
  const opaque = opaqueBytes(object, layout);
  if (opaque !== undefined) return { shallowBytes: opaque, children: [] };
  if (types.isArrayBuffer(object)) return { shallowBytes: layout.arrayBufferHeaderBytes + (intrinsics.call(intrinsics.arrayBufferBytes, object) as number), children: [] };
  if (types.isSharedArrayBuffer(object)) return { shallowBytes: layout.arrayBufferHeaderBytes + (intrinsics.call(intrinsics.sharedBufferBytes, object) as number), children: [] };
  if (types.isTypedArray(object)) return { shallowBytes: layout.viewHeaderBytes, children: [child(intrinsics.call(intrinsics.typedArrayBuffer, object))] };
  if (types.isDataView(object)) return { shallowBytes: layout.viewHeaderBytes, children: [child(intrinsics.call(intrinsics.dataViewBuffer, object))] };
  if (types.isMap(object)) {
    const entries = [...intrinsics.call(intrinsics.mapEntries, object)];
    return { shallowBytes: layout.collectionHeaderBytes + hashTableBytes(entries.length, 3, layout), children: entries.flat().map(child) };
  }
  if (types.isSet(object)) {
    const members = [...intrinsics.call(intrinsics.setValues, object)];
    return { shallowBytes: layout.collectionHeaderBytes + hashTableBytes(members.length, 2, layout), children: members.map(child) };
  }
  if (types.isDate(object)) return { shallowBytes: layout.dateBytes, children: [] };
  if (types.isRegExp(object)) return { shallowBytes: layout.regExpBytes, children: [child(intrinsics.call(intrinsics.regExpSource, object))] };
  if (types.isBoxedPrimitive(object)) return { shallowBytes: layout.wrapperBytes, children: [child(unboxed(object))] };
  return ordinaryParts(object, layout);
}

/** Plain objects, arrays, class instances, errors: header, named slots, an elements store. */
function ordinaryParts(object: object, layout: Layout): { shallowBytes: number; children: Child[] } {
  const isArray = Array.isArray(object);
  const keys = Reflect.ownKeys(object).filter((key) => !(isArray && key === 'length'));
  const descriptors = keys.map((key) => ({ key, descriptor: Reflect.getOwnPropertyDescriptor(object, key) as PropertyDescriptor }));
  const indexed = descriptors.filter(({ key }) => isIndexKey(key));
  const named = descriptors.filter(({ key }) => !isIndexKey(key));
  const isNumber = ({ descriptor }: (typeof indexed)[number]) => 'value' in descriptor && typeof descriptor.value === 'number';
  const doubleStore = indexed.length > 0 && indexed.every(isNumber) &&
    indexed.some(({ descriptor }) => !isSmallInteger(descriptor.value as number, layout));
  const elementBytes = doubleStore ? layout.doubleBytes : layout.slotBytes;
  const shallowBytes = (isArray ? layout.arrayHeaderBytes : layout.objectHeaderBytes) + layout.slotBytes * named.length +
    (indexed.length === 0 ? 0 : layout.elementsHeaderBytes + elementBytes * indexed.length);
  const children: Child[] = [];
  for (const { key, descriptor } of descriptors) {
    if (typeof key === 'symbol') children.push({ value: key, unboxed: false });
    if ('value' in descriptor) children.push({ value: descriptor.value, unboxed: doubleStore && isIndexKey(key) });
    else children.push({ value: descriptor.get, unboxed: false }, { value: descriptor.set, unboxed: false });
  }
  return { shallowBytes, children };
}

/** The executable model: the seed's deep_getsizeof on the layout table, recursive, one seen-set. */
export class ObjectSizeModel {
  readonly layout: Layout;

  constructor(readonly pointerBytes: 4 | 8 = 8, readonly maxObjects: number = defaultMaxObjects) {
    this.layout = layoutOf(pointerBytes);
  }

  shallowSizeOf(value: unknown): number {
    if (typeof value === 'symbol') return this.layout.symbolBytes;
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') return ownParts(value, this.layout).shallowBytes;
    return this.measure(value).bytes;
  }

  measure(root: unknown): SizeReport {
    const layout = this.layout;
    // objects and symbols by identity, strings by content: a Set compares exactly so
    const seen = new Set<unknown>();
    let complete = true;
    const firstVisit = (thing: unknown): boolean => {
      if (seen.has(thing)) return false;
      if (seen.size >= this.maxObjects) {
        complete = false;
        return false;
      }
      seen.add(thing);
      return true;
    };
    const sizeOf = (value: unknown, unboxed = false): number => {
      if (typeof value === 'number') return unboxed || isSmallInteger(value, layout) ? 0 : layout.heapNumberBytes;
      if (typeof value === 'bigint') return bigintBytes(value, layout);
      if (typeof value === 'string') return firstVisit(value) ? stringBytes(value, layout) : 0;
      if (typeof value === 'symbol') {
        return firstVisit(value) ? layout.symbolBytes + sizeOf(intrinsics.call(intrinsics.symbolDescription, value)) : 0;
      }
      if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return 0;
      if (!firstVisit(value)) return 0;
      const { shallowBytes, children } = ownParts(value, layout);
      return children.reduce((total, child) => total + sizeOf(child.value, child.unboxed), shallowBytes);
    };
    const bytes = sizeOf(root);
    return { bytes, objects: seen.size, complete };
  }
}
