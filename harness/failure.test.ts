// failureOf sees a synchronous throw and an async rejection alike, and nothing when the call returns.

import { expect, test } from 'vitest';
import { failureOf } from './failure.ts';

test('a throw, a rejection and a normal return', async () => {
  const thrown = new TypeError('sync');
  const rejected = new RangeError('async');
  expect(await failureOf(() => {
    throw thrown;
  })).toBe(thrown);
  expect(await failureOf(() => Promise.reject(rejected))).toBe(rejected);
  expect(await failureOf(() => 42)).toBeUndefined();
});
