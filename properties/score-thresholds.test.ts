// Properties of score-thresholds: classification against the linear-scan model on generated
// threshold sets, with scores drawn mostly at, just beside and between the thresholds (where a
// binary search goes wrong), then monotonicity, the band list, misuse and defensive copies.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import {
  bandIndexModel,
  bandsModel,
  thresholdsMax,
  classifyModel,
  scoreThresholdsSpec,
  type Band,
  type Inclusive,
  type ScoreThresholdsOptions,
} from '../spec/score-thresholds.ts';
import { failureOf } from '../harness/failure.ts';
import { aroundLimits, largeSize } from '../harness/generators.ts';

const suite = await systemSuite(scoreThresholdsSpec);
const createScoreThresholds = suite.implementation.default;

const thresholdValue = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));

function sortedThresholds(minLength: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc
    .uniqueArray(thresholdValue, {
      minLength,
      maxLength,
      comparator: (left, right) => left === right, // 0 and -0 are one threshold
    })
    .map((values) => [...values].sort((left, right) => left - right));
}

// searches switch strategy at small table sizes (a linear scan below 8 or 16 entries is common),
// so sizes right around those counts are drawn as often as the rest
const thresholdsArbitrary = fc.oneof(sortedThresholds(0, 24), sortedThresholds(6, 10), sortedThresholds(14, 18));

const optionsArbitrary: fc.Arbitrary<ScoreThresholdsOptions<string>> = fc.record({
  thresholds: thresholdsArbitrary,
  inclusive: fc.constantFrom<Inclusive>('lower', 'upper'),
}).map(({ thresholds, inclusive }) => ({ thresholds, inclusive, labels: [...Array(thresholds.length + 1).keys()].map((index) => `band-${index}`) }));

/** scores at a threshold, a hair beside it, between two, far out, and anywhere */
function scoresNear(thresholds: readonly number[]): fc.Arbitrary<number> {
  const anywhere = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -25, max: 25 }), fc.constantFrom(-0, Infinity, -Infinity));
  if (thresholds.length === 0) return anywhere;
  const threshold = fc.constantFrom(...thresholds);
  return fc.oneof(
    threshold,
    threshold.map((value) => (value === 0 ? -0 : value)),
    threshold.chain((value) => fc.constantFrom(value + Math.abs(value) * Number.EPSILON + Number.MIN_VALUE, value - Math.abs(value) * Number.EPSILON - Number.MIN_VALUE)),
    fc.tuple(threshold, threshold).map(([left, right]) => (left + right) / 2),
    anywhere,
  );
}

const caseArbitrary = optionsArbitrary.chain((options) => fc.tuple(fc.constant(options), fc.array(scoresNear(options.thresholds), { minLength: 1, maxLength: 20 })));

suite.property(
  ['BAND-1', 'BAND-2'],
  'classify agrees with a linear scan over the thresholds, at and beside every boundary',
  fc.asyncProperty(caseArbitrary, async ([options, scores]) => {
    const classifier = createScoreThresholds(options);
    for (const score of scores) {
      const label = await classifier.classify(score);
      const expected = classifyModel(options, score);
      const atBoundary = options.thresholds.includes(score);
      suite.rule(atBoundary ? 'BAND-2' : 'BAND-1', () => expect(label, `classify(${fc.stringify(score)})`).toBe(expected));
    }
  }),
);

// thousands of bands: far past any linear-scan cut-over, so the halving itself is what answers
const largeCaseArbitrary = fc
  .record({
    count: fc.integer({ min: largeSize.min, max: largeSize.max }),
    start: fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    steps: fc.array(fc.double({ noNaN: true, min: 1e-3, max: 100 }), { minLength: 1, maxLength: 7 }),
    inclusive: fc.constantFrom<Inclusive>('lower', 'upper'),
  })
  .map(({ count, start, steps, inclusive }) => {
    const thresholds: number[] = [start];
    for (let index = 1; index < count; index++) thresholds.push((thresholds[index - 1] as number) + (steps[index % steps.length] as number));
    return { thresholds, inclusive, labels: Array.from({ length: count + 1 }, (_, index) => `band-${index}`) };
  })
  .chain((options) => fc.tuple(fc.constant(options), fc.array(scoresNear(options.thresholds), { minLength: 20, maxLength: 60 })));

