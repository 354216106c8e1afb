// Reference score-thresholds: the thresholds are copied into a Float64Array and a score is placed
// by a branch-light binary search (the seed's bisect_right, or bisect_left for inclusive "upper"),
// so classifying costs log2(bands) comparisons however many bands there are.

import {
  thresholdsMax,
  type Band,
  type CreateScoreThresholds,
  type Inclusive,
  type ScoreThresholds,
  type ScoreThresholdsOptions,
} from '../spec/score-thresholds.ts';

/** a misused argument for an error message; never throws */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  return String(value);
}

function fail(kind: typeof TypeError | typeof RangeError, method: string, expected: string, got: unknown): never {
  throw new kind(`score-thresholds.${method}: expected ${expected}, got ${describe(got)}`);
}

function checkThresholds(thresholds: unknown): Float64Array {
  if (!Array.isArray(thresholds)) fail(TypeError, 'create', 'thresholds to be an array of numbers', thresholds);
  if (thresholds.length > thresholdsMax) fail(RangeError, 'create', `at most ${thresholdsMax} thresholds`, thresholds);
  const copy = new Float64Array(thresholds.length);
  for (let index = 0; index < thresholds.length; index++) {
    const threshold: unknown = thresholds[index];
    if (typeof threshold !== 'number') fail(TypeError, 'create', `threshold ${index} to be a number`, threshold);
    if (!Number.isFinite(threshold)) fail(RangeError, 'create', `threshold ${index} to be finite`, threshold);
    if (index > 0 && !(threshold > (copy[index - 1] as number))) {
      fail(RangeError, 'create', `thresholds in strictly increasing order, threshold ${index} above ${copy[index - 1]}`, threshold);
    }
    copy[index] = threshold;
  }
  return copy;
}

function checkOptions<L>(options: unknown): { thresholds: Float64Array; labels: L[]; inclusive: Inclusive } {
  if (typeof options !== 'object' || options === null) fail(TypeError, 'create', 'options with thresholds and labels', options);
  const { thresholds, labels, inclusive = 'lower' } = options as Partial<ScoreThresholdsOptions<L>>;
  const checked = checkThresholds(thresholds);
  if (!Array.isArray(labels)) fail(TypeError, 'create', 'labels to be an array', labels);
  if (labels.length !== checked.length + 1) {
    fail(RangeError, 'create', `${checked.length + 1} labels (one more than thresholds)`, labels);
  }
  if (inclusive !== 'lower' && inclusive !== 'upper') fail(TypeError, 'create', 'inclusive to be "lower" or "upper"', inclusive);
  return { thresholds: checked, labels: [...(labels as L[])], inclusive };
}

class BinarySearchThresholds<L> implements ScoreThresholds<L> {
  readonly inclusive: Inclusive;
  readonly #thresholds: Float64Array;
  readonly #labels: L[];

  constructor(options: unknown) {
    const checked = checkOptions<L>(options);
    this.#thresholds = checked.thresholds;
    this.#labels = checked.labels;
    this.inclusive = checked.inclusive;
  }

  get thresholds(): readonly number[] {
    return Array.from(this.#thresholds);
  }

  get labels(): readonly L[] {
    return [...this.#labels];
  }

  classify(score: number): L {
    return this.#labels[this.#search('classify', score)] as L;
  }

  bandIndex(score: number): number {
    return this.#search('bandIndex', score);
  }

  bands(): Band<L>[] {
    const lower = this.inclusive === 'lower';
    const last = this.#labels.length - 1;
    return this.#labels.map((label, index) => ({
      label,
      min: index === 0 ? -Infinity : (this.#thresholds[index - 1] as number),
      max: index === last ? Infinity : (this.#thresholds[index] as number),
      minInclusive: index === 0 || lower,
      maxInclusive: index === last || !lower,
    }));
  }

  /** the number of thresholds <= score ("lower") or < score ("upper") */
  #search(method: string, score: number): number {
    // score !== score is the NaN test, folded into one branch with the type test for speed
    if (typeof score !== 'number' || score !== score) rejectScore(method, score);
    return this.inclusive === 'lower' ? countAtMost(this.#thresholds, score) : countBelow(this.#thresholds, score);
  }
}

function rejectScore(method: string, score: unknown): never {
  if (typeof score !== 'number') fail(TypeError, method, 'a number score', score);
  fail(RangeError, method, 'a score that is not NaN', score);
}

/** thresholds at or below score (bisect_right); a short table is scanned, as that beats halving */
function countAtMost(thresholds: Float64Array, score: number): number {
  let low = 0;
  let high = thresholds.length;
  while (high - low > 8) {
    const middle = (low + high) >>> 1;
    if ((thresholds[middle] as number) <= score) low = middle + 1;
    else high = middle;
  }
  while (low < high && (thresholds[low] as number) <= score) low++;
  return low;
}

/** thresholds strictly below score (bisect_left) */
function countBelow(thresholds: Float64Array, score: number): number {
  let low = 0;
  let high = thresholds.length;
  while (high - low > 8) {
    const middle = (low + high) >>> 1;
    if ((thresholds[middle] as number) < score) low = middle + 1;
    else high = middle;
  }
  while (low < high && (thresholds[low] as number) < score) low++;
  return low;
}

const createScoreThresholds: CreateScoreThresholds = <L>(options: ScoreThresholdsOptions<L>) => new BinarySearchThresholds<L>(options);
export default createScoreThresholds;
