// score-thresholds: classify a score into labelled bands cut by sorted thresholds, by binary
// search (the seed's ScoreThresholds over bisect.bisect_right). The model is a linear scan that
// counts the thresholds a score has reached: the simplest thing that could be right.

import { defineSpec } from '../harness/spec.ts';

/** the most thresholds a classifier takes: a bound on its memory */
export const thresholdsMax = 1 << 20;

/**
 * Which band a score equal to a threshold belongs to. 'lower' (the default, the seed's
 * bisect_right): each band includes its lower threshold, so the score goes to the band above.
 * 'upper' (bisect_left): each band includes its upper threshold, so it goes to the band below.
 */
export type Inclusive = 'lower' | 'upper';

export interface ScoreThresholdsOptions<L> {
  /** strictly increasing finite numbers, at most thresholdsMax; copied at creation */
  readonly thresholds: readonly number[];
  /** one label per band: thresholds.length + 1 of them, lowest band first; copied at creation */
  readonly labels: readonly L[];
  readonly inclusive?: Inclusive;
}

export interface Band<L> {
  readonly label: L;
  /** the band's lower bound (-Infinity for the first band) */
  readonly min: number;
  /** the band's upper bound (Infinity for the last band) */
  readonly max: number;
  /** whether min itself belongs to the band (always for the first band: -Infinity is classified too) */
  readonly minInclusive: boolean;
  /** whether max itself belongs to the band (always for the last band) */
  readonly maxInclusive: boolean;
}

export interface ScoreThresholds<L> {
  /** the label of the band score falls in */
  classify(score: number): L;
  /** the index (0 = lowest) of the band score falls in */
  bandIndex(score: number): number;
  /** every band in order, lowest first */
  bands(): Band<L>[];
  readonly thresholds: readonly number[];
  readonly labels: readonly L[];
  readonly inclusive: Inclusive;
}

export type CreateScoreThresholds = <L>(options: ScoreThresholdsOptions<L>) => ScoreThresholds<L>;

export interface ScoreThresholdsModule {
  readonly default: CreateScoreThresholds;
}

export const scoreThresholdsSpec = defineSpec({
  id: 'score-thresholds',
  title: 'Score thresholds: labelled bands by binary search',
  rules: {
    'BAND-1': 'classify(score) is labels[i] where i is the number of thresholds <= score (inclusive "lower") or < score (inclusive "upper"): the linear scan model.',
    'BAND-2': 'A score equal to a threshold belongs to the band above it with inclusive "lower" (the default, the seed\'s bisect_right) and to the band below with "upper"; -0 and 0 are the same score.',
    'BAND-3': 'Classification is monotone: a higher score never lands in a lower band; -Infinity lands in the first band and Infinity in the last.',
    'BAND-4': 'bandIndex(score) is the index of the band classify names, and bands() lists every band lowest first with its label and bounds, agreeing with classify at and between the thresholds.',
    'BAND-5': 'create rejects options, thresholds or labels that are not an object or array, a threshold that is not a number, or an inclusive other than "lower" or "upper" with a TypeError, and a NaN or infinite threshold, thresholds not strictly increasing or more than thresholdsMax, or a labels length other than thresholds.length + 1 with a RangeError, each "score-thresholds.create: expected ..., got ...".',
    'BAND-6': 'classify and bandIndex reject a score that is not a number with a TypeError and NaN with a RangeError, "score-thresholds.<method>: expected ..., got ...".',
    'BAND-7': 'The classifier copies its options: changing the arrays passed to create, or those thresholds and labels return, changes no classification.',
  },
  exports: ['default'],
  smoke(module: ScoreThresholdsModule) {
    return module.default({ thresholds: [0.3, 0.6, 0.9], labels: ['low', 'medium', 'high', 'very_high'] }).classify(0.75);
  },
});

/** The model: a linear scan counting the thresholds the score has reached. */
export function bandIndexModel(thresholds: readonly number[], score: number, inclusive: Inclusive = 'lower'): number {
  let index = 0;
  for (const threshold of thresholds) {
    if (inclusive === 'lower' ? threshold <= score : threshold < score) index++;
  }
  return index;
}

export function classifyModel<L>(options: ScoreThresholdsOptions<L>, score: number): L {
  const index = bandIndexModel(options.thresholds, score, options.inclusive);
  if (index >= options.labels.length) throw new RangeError(`model: no label for band ${index}`);
  return options.labels[index] as L;
}

/** The bands the model expects: consecutive thresholds, the inclusive end on the chosen side. */
export function bandsModel<L>(options: ScoreThresholdsOptions<L>): Band<L>[] {
  const lower = (options.inclusive ?? 'lower') === 'lower';
  const bounds = [-Infinity, ...options.thresholds, Infinity];
  return options.labels.map((label, index) => ({
    label,
    min: bounds[index] as number,
    max: bounds[index + 1] as number,
    minInclusive: index === 0 || lower,
    maxInclusive: index === options.labels.length - 1 || !lower,
  }));
}