suite.property(
  ['BAND-1', 'BAND-2', 'BAND-4'],
  'with thousands of bands, classify and bandIndex still agree with the linear scan at and beside every boundary',
  fc.asyncProperty(largeCaseArbitrary, async ([options, scores]) => {
    const classifier = createScoreThresholds(options);
    for (const score of scores) {
      const [label, index] = [await classifier.classify(score), await classifier.bandIndex(score)];
      const expected = bandIndexModel(options.thresholds, score, options.inclusive);
      const rule = options.thresholds.includes(score) ? 'BAND-2' : 'BAND-1';
      suite.rule(rule, () => expect(label, `classify(${score}) of ${options.thresholds.length} bands`).toBe(options.labels[expected]));
      suite.rule('BAND-4', () => expect(index, `bandIndex(${score})`).toBe(expected));
    }
  }),
  { runsMax: 8 },
);

suite.property(
  'BAND-2',
  'a score equal to a threshold goes above it with "lower" and below it with "upper"',
  fc.asyncProperty(optionsArbitrary.filter(({ thresholds }) => thresholds.length > 0), fc.nat(), async (options, pick) => {
    const index = pick % options.thresholds.length;
    const threshold = options.thresholds[index] as number;
    const classifier = createScoreThresholds(options);
    const band = await classifier.bandIndex(threshold);
    const expected = options.inclusive === 'upper' ? index : index + 1;
    suite.rule('BAND-2', () => expect(band, `bandIndex(${threshold}) with inclusive ${options.inclusive}`).toBe(expected));
    if (threshold === 0) {
      const negativeZero = await classifier.bandIndex(-0);
      suite.rule('BAND-2', () => expect(negativeZero, '-0 is the same score as 0').toBe(expected));
    }
  }),
);

suite.property(
  'BAND-3',
  'a higher score never gets a lower band; the infinities get the first and last bands',
  fc.asyncProperty(caseArbitrary, async ([options, scores]) => {
    const classifier = createScoreThresholds(options);
    const sorted = [...scores, -Infinity, Infinity].sort((left, right) => left - right);
    const bands: number[] = [];
    for (const score of sorted) bands.push(await classifier.bandIndex(score));
    suite.rule('BAND-3', () => {
      for (let index = 1; index < bands.length; index++) {
        expect(bands[index], `band of ${sorted[index]} after ${sorted[index - 1]}`).toBeGreaterThanOrEqual(bands[index - 1] as number);
      }
      expect([bands[0], bands.at(-1)]).toEqual([0, options.thresholds.length]);
    });
  }),
);

suite.property(
  'BAND-4',
  'bandIndex names the band classify does, and bands() lists the bounds the model expects',
  fc.asyncProperty(caseArbitrary, async ([options, scores]) => {
    const classifier = createScoreThresholds(options);
    for (const score of scores) {
      const [index, label] = [await classifier.bandIndex(score), await classifier.classify(score)];
      suite.rule('BAND-4', () => {
        expect(options.labels[index], `bandIndex(${score}) names classify's label`).toBe(label);
        expect(index).toBe(bandIndexModel(options.thresholds, score, options.inclusive));
      });
    }
    // -0 and 0 are one bound, so either spelling may come back
    const numericBounds = (bands: readonly Band<string>[]) => bands.map((band) => ({ ...band, min: band.min + 0, max: band.max + 0 }));
    const bands = await classifier.bands();
    suite.rule('BAND-4', () => expect(numericBounds(bands)).toEqual(numericBounds(bandsModel(options))));
  }),
);

