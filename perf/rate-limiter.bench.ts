// Performance gates of rate-limiter: token-bucket decisions against the `limiter` package's
// TokenBucket (its synchronous tryRemoveTokens), on one hot key and spread over many keys. Ours
// reads a counter clock, so the gate measures decision cost, not the cost of reading real time.

import { TokenBucket } from 'limiter';
import type { Clock } from '../harness/clock.ts';
import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import createRateLimiter from '../impl/rate-limiter.ts';

const decisionsPerRun = 10_000;
const keyCount = 1_000;
const capacity = 10;
const refillPerSecond = 50_000;

/** A clock that moves 10 µs per reading: at 50 000 tokens/s about half the decisions are allowed. */
function counterClock(): Clock {
  let nowMs = 0;
  return { now: () => (nowMs += 0.01) };
}

/** The clock the limiter package reads inside every decision, for a like-for-like comparison. */
const performanceClock: Clock = { now: () => performance.now() };

function oneKeyOurs(clock: Clock = counterClock(), label = 'counter clock'): Subject {
  const limiter = createRateLimiter({ algorithm: 'token-bucket', capacity, refillPerSecond, clock });
  return {
    name: `rate-limiter token-bucket (one key, ${label})`,
    workPerRun: decisionsPerRun,
    run: () => {
      let allowed = 0;
      for (let index = 0; index < decisionsPerRun; index++) if (limiter.tryAcquire('user123').allowed) allowed++;
      return allowed;
    },
  };
}

function oneKeyLimiter(): Subject {
  const bucket = new TokenBucket({ bucketSize: capacity, tokensPerInterval: refillPerSecond, interval: 'second' });
  return {
    name: 'limiter TokenBucket.tryRemoveTokens (one key)',
    workPerRun: decisionsPerRun,
    run: () => {
      let allowed = 0;
      for (let index = 0; index < decisionsPerRun; index++) if (bucket.tryRemoveTokens(1)) allowed++;
      return allowed;
    },
  };
}

const keys = Array.from({ length: keyCount }, (_, index) => `client-${index}`);

function manyKeysOurs(): Subject {
  const limiter = createRateLimiter({ algorithm: 'token-bucket', capacity, refillPerSecond, clock: counterClock() });
  return {
    name: `rate-limiter token-bucket (${keyCount} keys)`,
    workPerRun: decisionsPerRun,
    run: () => {
      let allowed = 0;
      for (let index = 0; index < decisionsPerRun; index++) if (limiter.tryAcquire(keys[index % keyCount] as string).allowed) allowed++;
      return allowed;
    },
  };
}

/** The limiter package has no keys: one TokenBucket per key in a Map, created on first use. */
function manyKeysLimiter(): Subject {
  const buckets = new Map<string, TokenBucket>();
  const bucketOf = (key: string): TokenBucket => {
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket({ bucketSize: capacity, tokensPerInterval: refillPerSecond, interval: 'second' });
      buckets.set(key, bucket);
    }
    return bucket;
  };
  return {
    name: `limiter TokenBucket per key in a Map (${keyCount} keys)`,
    workPerRun: decisionsPerRun,
    run: () => {
      let allowed = 0;
      for (let index = 0; index < decisionsPerRun; index++) if (bucketOf(keys[index % keyCount] as string).tryRemoveTokens(1)) allowed++;
      return allowed;
    },
  };
}

export default defineGates('rate-limiter', (): Gate[] => [
  {
    kind: 'ratio',
    name: 'token bucket decisions, one key',
    unit: 'decisions',
    ours: oneKeyOurs(),
    baseline: oneKeyLimiter(),
    alongside: [oneKeyOurs(performanceClock, 'performance.now clock')],
    minRatio: 1.0,
  },
  {
    kind: 'ratio',
    name: 'token bucket decisions, many keys',
    unit: 'decisions',
    ours: manyKeysOurs(),
    baseline: manyKeysLimiter(),
    minRatio: 1.0,
  },
]);
