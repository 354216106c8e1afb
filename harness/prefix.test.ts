// The prefix check of crash recovery: the shortest allowed prefix follows the last
// acknowledged call, and only prefixes at least that long whose state matches are returned.

import { expect, test } from 'vitest';
import { matchingPrefixes, shortestAllowedPrefix } from './prefix.ts';

test('the shortest allowed prefix is one past the last acknowledged call', () => {
  expect(shortestAllowedPrefix([])).toBe(0);
  expect(shortestAllowedPrefix(new Set([2, 0, 5]))).toBe(6);
});

test('prefixes match by the model state after them, from the shortest allowed on', () => {
  const counter = () => {
    let total = 0;
    return { apply: (step: number) => (total += step), state: () => String(total) };
  };
  // states after 0..4 calls: 0, 1, 1, 3, 3
  const calls = [1, 0, 2, 0];
  expect(matchingPrefixes(calls, 0, counter(), '1')).toEqual([1, 2]);
  expect(matchingPrefixes(calls, 2, counter(), '1')).toEqual([2]);
  expect(matchingPrefixes(calls, 3, counter(), '1')).toEqual([]);
  expect(matchingPrefixes(calls, 0, counter(), '3')).toEqual([3, 4]);
});
