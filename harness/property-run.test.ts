import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ImplementationFault } from './guard.ts';
import { capped, failureTextMax, PropertyFailure, runProperty, underRule, withShrinkBudget, type FailureRecord } from './property-run.ts';
import { readSettings, type Settings } from './settings.ts';
import { defineSpec } from './spec.ts';

const spec = defineSpec({
  id: 'toy',
  title: 'Toy',
  rules: { 'TOY-1': 'numbers are small.', 'TOY-2': 'numbers are even.' },
  exports: ['default'],
  smoke: () => undefined,
});

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...readSettings({}), seed: 7, ...overrides });

async function failureOf(run: Promise<void>): Promise<PropertyFailure> {
  const error: unknown = await run.then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof PropertyFailure)) throw new Error(`expected a PropertyFailure, got ${String(error)}`);
  return error;
}

describe('runProperty', () => {
  test('resolves when the property holds', async () => {
    await runProperty({ spec, check: 'c', rules: ['TOY-1'], property: fc.property(fc.nat(9), (n) => n < 10), numRuns: 50, settings: settings() });
  });

  test('reports every rule of the check, the shrunk counterexample, seed, path and a replay command', async () => {
    const failure = await failureOf(runProperty({
      spec,
      check: '[TOY-1 TOY-2] small numbers',
      rules: ['TOY-1', 'TOY-2'],
      property: fc.property(fc.nat(1000), (n) => n < 100),
      numRuns: 200,
      settings: settings(),
    }));
    expect(failure.record).toMatchObject({ rules: ['TOY-1', 'TOY-2'], seed: 7, counterexample: '[100]', error: 'Property failed by returning false' });
    expect(failure.message).toContain('violates TOY-1: numbers are small.');
    expect(failure.record.replay).toContain(`--seed 7 --path ${failure.record.path}`);
  });

  test('blames only the rule a RuleViolation names, and appends the record to the failure log', async () => {
    const failureLog = join(mkdtempSync(join(tmpdir(), 'touchstone-')), 'failures.jsonl');
    const failure = await failureOf(runProperty({
      spec,
      check: '[TOY-1 TOY-2] even numbers',
      rules: ['TOY-1', 'TOY-2'],
      property: fc.property(fc.nat(1000), (n) => {
        underRule(spec, 'TOY-2', () => expect(n % 2).toBe(0));
      }),
      numRuns: 200,
      settings: settings({ failureLog }),
    }));
    expect(failure.record.rules).toEqual(['TOY-2']);
    expect(failure.message).toMatch(/^violates TOY-2: numbers are even\.\nerror: expected 1 to be \+0/);
    const logged = JSON.parse(readFileSync(failureLog, 'utf8').trim()) as FailureRecord;
    expect(logged).toEqual(failure.record);
  });

  test('replaying seed and path goes straight to the same counterexample', async () => {
    const property = fc.property(fc.array(fc.nat(50)), (values) => values.reduce((sum, value) => sum + value, 0) < 60);
    const first = await failureOf(runProperty({ spec, check: 'c', rules: ['TOY-1'], property, numRuns: 300, settings: settings() }));
    const replayed = await failureOf(runProperty({ spec, check: 'c', rules: ['TOY-1'], property, numRuns: 300, settings: settings({ path: first.record.path }) }));
    expect(replayed.record.counterexample).toBe(first.record.counterexample);
  });

  test('passes an ImplementationFault through, so the grader can report an error', async () => {
    const fault = new ImplementationFault('toy factory threw a non-Error value: 1');
    const property = fc.property(fc.nat(), () => {
      throw fault;
    });
    await expect(runProperty({ spec, check: 'c', rules: ['TOY-1'], property, numRuns: 5, settings: settings() })).rejects.toBe(fault);
  });

  test('describes thrown non-Errors and interrupted runs', async () => {
    const thrown = await failureOf(runProperty({
      spec, check: 'c', rules: ['TOY-1'], numRuns: 5, settings: settings(),
      property: fc.property(fc.nat(), () => {
        throw 'text';
      }),
    }));
    expect(thrown.record.error).toBe('text');
  });
});

describe('underRule', () => {
  test('returns what the body returns, sync or async', async () => {
    expect(underRule(spec, 'TOY-1', () => 3)).toBe(3);
    await expect(underRule(spec, 'TOY-1', () => Promise.resolve(4))).resolves.toBe(4);
  });

  test('turns sync and async failures into a RuleViolation naming the rule once', async () => {
    expect(() => underRule(spec, 'TOY-1', () => {
      throw new Error('too big');
    })).toThrow('violates TOY-1: numbers are small.\ntoo big');
    await expect(underRule(spec, 'TOY-2', () => Promise.reject(new Error('odd')))).rejects.toThrow('violates TOY-2');
    expect(() => underRule(spec, 'TOY-1', () => underRule(spec, 'TOY-2', () => {
      throw 'inner';
    }))).toThrow(/^violates TOY-2/);
  });
});

describe('failure text is capped', () => {
  test('a long counterexample keeps its head and says how much was cut', () => {
    const text = 'x'.repeat(failureTextMax + 5);
    expect(capped(text)).toBe(`${'x'.repeat(failureTextMax)}… (5 more characters)`);
    expect(capped('short')).toBe('short');
  });
});

describe('withShrinkBudget', () => {
  const alwaysFails = () => fc.property(fc.integer({ min: 1_000, max: 1_000_000 }), (n) => n < 1_000);

  test('within the budget shrinking runs to the end', () => {
    const details = fc.check(withShrinkBudget(alwaysFails(), Infinity), { seed: 3 });
    expect(details.counterexample).toEqual([1_000]);
  });

  test('past the budget shrinking stops and the failing input found so far is reported, still a failure', async () => {
    const details = fc.check(withShrinkBudget(alwaysFails(), -1), { seed: 3 });
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBe(0);
    expect(details.counterexample?.[0]).toBeGreaterThan(1_000);
    // async properties too, and a budget that runs out part-way keeps what was shrunk so far
    const slow = fc.asyncProperty(fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return items.length < 1;
    });
    const partial = await fc.check(withShrinkBudget(slow, 50), { seed: 3 });
    expect(partial.failed).toBe(true);
    // at 2 ms a run, 50 ms allows a few dozen shrinks (fewer under load); unbounded, thousands
    expect(partial.numShrinks).toBeLessThan(200);
  });
});
