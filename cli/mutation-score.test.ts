// The mutation score as the house counts it: detected over all that ran, less listed
// equivalents; entries that no longer match a survivor are reported stale; malformed lists
// are refused with the file named.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mutantKey, readEquivalents, scoreMarkdown, scoreMutants, type EquivalentMutant, type MutantOutcome } from './mutation-score.ts';

const root = '/repo';
const mutant = (status: MutantOutcome['status'], line: number, replacement = 'false'): MutantOutcome => ({
  fileName: `${root}/impl/toy.ts`, mutatorName: 'ConditionalExpression', replacement, location: { start: { line, column: 3 } }, status,
});
const equivalent = (line: number): EquivalentMutant => ({ file: 'impl/toy.ts', line, mutator: 'ConditionalExpression', replacement: 'false', reason: 'a fast path' });

describe('scoreMutants', () => {
  test('killed and timed-out mutants count as detected; compile and runtime errors do not count at all', () => {
    const score = scoreMutants('toy', root, [mutant('Killed', 1), mutant('Timeout', 2), mutant('Survived', 3), mutant('NoCoverage', 4), mutant('CompileError', 5), mutant('RuntimeError', 6)], []);
    expect(score).toMatchObject({ mutants: 6, killed: 1, timeout: 1, survived: 1, noCoverage: 1, invalid: 2, equivalent: 0, score: 50 });
    expect(score.survivors.map((survivor) => survivor.location.start.line)).toEqual([3, 4]);
  });

  test('listed equivalents leave the denominator; a listed entry matching no survivor is stale', () => {
    const score = scoreMutants('toy', root, [mutant('Killed', 1), mutant('Survived', 3), mutant('Survived', 4)], [equivalent(3), equivalent(9)]);
    expect(score).toMatchObject({ equivalent: 1, score: 50 });
    expect(score.stale).toEqual([equivalent(9)]);
    // a killed mutant is never excused, even when listed
    expect(scoreMutants('toy', root, [mutant('Killed', 3)], [equivalent(3)])).toMatchObject({ equivalent: 0, score: 100, stale: [equivalent(3)] });
  });

  test('no mutants scores 100, and keys are repository-relative', () => {
    expect(scoreMutants('toy', root, [], []).score).toBe(100);
    expect(mutantKey(root, mutant('Survived', 7, 'x > 1'))).toBe('impl/toy.ts:7:ConditionalExpression:x > 1');
  });
});

describe('readEquivalents', () => {
  test('reads mutation/<id>.json, and an absent file is an empty list', () => {
    const directory = mkdtempSync(join(tmpdir(), 'touchstone-mutation-'));
    expect(readEquivalents(directory, 'toy')).toEqual([]);
    mkdirSync(join(directory, 'mutation'));
    writeFileSync(join(directory, 'mutation', 'toy.json'), JSON.stringify([equivalent(3)]));
    expect(readEquivalents(directory, 'toy')).toEqual([equivalent(3)]);
    writeFileSync(join(directory, 'mutation', 'toy.json'), JSON.stringify([{ ...equivalent(3), reason: ' ' }]));
    expect(() => readEquivalents(directory, 'toy')).toThrow(/mutation\/toy.json: every entry needs .* a reason/);
    writeFileSync(join(directory, 'mutation', 'toy.json'), '{}');
    expect(() => readEquivalents(directory, 'toy')).toThrow(/must be an array/);
  });
});

test('the summary table has a row per system with its score', () => {
  const markdown = scoreMarkdown([scoreMutants('toy', root, [mutant('Killed', 1), mutant('Survived', 2)], [])], '2026-12-07');
  expect(markdown).toContain('# Touchstone mutation scores (2026-12-07)');
  expect(markdown).toContain('| toy | 50.0% | 2 | 1 | 0 | 1 | 0 | 0 | 0 |');
});
