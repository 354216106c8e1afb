// Performance gates of score-thresholds: classifying 10 000 scores, ours (binary search) against
// the peer SYSTEMS.md names, a linear scan that stops at the first threshold above the score.
// A seed-sized table of 3 thresholds is measured too, where a scan is expected to keep up.

import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createScoreThresholds from '../impl/score-thresholds.ts';

const scoreCount = 10_000;

function tableOf(bandCount: number): { thresholds: number[]; labels: string[] } {
  const thresholds = Array.from({ length: bandCount - 1 }, (_, index) => (index + 1) / bandCount);
  return { thresholds, labels: Array.from({ length: bandCount }, (_, index) => `band-${index}`) };
}

function scoresOf(seed: number): Float64Array {
  const random = seededUnit(seed);
  return Float64Array.from({ length: scoreCount }, () => random());
}

function binarySearchSubject(bandCount: number, scores: Float64Array): Subject {
  const classifier = createScoreThresholds(tableOf(bandCount));
  return {
    name: `score-thresholds classify (${bandCount} bands)`,
    workPerRun: scores.length,
    run: () => {
      let characters = 0;
      for (let index = 0; index < scores.length; index++) characters += classifier.classify(scores[index] as number).length;
      return characters;
    },
  };
}

/** the peer: count thresholds <= score, stopping at the first one above it */
function linearScanSubject(bandCount: number, scores: Float64Array): Subject {
  const { thresholds, labels } = tableOf(bandCount);
  const classify = (score: number): string => {
    let index = 0;
    while (index < thresholds.length && (thresholds[index] as number) <= score) index++;
    return labels[index] as string;
  };
  return {
    name: `linear scan (${bandCount} bands)`,
    workPerRun: scores.length,
    run: () => {
      let characters = 0;
      for (let index = 0; index < scores.length; index++) characters += classify(scores[index] as number).length;
      return characters;
    },
  };
}

function gate(bandCount: number, minRatio: number, scores: Float64Array): Gate {
  return {
    kind: 'ratio',
    name: `classify 10 000 scores into ${bandCount} bands`,
    unit: 'scores',
    ours: binarySearchSubject(bandCount, scores),
    baseline: linearScanSubject(bandCount, scores),
    minRatio,
  };
}

export default defineGates('score-thresholds', (): Gate[] => {
  const scores = scoresOf(20_261_121);
  // a scan of 3 thresholds is as fast as anything can be, so that gate only bounds our overhead
  return [gate(4, 0.35, scores), gate(100, 0.9, scores), gate(1000, 6, scores)];
});
