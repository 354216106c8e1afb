// The models the checker ships: a register with read/write/compare-and-set (Jepsen's etcd test),
// a string map with get/put/append (Jepsen's kv test), a map with set/get/delete (kv-wal) and a
// FIFO queue. Each is the plainest sequential code; the map models partition per key.

import { hashPrimitive, hashString, illegal, unknownOutput, type Model } from './model.ts';

export type RegisterValue = number | string | null;
export type RegisterInput =
  | { readonly kind: 'read' }
  | { readonly kind: 'write'; readonly value: RegisterValue }
  | { readonly kind: 'cas'; readonly expected: RegisterValue; readonly value: RegisterValue };
/** read: the value read; write: 'ok'; cas: whether it swapped */
export type RegisterOutput = { readonly value: RegisterValue } | 'ok' | { readonly swapped: boolean };

/** A register that starts at null (never written). */
export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',
  init: () => null,
  step(state, input, output) {
    const unknown = output === unknownOutput;
    switch (input.kind) {
      case 'read':
        return unknown || (typeof output === 'object' && 'value' in output && output.value === state) ? state : illegal;
      case 'write':
        return input.value;
      case 'cas': {
        const swaps = input.expected === state;
        if (!unknown && !(typeof output === 'object' && 'swapped' in output && output.swapped === swaps)) return illegal;
        return swaps ? input.value : state;
      }
    }
  },
  hash: hashPrimitive,
  equal: (left, right) => left === right,
  describeInput: (input) =>
    input.kind === 'read' ? 'read()' : input.kind === 'write' ? `write(${String(input.value)})` : `cas(${String(input.expected)}, ${String(input.value)})`,
  describeOutput: (output) => (output === 'ok' ? 'ok' : 'value' in output ? String(output.value) : output.swapped ? 'swapped' : 'failed'),
  describeState: (state) => String(state),
};

/** The state of a map model: the keys written, immutable (each step copies). */
export type MapState = ReadonlyMap<string, string>;

function hashMap(state: MapState): number {
  let hash = state.size;
  // a sum of entry hashes, so the order the keys were written in does not matter
  for (const [key, value] of state) hash = (hash + Math.imul(hashString(key), 31) + hashString(value)) | 0;
  return hash;
}

function equalMaps(left: MapState, right: MapState): boolean {
  if (left.size !== right.size) return false;
  for (const [key, value] of left) if (right.get(key) !== value) return false;
  return true;
}

function withEntry(state: MapState, key: string, value: string | undefined): MapState {
  const copy = new Map(state);
  if (value === undefined) copy.delete(key);
  else copy.set(key, value);
  return copy;
}

const describeMap = (state: MapState): string => JSON.stringify(Object.fromEntries(state));

export type AppendMapInput =
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'put' | 'append'; readonly key: string; readonly value: string };
/** get: the key's whole string ('' when missing); put and append: 'ok' */
export type AppendMapOutput = { readonly value: string } | 'ok';

/** Jepsen's kv test: get returns '' for a missing key, append concatenates. */
export const appendMapModel: Model<MapState, AppendMapInput, AppendMapOutput> = {
  name: 'append map',
  init: () => new Map(),
  step(state, input, output) {
    const current = state.get(input.key) ?? '';
    if (input.kind === 'get') return output === unknownOutput || (output !== 'ok' && output.value === current) ? state : illegal;
    return withEntry(state, input.key, input.kind === 'put' ? input.value : current + input.value);
  },
  hash: hashMap,
  equal: equalMaps,
  partitionKey: (input) => input.key,
  describeInput: (input) => (input.kind === 'get' ? `get(${input.key})` : `${input.kind}(${input.key}, ${JSON.stringify(input.value)})`),
  describeOutput: (output) => (output === 'ok' ? 'ok' : JSON.stringify(output.value)),
  describeState: describeMap,
};

export type KeyValueInput =
  | { readonly kind: 'get' | 'delete'; readonly key: string }
  | { readonly kind: 'set'; readonly key: string; readonly value: string };
/** get: the value, or undefined when the key is missing; set: 'ok'; delete: whether the key existed */
export type KeyValueOutput = { readonly value: string | undefined } | 'ok' | { readonly existed: boolean };

/** A map with set/get/delete, where a missing key reads as undefined (kv-wal's per-key contract). */
export const keyValueModel: Model<MapState, KeyValueInput, KeyValueOutput> = {
  name: 'key-value map',
  init: () => new Map(),
  step(state, input, output) {
    const unknown = output === unknownOutput;
    const current = state.get(input.key);
    switch (input.kind) {
      case 'get':
        return unknown || (typeof output === 'object' && 'value' in output && output.value === current) ? state : illegal;
      case 'set':
        return withEntry(state, input.key, input.value);
      case 'delete':
        if (!unknown && !(typeof output === 'object' && 'existed' in output && output.existed === (current !== undefined))) return illegal;
        return current === undefined ? state : withEntry(state, input.key, undefined);
    }
  },
  hash: hashMap,
  equal: equalMaps,
  partitionKey: (input) => input.key,
  describeInput: (input) => (input.kind === 'set' ? `set(${input.key}, ${JSON.stringify(input.value)})` : `${input.kind}(${input.key})`),
  describeOutput: (output) =>
    output === 'ok' ? 'ok' : 'value' in output ? (output.value === undefined ? 'missing' : JSON.stringify(output.value)) : output.existed ? 'deleted' : 'missing',
  describeState: describeMap,
};

export type QueueValue = number | string;
export type QueueInput = { readonly kind: 'enqueue'; readonly value: QueueValue } | { readonly kind: 'dequeue' };
/** enqueue: 'ok' (or 'full' for a bounded queue that refused); dequeue: the value, or 'empty' */
export type QueueOutput = 'ok' | 'full' | 'empty' | { readonly value: QueueValue };

/** A FIFO queue; with a capacity, an enqueue on a full queue returns 'full' and changes nothing. */
export function queueModel(capacity = Infinity): Model<readonly QueueValue[], QueueInput, QueueOutput> {
  return {
    name: capacity === Infinity ? 'queue' : `queue of capacity ${capacity}`,
    init: () => [],
    step(state, input, output) {
      const unknown = output === unknownOutput;
      if (input.kind === 'enqueue') {
        const full = state.length >= capacity;
        if (!unknown && output !== (full ? 'full' : 'ok')) return illegal;
        return full ? state : [...state, input.value];
      }
      if (state.length === 0) return unknown || output === 'empty' ? state : illegal;
      if (!unknown && !(typeof output === 'object' && output.value === state[0])) return illegal;
      return state.slice(1);
    },
    hash(state) {
      let hash = state.length;
      for (const value of state) hash = (Math.imul(hash, 31) + hashPrimitive(value)) | 0;
      return hash;
    },
    equal: (left, right) => left.length === right.length && left.every((value, index) => value === right[index]),
    describeInput: (input) => (input.kind === 'enqueue' ? `enqueue(${JSON.stringify(input.value)})` : 'dequeue()'),
    describeOutput: (output) => (typeof output === 'string' ? output : JSON.stringify(output.value)),
    describeState: (state) => JSON.stringify(state),
  };
}
