// Reference object-size: the spec's layout table applied by an iterative walk over an explicit
// stack (a linked list a million deep does not overflow the call stack), with separate seen-sets
// for identities and string contents, and no per-object arrays of children.

import { types } from 'node:util';
import {
  bigintBytes, defaultMaxObjects, hashTableBytes, intrinsics, isIndexKey, isSmallInteger, layoutOf, opaqueBytes,
  stringBytes, unboxed, type CreateObjectSizer, type Layout, type ObjectSizeOptions, type ObjectSizer, type SizeReport,
} from '../spec/object-size.ts';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'bigint' ? `${value}n` : String(value);
}

/** One measurement: the running total, what was seen, and the things still to visit. */
class Walk {
  bytes = 0;
  complete = true;
  readonly #identities = new Set<object | symbol>();
  readonly #strings = new Set<string>();
  readonly #pending: (object | symbol)[] = [];

  constructor(
    readonly layout: Layout,
    readonly maxObjects: number,
  ) {}

  get objects(): number {
    return this.#identities.size + this.#strings.size;
  }

  /** true when the thing is new and the budget allows counting it */
  #admit(): boolean {
    if (this.#identities.size + this.#strings.size < this.maxObjects) return true;
    this.complete = false;
    return false;
  }

  /** Counts a primitive at once; queues an object or symbol not seen before. */
  add(value: unknown): void {
    switch (typeof value) {
      case 'number':
        if (!isSmallInteger(value, this.layout)) this.bytes += this.layout.heapNumberBytes;
        return;
      case 'string':
        if (this.#strings.has(value) || !this.#admit()) return;
        this.#strings.add(value);
        this.bytes += stringBytes(value, this.layout);
        return;
      case 'bigint':
        this.bytes += bigintBytes(value, this.layout);
        return;
      case 'symbol':
      case 'function':
      case 'object':
        if (value === null || this.#identities.has(value) || !this.#admit()) return;
        this.#identities.add(value);
        this.#pending.push(value);
        return;
      default:
    }
  }

  run(root: unknown): void {
    this.add(root);
    for (let next = this.#pending.pop(); next !== undefined; next = this.#pending.pop()) {
      if (typeof next === 'symbol') {
        this.bytes += this.layout.symbolBytes;
        this.add(intrinsics.call(intrinsics.symbolDescription, next));
      } else {
        // visitObject adds what the object references to this.bytes, so read the total after it
        const ownBytes = visitObject(next, this);
        this.bytes += ownBytes;
      }
    }
  }
}

/** Adds an object's referenced things to the walk and returns its own cells' bytes. */
function visitObject(object: object, walk: Walk): number {
  const layout = walk.layout;
  // arrays first (after proxies, which Array.isArray sees through): they are most of most structures
  if (!types.isProxy(object) && Array.isArray(object)) return visitOrdinary(object, layout, walk);
  const opaque = opaqueBytes(object, layout);
  if (opaque !== undefined) return opaque;
  if (!isSpecial(object)) return visitOrdinary(object, layout, walk);
  if (types.isArrayBuffer(object)) return layout.arrayBufferHeaderBytes + (intrinsics.call(intrinsics.arrayBufferBytes, object) as number);
  if (types.isSharedArrayBuffer(object)) return layout.arrayBufferHeaderBytes + (intrinsics.call(intrinsics.sharedBufferBytes, object) as number);
  if (types.isTypedArray(object)) {
    walk.add(intrinsics.call(intrinsics.typedArrayBuffer, object));
    return layout.viewHeaderBytes;
  }
  if (types.isDataView(object)) {
    walk.add(intrinsics.call(intrinsics.dataViewBuffer, object));
    return layout.viewHeaderBytes;
  }
  if (types.isMap(object)) {
    let count = 0;
    for (const [key, value] of intrinsics.call(intrinsics.mapEntries, object)) {
      count++;
      walk.add(key);
      walk.add(value);
    }
    return layout.collectionHeaderBytes + hashTableBytes(count, 3, layout);
  }
  if (types.isSet(object)) {
    for (const member of intrinsics.call(intrinsics.setValues, object)) walk.add(member);
    return layout.collectionHeaderBytes + hashTableBytes(intrinsics.call(intrinsics.setSize, object) as number, 2, layout);
  }
  if (types.isDate(object)) return layout.dateBytes;
  if (types.isRegExp(object)) {
    walk.add(intrinsics.call(intrinsics.regExpSource, object));
    return layout.regExpBytes;
  }
  walk.add(unboxed(object)); // the one special kind left: a boxed primitive
  return layout.wrapperBytes;
}

/** one native check for every kind with its own layout, so plain objects take the short path */
function isSpecial(object: object): boolean {
  return types.isAnyArrayBuffer(object) || ArrayBuffer.isView(object) || types.isMap(object) || types.isSet(object) ||
    types.isDate(object) || types.isRegExp(object) || types.isBoxedPrimitive(object);
}

/** a cheap first test: an index key starts with a digit, so most names are rejected at once */
function mayBeIndex(key: string): boolean {
  const first = key.charCodeAt(0) - 48;
  return first >= 0 && first <= 9;
}

function visitOrdinary(object: object, layout: Layout, walk: Walk): number {
  const isArray = Array.isArray(object);
  const keys = Reflect.ownKeys(object);
  let named = 0;
  let indexed = 0;
  let allNumbers = true;
  let anyBoxable = false;
  let boxedBytes = 0; // what the indexed numbers cost if the store turns out not to hold doubles
  for (const key of keys) {
    const isIndex = typeof key === 'string' && mayBeIndex(key) && isIndexKey(key);
    if (isIndex) indexed++;
    else if (isArray && key === 'length') continue;
    else named++;
    if (typeof key === 'symbol') walk.add(key);
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key) as PropertyDescriptor;
    if (!('value' in descriptor)) {
      if (isIndex) allNumbers = false;
      walk.add(descriptor.get);
      walk.add(descriptor.set);
      continue;
    }
    const value: unknown = descriptor.value;
    if (!isIndex || typeof value !== 'number') {
      if (isIndex) allNumbers = false;
      walk.add(value);
    } else if (!isSmallInteger(value, layout)) {
      anyBoxable = true;
      boxedBytes += layout.heapNumberBytes;
    }
  }
  const doubleStore = indexed > 0 && allNumbers && anyBoxable;
  if (!doubleStore) walk.bytes += boxedBytes;
  const elementBytes = doubleStore ? layout.doubleBytes : layout.slotBytes;
  return (isArray ? layout.arrayHeaderBytes : layout.objectHeaderBytes) + layout.slotBytes * named +
    (indexed === 0 ? 0 : layout.elementsHeaderBytes + elementBytes * indexed);
}

function readOptions(options: unknown): { pointerBytes: 4 | 8; maxObjects: number } {
  if (options === undefined) return { pointerBytes: 8, maxObjects: defaultMaxObjects };
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`object-size.create: expected an options object, got ${describe(options)}`);
  }
  const { pointerBytes = 8, maxObjects = defaultMaxObjects } = options as ObjectSizeOptions;
  if (pointerBytes !== 4 && pointerBytes !== 8) {
    throw new RangeError(`object-size.create: expected pointerBytes to be 4 or 8, got ${describe(pointerBytes)}`);
  }
  if (typeof maxObjects !== 'number' || !Number.isSafeInteger(maxObjects) || maxObjects < 1) {
    throw new RangeError(`object-size.create: expected maxObjects to be a positive safe integer, got ${describe(maxObjects)}`);
  }
  return { pointerBytes, maxObjects };
}

class WalkingObjectSizer implements ObjectSizer {
  readonly pointerBytes: 4 | 8;
  readonly maxObjects: number;
  readonly #layout: Layout;

  constructor(options: unknown) {
    ({ pointerBytes: this.pointerBytes, maxObjects: this.maxObjects } = readOptions(options));
    this.#layout = layoutOf(this.pointerBytes);
  }

  measure(value: unknown): SizeReport {
    const walk = new Walk(this.#layout, this.maxObjects);
    walk.run(value);
    return { bytes: walk.bytes, objects: walk.objects, complete: walk.complete };
  }

  sizeOf(value: unknown): number {
    return this.measure(value).bytes;
  }

  shallowSizeOf(value: unknown): number {
    if (typeof value === 'symbol') return this.#layout.symbolBytes;
    if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return this.sizeOf(value);
    // a throwaway walk takes the referenced things; only the object's own cells are returned
    return visitObject(value, new Walk(this.#layout, this.maxObjects));
  }
}

const createObjectSizer: CreateObjectSizer = (options?: ObjectSizeOptions) => new WalkingObjectSizer(options);
export default createObjectSizer;
