// The gate logic, with subjects whose relative cost is fixed by construction: no timing is
// asserted beyond "ten times the work is not faster", which no machine noise can flip.
import { describe, expect, test } from 'vitest';
import { median, runGate } from './perf.ts';

function spin(iterations: number): number {
  let accumulator = 0;
  for (let index = 0; index < iterations; index++) accumulator = (accumulator + index * 31) | 0;
  return accumulator;
}

describe('median', () => {
  test('of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('runGate', () => {
  test('a ratio gate reports every subject, one ratio per round, and its verdict', async () => {
    const result = await runGate('toy', {
      kind: 'ratio',
      name: 'spin',
      unit: 'ops',
      ours: { name: 'light', run: () => spin(1_000), workPerRun: 1 },
      baseline: { name: 'heavy', run: () => spin(100_000), workPerRun: 1 },
      alongside: [{ name: 'medium', run: () => spin(10_000), workPerRun: 1 }],
      minRatio: 1,
      cpuTimeMs: 20,
    }, { rounds: 3, timeScale: 1 });
    expect(result.rounds).toHaveLength(3);
    expect(result.subjects.map((subject) => [subject.name, subject.role])).toEqual([['light', 'ours'], ['heavy', 'baseline'], ['medium', 'alongside']]);
    expect(result.value).toBe(median(result.rounds ?? []));
    expect(result.value).toBeGreaterThan(1);
    expect(result.passed).toBe(true);
    expect(result.threshold).toBe('>= 1.00x heavy');
  });

  test('metric gates check their bounds; a metric without bounds is reported and passes', async () => {
    const run = (max?: number, min?: number) =>
      runGate('toy', { kind: 'metric', name: 'bytes', unit: 'B/edge', measure: () => 12, ...(max === undefined ? {} : { max }), ...(min === undefined ? {} : { min }) }, { rounds: 1, timeScale: 1 });
    expect(await run(16)).toMatchObject({ passed: true, value: 12, threshold: '<= 16' });
    expect(await run(10)).toMatchObject({ passed: false });
    expect(await run(undefined, 13)).toMatchObject({ passed: false, threshold: '>= 13' });
    expect(await run()).toMatchObject({ passed: true, threshold: 'reported' });
  });
});
