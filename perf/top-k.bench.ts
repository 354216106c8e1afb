// Performance gates of top-k: the k best of 100 000 scored documents, ours (a bounded heap)
// against the peer SYSTEMS.md names, a stable sort of the whole list then a slice. The streaming
// top-k is gated the same way, fed one document at a time.

import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createStreamingTopK, { topK } from '../impl/top-k.ts';

interface ScoredDocument {
  readonly id: number;
  readonly score: number;
}

const documentCount = 100_000;
const scoreOf = (document: ScoredDocument): number => document.score;

function documentsOf(seed: number): ScoredDocument[] {
  const random = seededUnit(seed);
  // three decimals, so equal scores occur and the tie rule is exercised too
  return Array.from({ length: documentCount }, (_, id) => ({ id, score: Math.round(random() * 1000) / 1000 }));
}

/** the peer: decorate with position, sort by descending score (stable), slice */
function sortThenSlice(documents: readonly ScoredDocument[], k: number): Subject {
  return {
    name: `sort then slice (k=${k})`,
    workPerRun: documents.length,
    run: () =>
      documents
        .map((document, position) => ({ document, position, score: document.score }))
        .sort((left, right) => right.score - left.score || left.position - right.position)
        .slice(0, k),
  };
}

function oursTopK(documents: readonly ScoredDocument[], k: number): Subject {
  return { name: `topK (k=${k})`, workPerRun: documents.length, run: () => topK(documents, k, scoreOf) };
}

function oursStreaming(documents: readonly ScoredDocument[], k: number): Subject {
  return {
    name: `streaming top-k add + top (k=${k})`,
    workPerRun: documents.length,
    run: () => {
      const stream = createStreamingTopK<ScoredDocument>({ k });
      for (const document of documents) stream.add(document, document.score);
      return stream.top();
    },
  };
}

export default defineGates('top-k', (): Gate[] => {
  const documents = documentsOf(20_261_121);
  return [
    { kind: 'ratio', name: 'top 10 of 100 000', unit: 'items', ours: oursTopK(documents, 10), baseline: sortThenSlice(documents, 10), minRatio: 20 },
    { kind: 'ratio', name: 'top 1000 of 100 000', unit: 'items', ours: oursTopK(documents, 1000), baseline: sortThenSlice(documents, 1000), minRatio: 8 },
    { kind: 'ratio', name: 'streaming top 10 of 100 000', unit: 'items', ours: oursStreaming(documents, 10), baseline: sortThenSlice(documents, 10), minRatio: 20 },
  ];
});
