// Performance gates of ttl-cache: a read-through get/set mix on a skewed key stream, ours against
// the lru-cache npm package with ttl. Both read the same driven clock (lru-cache through its perf
// option, ttlResolution 0 so it reads every time as ours does): time advances per operation, not
// per reading, so both caches see the same expiries whatever number of readings each one takes.

import { LRUCache as NpmLruCache } from 'lru-cache';
import type { Clock } from '../harness/clock.ts';
import { defineGates, type RatioGate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createTtlCache from '../impl/ttl-cache/index.ts';

const capacity = 10_000;
const keySpace = 20_000;
const streamLength = 100_000;
/** each operation moves the clock 10 µs: one pass of the stream is 1 s of cache time */
const stepMs = 0.01;
const ttlMs = 250;
/** 80% of accesses go to the hottest 20% of keys: hits, misses, evictions and expiries all occur */
const hotShare = 0.8;
const hotKeyCount = keySpace / 5;

interface Workload {
  readonly keys: readonly string[];
  /** the time-to-live each set gives its entry */
  readonly ttlsMs: Float64Array;
}

function workload(seed: number, mixedTtls: boolean): Workload {
  const random = seededUnit(seed);
  const keys: string[] = [];
  const ttlsMs = new Float64Array(streamLength);
  for (let index = 0; index < streamLength; index++) {
    const hot = random() < hotShare;
    const offset = Math.floor(random() * (hot ? hotKeyCount : keySpace - hotKeyCount));
    keys.push(`key:${hot ? offset : hotKeyCount + offset}`);
    ttlsMs[index] = mixedTtls ? [50, 250, 1000][Math.floor(random() * 3)] as number : ttlMs;
  }
  return { keys, ttlsMs };
}

/** the clock both caches read: the replay loop sets the time, readings never move it */
function drivenClock(): Clock & { nowMs: number } {
  return {
    nowMs: 0,
    now() {
      return this.nowMs;
    },
  };
}

// Each subject has its own copy of the replay loop, so neither loop's call sites go megamorphic.
function oursSubject({ keys, ttlsMs }: Workload): Subject {
  const clock = drivenClock();
  const cache = createTtlCache<string, number>({ capacity, ttlMs, clock });
  return {
    name: 'touchstone ttl-cache',
    workPerRun: keys.length,
    run() {
      let misses = 0;
      for (let index = 0; index < keys.length; index++) {
        clock.nowMs += stepMs;
        const key = keys[index] as string;
        if (cache.get(key) === undefined) {
          cache.set(key, index, { ttlMs: ttlsMs[index] as number });
          misses++;
        }
      }
      return misses;
    },
  };
}

function npmSubject({ keys, ttlsMs }: Workload): Subject {
  const clock = drivenClock();
  const cache = new NpmLruCache<string, number>({ max: capacity, ttl: ttlMs, ttlResolution: 0, perf: clock });
  return {
    name: 'lru-cache (npm) with ttl',
    workPerRun: keys.length,
    run() {
      let misses = 0;
      for (let index = 0; index < keys.length; index++) {
        clock.nowMs += stepMs;
        const key = keys[index] as string;
        if (cache.get(key) === undefined) {
          cache.set(key, index, { ttl: ttlsMs[index] as number });
          misses++;
        }
      }
      return misses;
    },
  };
}

// Measured near parity (0.9-1.1x). Ours does work lru-cache skips: it drops expired entries as
// soon as time passes them, so size and eviction are exact, where lru-cache leaves stale entries
// until they are read or evicted. The bound keeps ours within 30% of it, clear of timing noise.
const minRatio = 0.7;

function mixGate(name: string, stream: Workload): RatioGate {
  return { kind: 'ratio', name, unit: 'ops', minRatio, ours: oursSubject(stream), baseline: npmSubject(stream) };
}

export default defineGates('ttl-cache', () => [
  mixGate('get/set mix, one ttl', workload(20_261_121, false)),
  mixGate('get/set mix, per-entry ttls of 50, 250 and 1000 ms', workload(20_261_122, true)),
]);
