// Worked examples of score-thresholds: the seed's ScoreThresholds([0.3, 0.6, 0.9], [low, medium,
// high, very_high]) with classify(0.75) = "high", each boundary of it both ways, a letter-grade
// table, the one-band and many-band edges, and the misuse messages.

import { expect } from 'vitest';
import { systemSuite } from '../harness/suite.ts';
import { scoreThresholdsSpec } from '../spec/score-thresholds.ts';

const suite = await systemSuite(scoreThresholdsSpec);
const createScoreThresholds = suite.implementation.default;

const seedOptions = { thresholds: [0.3, 0.6, 0.9], labels: ['low', 'medium', 'high', 'very_high'] } as const;

suite.check('BAND-1', "seed's thresholds.classify(0.75) is \"high\"", async () => {
  const thresholds = createScoreThresholds(seedOptions);
  const label = await thresholds.classify(0.75);
  suite.rule('BAND-1', () => expect(label).toBe('high'));
});

suite.check(['BAND-1', 'BAND-2'], "seed's bisect_right: each threshold itself belongs to the band above", async () => {
  const thresholds = createScoreThresholds(seedOptions);
  const scores = [0, 0.29, 0.3, 0.31, 0.6, 0.89, 0.9, 1];
  const labels: string[] = [];
  for (const score of scores) labels.push(await thresholds.classify(score));
  suite.rule('BAND-1', () => expect([labels[0], labels[1], labels[3], labels[5], labels[7]]).toEqual(['low', 'low', 'medium', 'high', 'very_high']));
  suite.rule('BAND-2', () => expect([labels[2], labels[4], labels[6]]).toEqual(['medium', 'high', 'very_high']));
});

suite.check('BAND-2', 'inclusive "upper" puts each threshold in the band below (bisect_left)', async () => {
  const thresholds = createScoreThresholds({ ...seedOptions, inclusive: 'upper' });
  const labels: string[] = [];
  for (const score of [0.3, 0.6, 0.9, 0.90000001]) labels.push(await thresholds.classify(score));
  suite.rule('BAND-2', () => expect(labels).toEqual(['low', 'medium', 'high', 'very_high']));
});

suite.check(['BAND-1', 'BAND-2', 'BAND-4'], 'a letter-grade table: 90 and up is an A, below 60 an F', async () => {
  const grades = createScoreThresholds({ thresholds: [60, 70, 80, 90], labels: ['F', 'D', 'C', 'B', 'A'] });
  const between: string[] = [];
  for (const score of [59.999, 75, 89.5, 100]) between.push(await grades.classify(score));
  suite.rule('BAND-1', () => expect(between).toEqual(['F', 'C', 'B', 'A']));
  const onThresholds = [await grades.classify(60), await grades.classify(90)];
  suite.rule('BAND-2', () => expect(onThresholds).toEqual(['D', 'A']));
  const bands = await grades.bands();
  suite.rule('BAND-4', () =>
    expect(bands[1]).toEqual({ label: 'D', min: 60, max: 70, minInclusive: true, maxInclusive: false }),
  );
});

suite.check(['BAND-3', 'BAND-4'], 'no thresholds: one band holds every score', async () => {
  const everything = createScoreThresholds({ thresholds: [], labels: ['all'] });
  const results = [await everything.classify(-Infinity), await everything.classify(0), await everything.bandIndex(Infinity)];
  suite.rule('BAND-3', () => expect(results).toEqual(['all', 'all', 0]));
  const bands = await everything.bands();
  suite.rule('BAND-4', () =>
    expect(bands).toEqual([{ label: 'all', min: -Infinity, max: Infinity, minInclusive: true, maxInclusive: true }]),
  );
});

suite.check(['BAND-1', 'BAND-3'], '10 000 percentile bands classify every integer score to its own band', async () => {
  const thresholds = Array.from({ length: 10_000 }, (_, index) => index + 1);
  const labels = Array.from({ length: 10_001 }, (_, index) => index);
  const percentiles = createScoreThresholds({ thresholds, labels });
  const mistakes: number[] = [];
  for (let score = 0; score <= 10_000; score += 7) if ((await percentiles.classify(score + 0.5)) !== score) mistakes.push(score);
  suite.rule('BAND-1', () => expect(mistakes).toEqual([]));
  const ends = [await percentiles.classify(-1e308), await percentiles.classify(1e308)];
  suite.rule('BAND-3', () => expect(ends).toEqual([0, 10_000]));
});

suite.check('BAND-2', '-0 and 0 are the same score at a threshold of 0', async () => {
  const signs = createScoreThresholds({ thresholds: [0], labels: ['negative', 'non-negative'] });
  const upper = createScoreThresholds({ thresholds: [-0], labels: ['non-positive', 'positive'], inclusive: 'upper' });
  const results = [await signs.classify(-0), await signs.classify(0), await upper.classify(0), await upper.classify(-0)];
  suite.rule('BAND-2', () => expect(results).toEqual(['non-negative', 'non-negative', 'non-positive', 'non-positive']));
});

async function messageOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

suite.check(['BAND-5', 'BAND-6'], 'misuse messages name the system, the method and the value', async () => {
  const create = createScoreThresholds as (options: unknown) => { classify(score: unknown): unknown };
  // the seed sorted its thresholds silently; here an unsorted table is a mistake worth reporting
  const unsorted = await messageOf(() => create({ thresholds: [0.9, 0.3, 0.6], labels: ['a', 'b', 'c', 'd'] }));
  suite.rule('BAND-5', () => expect(unsorted).toMatch(/^RangeError: score-thresholds\.create: expected .+, got .+$/));
  const labels = await messageOf(() => create({ thresholds: [0.5], labels: ['only'] }));
  suite.rule('BAND-5', () => expect(labels).toMatch(/^RangeError: score-thresholds\.create: expected .*labels.*, got .+$/));
  const classifier = create(seedOptions);
  const nan = await messageOf(() => classifier.classify(Number.NaN));
  suite.rule('BAND-6', () => expect(nan).toMatch(/^RangeError: score-thresholds\.classify: expected .+, got NaN$/));
  const text = await messageOf(() => classifier.classify('0.75'));
  suite.rule('BAND-6', () => expect(text).toMatch(/^TypeError: score-thresholds\.classify: expected .+, got "?0\.75"?$/));
});

suite.check('BAND-7', 'sorting the caller\'s array after create does not re-cut the bands', async () => {
  const cuts = [10, 20, 30];
  const names = ['cold', 'mild', 'warm', 'hot'];
  const weather = createScoreThresholds({ thresholds: cuts, labels: names });
  cuts[0] = 25;
  names[1] = 'renamed';
  const results = [await weather.classify(15), await weather.classify(27)];
  suite.rule('BAND-7', () => expect(results).toEqual(['mild', 'warm']));
});
