// The shared misuse check: what it accepts (thrown or rejected, the right class, the message in
// the house format showing the value) and each way a wrong failure is caught, blamed on the rule.

import { describe, expect, test } from 'vitest';
import { ImplementationFault } from './guard.ts';
import { expectAccepted, expectMisuse, misuseParts, shownAs, valueLabel, type MisuseCase } from './misuse.ts';
import { RuleViolation, underRule } from './property-run.ts';
import { defineSpec } from './spec.ts';
import type { Suite } from './suite.ts';

const spec = defineSpec({ id: 'toy-box', title: 'Toy', rules: { 'TOY-1': 'Misuse throws.' }, exports: ['default'], smoke: () => 1 });
const suite = { spec, rule: (rule: string, body: () => unknown) => underRule(spec, rule, body) } as unknown as Suite<typeof spec>;

const fails = (error: unknown) => () => {
  throw error;
};
const rejects = (error: unknown) => () => Promise.reject(error);

async function verdict(misuse: MisuseCase): Promise<string> {
  try {
    await expectMisuse(suite, 'TOY-1', misuse);
    return 'passed';
  } catch (error) {
    return error instanceof RuleViolation ? `${error.rule}: ${error.causeMessage.split('\n')[0]}` : `not blamed: ${String(error)}`;
  }
}

describe('expectMisuse', () => {
  test('passes a thrown or a rejected error of the class, in the house format, showing the value', async () => {
    const message = 'toy-box.put: expected a count from 1 to 10, got 42';
    expect(await verdict({ call: fails(new RangeError(message)), classes: RangeError, method: 'put', value: 42 })).toBe('passed');
    expect(await verdict({ call: rejects(new RangeError(message)), classes: [TypeError, RangeError], method: 'put', value: 42, mentions: /count/ })).toBe('passed');
    expect(await verdict({ call: fails(new TypeError('a toy-box needs a name')), classes: TypeError, format: 'system named' })).toBe('passed');
  });

  test.each([
    ['the call returns', { call: () => 1, classes: RangeError }, /fails with RangeError, not nothing/],
    ['the wrong class', { call: fails(new TypeError('toy-box.put: expected a count, got 42')), classes: RangeError }, /not TypeError/],
    ['no format', { call: fails(new RangeError('bad count')), classes: RangeError }, /reads "toy-box.<method>: expected <what>, got <value>"/],
    ['another system', { call: fails(new RangeError('toy.put: expected a count, got 42')), classes: RangeError }, /the system the message names/],
    ['another method', { call: fails(new RangeError('toy-box.get: expected a count, got 42')), classes: RangeError, method: 'put' }, /the method/],
    ['the value lost', { call: fails(new RangeError('toy-box.put: expected a count, got number')), classes: RangeError, value: 42 }, /shows the value 42/],
    ['a missing mention', { call: fails(new RangeError('toy-box.put: expected a count, got 1.5')), classes: RangeError, mentions: /integer/ }, /what the message says/],
    ['the system not named', { call: fails(new RangeError('bad')), classes: RangeError, format: 'system named' as const }, /names toy-box/],
  ])('fails, blaming the rule, when %s', async (_, misuse, reason) => {
    expect(await verdict(misuse)).toMatch(new RegExp(`^TOY-1: .*${reason.source}`));
  });

  test('an implementation fault is passed on, not judged as misuse', async () => {
    await expect(expectMisuse(suite, 'TOY-1', { call: fails(new ImplementationFault('threw a string')), classes: RangeError })).rejects.toBeInstanceOf(ImplementationFault);
  });
});

describe('expectAccepted', () => {
  test('returns the awaited result, and blames the rule when the call throws or rejects', async () => {
    expect(await expectAccepted(suite, 'TOY-1', 'put(3)', () => Promise.resolve(3))).toBe(3);
    await expect(expectAccepted(suite, 'TOY-1', 'put(3)', fails(new RangeError('no')))).rejects.toThrow(/violates TOY-1[\s\S]*put\(3\) is accepted, but failed with RangeError: no/);
    await expect(expectAccepted(suite, 'TOY-1', 'put(3)', rejects(new TypeError('no')))).rejects.toBeInstanceOf(RuleViolation);
  });
});

describe('labels and parts', () => {
  test('a message splits into system, method, what was expected and what came', () => {
    expect(misuseParts('kv-wal.put: expected a string key, got 42, which is a number')).toEqual({ system: 'kv-wal', method: 'put', expected: 'a string key', got: '42, which is a number' });
    expect(misuseParts('kv-wal: bad key')).toBeUndefined();
  });

  test('values are labelled and shown by their plain text', () => {
    expect([-0, false, 'a', 2n, null, undefined, () => 1, [1, 2], {}, Object.create(null)].map(valueLabel)).toEqual(['-0', 'false', '"a"', '2n', 'null', 'undefined', 'a function', 'an array of 2', 'an object', 'Object.create(null)']);
    expect([42, -0, ' x ', '  ', {}, undefined, null, false, 3n, Symbol('s')].map(shownAs)).toEqual(['42', '0', 'x', undefined, undefined, 'undefined', 'null', 'false', '3', undefined]);
  });
});