const createMessage = /^score-thresholds\.create: expected .+, got .+$/;
type BadOptions = {
  readonly options: unknown;
  readonly type: typeof TypeError | typeof RangeError;
  /** what the message must end with where the bad value is a whole argument with one spelling (null, undefined) */
  readonly got?: RegExp;
};

const notAnArray: readonly unknown[] = [undefined, null, 5, '0.3', {}, () => [0.3]];

const badOptions: readonly BadOptions[] = [
  { options: { thresholds: [0.6, 0.3], labels: ['a', 'b', 'c'] }, type: RangeError },
  { options: { thresholds: [0.3, 0.3], labels: ['a', 'b', 'c'] }, type: RangeError },
  { options: { thresholds: [0.3, Number.NaN], labels: ['a', 'b', 'c'] }, type: RangeError },
  { options: { thresholds: [0.3, Infinity], labels: ['a', 'b', 'c'] }, type: RangeError },
  { options: { thresholds: [-Infinity], labels: ['a', 'b'] }, type: RangeError },
  { options: { thresholds: [0.3, '0.6'], labels: ['a', 'b', 'c'] }, type: TypeError },
  { options: { thresholds: [0.3, null], labels: ['a', 'b', 'c'] }, type: TypeError },
  { options: { thresholds: [0.3, 0.6], labels: ['a', 'b'] }, type: RangeError },
  { options: { thresholds: [0.3, 0.6], labels: ['a', 'b', 'c', 'd'] }, type: RangeError },
  { options: { thresholds: [], labels: [] }, type: RangeError },
  ...notAnArray.map((thresholds) => ({ options: { thresholds, labels: ['a', 'b'] }, type: TypeError })),
  ...notAnArray.map((labels) => ({ options: { thresholds: [0.3], labels }, type: TypeError })),
  { options: { labels: ['a'] }, type: TypeError, got: /got undefined$/ },
  { options: { thresholds: [0.3], labels: ['a', 'b'], inclusive: 'both' }, type: TypeError },
  { options: { thresholds: [0.3], labels: ['a', 'b'], inclusive: null }, type: TypeError, got: /got null$/ },
  { options: null, type: TypeError, got: /got null$/ },
  { options: undefined, type: TypeError, got: /got undefined$/ },
  { options: 5, type: TypeError },
  { options: 'thresholds', type: TypeError },
];

// every case, every run: a sampled list can miss the one case a mutant needs
suite.check('BAND-5', 'create rejects each malformed option with the right error and a message naming the value', async () => {
  const create = createScoreThresholds as (options: unknown) => unknown;
  for (const { options, type, got } of badOptions) {
    const error = await failureOf(() => create(options));
    suite.rule('BAND-5', () => {
      expect(error, `create(${fc.stringify(options)}) should throw a ${type.name}`).toBeInstanceOf(type);
      expect((error as Error).message, `create(${fc.stringify(options)})`).toMatch(createMessage);
      if (got !== undefined) expect((error as Error).message, `create(${fc.stringify(options)})`).toMatch(got);
    });
  }
});

/** thresholds 0, 1, 2, ... and one label per band */
function countingOptions(count: number): ScoreThresholdsOptions<number> {
  const thresholds = new Array<number>(count);
  const labels = new Array<number>(count + 1);
  for (let index = 0; index <= count; index++) {
    if (index < count) thresholds[index] = index;
    labels[index] = index;
  }
  return { thresholds, labels };
}

