// Performance gates of lru-cache: a read-through get/set mix on a skewed key stream, ours
// against the lru-cache npm package (the gate) with mnemonist's LRUCache reported beside it.
// Every subject replays the same precomputed stream, so only the cache itself is measured.

import { LRUCache as NpmLruCache } from 'lru-cache';
import { LRUCache as MnemonistLruCache } from 'mnemonist';
import createLruCache from '../impl/lru-cache.ts';
import { defineGates, type RatioGate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';

const capacity = 10_000;
const keySpace = 20_000;
const streamLength = 100_000;
/** 80% of accesses go to the hottest 20% of keys, so the stream has both hits and evictions */
const hotShare = 0.8;
const hotKeyCount = keySpace / 5;

function keyIndexStream(seed: number): Int32Array {
  const random = seededUnit(seed);
  const stream = new Int32Array(streamLength);
  for (let index = 0; index < streamLength; index++) {
    const hot = random() < hotShare;
    const offset = Math.floor(random() * (hot ? hotKeyCount : keySpace - hotKeyCount));
    stream[index] = hot ? offset : hotKeyCount + offset;
  }
  return stream;
}

// Each subject has its own copy of the replay loop: one loop shared by three cache classes
// would make its get and set calls megamorphic and measure V8's inline caches instead.
function oursSubject<K>(keys: readonly K[]): Subject {
  const cache = createLruCache<K, number>({ capacity });
  return {
    name: 'touchstone lru-cache',
    workPerRun: keys.length,
    run() {
      let misses = 0;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as K;
        if (cache.get(key) === undefined) {
          cache.set(key, index);
          misses++;
        }
      }
      return misses;
    },
  };
}

function npmSubject<K extends NonNullable<unknown>>(keys: readonly K[]): Subject {
  const cache = new NpmLruCache<K, number>({ max: capacity });
  return {
    name: 'lru-cache (npm)',
    workPerRun: keys.length,
    run() {
      let misses = 0;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as K;
        if (cache.get(key) === undefined) {
          cache.set(key, index);
          misses++;
        }
      }
      return misses;
    },
  };
}

function mnemonistSubject<K>(keys: readonly K[]): Subject {
  const cache = new MnemonistLruCache<K, number>(capacity);
  return {
    name: 'mnemonist LRUCache',
    workPerRun: keys.length,
    run() {
      let misses = 0;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as K;
        if (cache.get(key) === undefined) {
          cache.set(key, index);
          misses++;
        }
      }
      return misses;
    },
  };
}

function mixGate<K extends NonNullable<unknown>>(name: string, keys: readonly K[]): RatioGate {
  return {
    kind: 'ratio',
    name,
    unit: 'ops',
    minRatio: 1.0,
    ours: oursSubject(keys),
    baseline: npmSubject(keys),
    alongside: [mnemonistSubject(keys)],
  };
}

export default defineGates('lru-cache', async () => {
  const stream = keyIndexStream(20_240_601);
  const integerKeys = Array.from(stream);
  const stringKeys = integerKeys.map((index) => `key:${index}`);
  return [mixGate('get/set mix, integer keys', integerKeys), mixGate('get/set mix, string keys', stringKeys)];
});
