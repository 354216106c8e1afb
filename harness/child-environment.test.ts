import { afterEach, expect, test } from 'vitest';
import { childEnvironment } from './child-environment.ts';

const global = globalThis as { __stryker__?: { activeMutant?: unknown } };
const saved = global.__stryker__;
afterEach(() => {
  global.__stryker__ = saved;
});

test('a child gets the active mutant when there is one, and the plain environment otherwise', () => {
  global.__stryker__ = { activeMutant: 42 };
  expect(childEnvironment().__STRYKER_ACTIVE_MUTANT__).toBe('42');
  global.__stryker__ = {};
  expect(childEnvironment().__STRYKER_ACTIVE_MUTANT__).toBe(process.env.__STRYKER_ACTIVE_MUTANT__);
  expect(childEnvironment().PATH).toBe(process.env.PATH);
});
