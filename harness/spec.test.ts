import { describe, expect, test } from 'vitest';
import { checkName, defineSpec, rulesOfCheck } from './spec.ts';

const smoke = () => undefined;

describe('defineSpec', () => {
  test('lists the rule ids in order and keeps the definition', () => {
    const spec = defineSpec({ id: 'toy-box', title: 'Toy', rules: { 'TOY-1': 'a', 'TOY-2': 'b' }, exports: ['default'], smoke });
    expect(spec.ruleIds).toEqual(['TOY-1', 'TOY-2']);
    expect(spec.title).toBe('Toy');
  });

  test.each([
    [{ id: 'Toy', rules: { 'TOY-1': 'a' } }, /kebab-case/],
    [{ id: 'toy', rules: {} }, /at least one rule/],
    [{ id: 'toy', rules: { 'toy-1': 'a' } }, /is not like/],
    [{ id: 'toy', rules: { 'TOY-1': 'a', 'TOX-2': 'b' } }, /one prefix/],
  ])('rejects a malformed definition %#', (partial, message) => {
    expect(() => defineSpec({ title: 'x', exports: ['default'], smoke, ...partial })).toThrow(message);
  });

  test('requires the factory as the default export', () => {
    expect(() => defineSpec({ id: 'toy', title: 'x', rules: { 'TOY-1': 'a' }, exports: ['make'], smoke: (_: { make: () => void }) => 0 })).toThrow(/default/);
  });
});

describe('check names', () => {
  test('carry their rules and give them back', () => {
    const name = checkName(['LRU-1', 'LRU-12'], 'evicts the least recently used key');
    expect(name).toBe('[LRU-1 LRU-12] evicts the least recently used key');
    expect(rulesOfCheck(name)).toEqual(['LRU-1', 'LRU-12']);
  });

  test('a name without rules gives none, and a check must name one', () => {
    expect(rulesOfCheck('plain test name')).toEqual([]);
    expect(() => checkName([], 'nothing')).toThrow(/names no rule/);
  });
});