suite.check(
  ['BAND-5', 'BAND-1'],
  'exactly thresholdsMax thresholds are accepted and classify; thresholdsMax + 1 are a RangeError',
  async () => {
    // the maximum and maximum + 1: maximum - 1 would only repeat the first at a million elements' cost
    const cases = fc.sample(aroundLimits({ maximum: thresholdsMax }), { numRuns: 30, seed: 7 }).filter(({ value }) => value >= thresholdsMax);
    for (const { value: count, accepted } of new Map(cases.map((entry) => [entry.value, entry])).values()) {
      const options = countingOptions(count); // labels always fit, so only the count can be refused
      const outcome = await failureOf(() => createScoreThresholds(options));
      if (!accepted) {
        suite.rule('BAND-5', () => {
          expect(outcome, `${count} thresholds`).toBeInstanceOf(RangeError);
          expect((outcome as Error).message).toMatch(createMessage);
        });
        continue;
      }
      suite.rule('BAND-5', () => expect(outcome, `${count} thresholds should be accepted`).toBeUndefined());
      const classifier = createScoreThresholds(options);
      const scores = [-1, count - 1, count / 2 + 0.5];
      const answers: number[] = [];
      for (const score of scores) answers.push(await classifier.classify(score));
      // thresholds 0..count-1: a score s has reached floor(s) + 1 of them, between none and all
      const expected = scores.map((score) => Math.min(count, Math.max(0, Math.floor(score) + 1)));
      suite.rule('BAND-1', () => expect(answers).toEqual(expected));
    }
  },
);

suite.property(
  'BAND-6',
  'classify and bandIndex reject NaN with a RangeError and non-numbers with a TypeError',
  fc.asyncProperty(optionsArbitrary, fc.constantFrom<unknown>('0.5', null, undefined, 1n, {}, [0.5]), async (options, notNumber) => {
    const classifier = createScoreThresholds(options);
    const loose = classifier as unknown as { classify(score: unknown): unknown; bandIndex(score: unknown): unknown };
    await suite.rule('BAND-6', async () => {
      await expectMisuse(suite, 'BAND-6', { call: () => loose.classify(Number.NaN), classes: RangeError, mentions: /^score-thresholds\.classify: expected .+, got NaN$/ });
      await expectMisuse(suite, 'BAND-6', { call: () => loose.bandIndex(Number.NaN), classes: RangeError, mentions: /^score-thresholds\.bandIndex: expected .+, got NaN$/ });
      await expectMisuse(suite, 'BAND-6', { call: () => loose.classify(notNumber), classes: TypeError, mentions: /^score-thresholds\.classify: expected .+, got .+$/ });
      await expectMisuse(suite, 'BAND-6', { call: () => loose.bandIndex(notNumber), classes: TypeError, mentions: /^score-thresholds\.bandIndex: expected .+, got .+$/ });
    });
  }),
  { runsFactor: 0.3 },
);

/** tries to vandalise an array the caller was handed; a frozen one is as good as a copy */
function vandalise(values: readonly unknown[]): void {
  try {
    (values as unknown[]).reverse();
    (values as unknown[]).push('extra');
  } catch {
    // frozen: nothing to vandalise
  }
}

suite.property(
  'BAND-7',
  'changing the arrays passed in or handed out changes no classification',
  fc.asyncProperty(caseArbitrary, async ([options, scores]) => {
    const thresholds = [...options.thresholds];
    const labels = [...options.labels];
    const classifier = createScoreThresholds({ thresholds, labels, inclusive: options.inclusive });
    // compared with its own earlier answers, so a misclassification is BAND-1's business, not ours
    const before: string[] = [];
    for (const score of scores) before.push(await classifier.classify(score));
    thresholds.reverse().push(0);
    labels.fill('vandalised');
    vandalise(await classifier.thresholds);
    vandalise(await classifier.labels);
    const after: string[] = [];
    for (const score of scores) after.push(await classifier.classify(score));
    suite.rule('BAND-7', () => expect(after, `classify(${fc.stringify(scores)})`).toEqual(before));
    const [reportedThresholds, reportedLabels] = [await classifier.thresholds, await classifier.labels];
    // -0 and 0 are one threshold, so either spelling may come back
    const numeric = (values: readonly number[]): number[] => values.map((value) => value + 0);
    suite.rule('BAND-7', () =>
      expect([numeric(reportedThresholds), reportedLabels]).toEqual([numeric(options.thresholds), options.labels]),
    );
  }),
  { runsFactor: 0.5 },
);
