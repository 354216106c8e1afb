// Performance gate of latency-stats: a stream of samples into a full 1000-sample window, with a
// p99 read after every sample (a dashboard polling a hot path), ours against the seed's approach of
// sorting a copy of the window for each read. Both replay the same precomputed latencies.

import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createLatencyStats from '../impl/latency-stats.ts';

const windowSize = 1000;
const samplesPerRun = 2000;
/** the sorting peers do a tenth of the work per run, so a run stays short; throughput is per sample */
const peerSamplesPerRun = 200;

/** long-tailed latencies in ms: mostly a few ms, now and then hundreds */
function latencyStream(seed: number): Float64Array {
  const random = seededUnit(seed);
  const stream = new Float64Array(samplesPerRun);
  for (let index = 0; index < samplesPerRun; index++) stream[index] = Math.round(-Math.log(1 - random()) * 8 * 100) / 100;
  return stream;
}

const stream = latencyStream(20261121);

function oursSubject(): Subject {
  const stats = createLatencyStats({ windowSize });
  for (const latency of stream.subarray(0, windowSize)) stats.record(latency);
  return {
    name: 'touchstone latency-stats (sorted window)',
    workPerRun: samplesPerRun,
    run() {
      let total = 0;
      for (let index = 0; index < samplesPerRun; index++) {
        stats.record(stream[index] as number);
        total += stats.p99 as number;
      }
      return total;
    },
  };
}

/** The seed's SlidingWindowMetrics: a bounded window and sorted(window) on every read. */
function sortEachTimeSubject(): Subject {
  const window: number[] = Array.from(stream.subarray(0, windowSize));
  return {
    name: 'sort a copy of the window per read',
    workPerRun: peerSamplesPerRun,
    run() {
      let total = 0;
      for (let index = 0; index < peerSamplesPerRun; index++) {
        window.push(stream[index] as number);
        if (window.length > windowSize) window.shift();
        const sorted = [...window].sort((left, right) => left - right);
        total += sorted[Math.min(Math.floor((sorted.length * 99) / 100), sorted.length - 1)] as number;
      }
      return total;
    },
  };
}

/** The same, with a typed-array copy sorted numerically without a comparator: the fastest plain sort. */
function typedSortEachTimeSubject(): Subject {
  const window: number[] = Array.from(stream.subarray(0, windowSize));
  return {
    name: 'sort a Float64Array copy of the window per read',
    workPerRun: peerSamplesPerRun,
    run() {
      let total = 0;
      for (let index = 0; index < peerSamplesPerRun; index++) {
        window.push(stream[index] as number);
        if (window.length > windowSize) window.shift();
        const sorted = Float64Array.from(window).sort();
        total += sorted[Math.min(Math.floor((sorted.length * 99) / 100), sorted.length - 1)] as number;
      }
      return total;
    },
  };
}

export default defineGates('latency-stats', (): Gate[] => [
  {
    kind: 'ratio',
    name: 'record then p99, window of 1000',
    unit: 'samples',
    ours: oursSubject(),
    baseline: sortEachTimeSubject(),
    alongside: [typedSortEachTimeSubject()],
    minRatio: 20,
  },
]);
