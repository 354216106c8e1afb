// Performance gates of dedupe-stream: a stream of 100 000 strings, half of them repeats, deduped
// by ours (hash option = the string itself) against a hand-written loop over a Set of strings,
// the seed's own approach. The default JSON key and the bounded recent mode are reported beside it.

import createDedupeStream from '../impl/dedupe-stream.ts';
import { defineGates, type Subject } from '../harness/perf.ts';
import { seededUint32 } from '../harness/random.ts';

const streamLength = 100_000;
const distinctCount = 50_000;

function documentStream(seed: number): string[] {
  const next = seededUint32(seed);
  return Array.from({ length: streamLength }, () => `document-${next() % distinctCount}`);
}

function setOfStrings(items: readonly string[]): Subject {
  return {
    name: 'Set of strings loop',
    workPerRun: items.length,
    run() {
      const seen = new Set<string>();
      let kept = 0;
      for (const item of items) {
        if (seen.has(item)) continue;
        seen.add(item);
        kept++;
      }
      return kept;
    },
  };
}

function ours(items: readonly string[], name: string, options: Parameters<typeof createDedupeStream<string>>[0]): Subject {
  return {
    name,
    workPerRun: items.length,
    run() {
      const deduper = createDedupeStream<string>(options);
      let kept = 0;
      for (const item of deduper.dedupe(items)) if (item.length > 0) kept++;
      return kept;
    },
  };
}

export default defineGates('dedupe-stream', () => {
  const items = documentStream(20_261_121);
  const identity = (item: string): string => item;
  return [
    {
      kind: 'ratio',
      name: 'dedupe 100k strings, half repeats',
      unit: 'items',
      minRatio: 0.35,
      ours: ours(items, 'touchstone dedupe-stream (hash = identity)', { hash: identity }),
      baseline: setOfStrings(items),
      alongside: [
        ours(items, 'touchstone dedupe-stream (default JSON key)', undefined),
        ours(items, 'touchstone dedupe-stream (recent mode, 10 000 hashes)', { hash: identity, mode: 'recent', maxHashes: 10_000 }),
      ],
    },
  ];
});
