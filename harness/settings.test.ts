import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultRuns, readSettings, repositoryRoot } from './settings.ts';

describe('readSettings', () => {
  test('defaults when nothing is set', () => {
    expect(readSettings({})).toEqual({
      seed: undefined,
      runs: defaultRuns,
      path: undefined,
      replayPath: undefined,
      implementations: {},
      failureLog: undefined,
      artifactDirectory: undefined,
      timeScale: 1,
    });
  });

  test('reads every variable, resolving module paths against the repository', () => {
    const settings = readSettings({
      TOUCHSTONE_SEED: '-42',
      TOUCHSTONE_RUNS: '7',
      TOUCHSTONE_PATH: '3:1',
      TOUCHSTONE_REPLAY_PATH: 'AB:C',
      TOUCHSTONE_IMPLS: JSON.stringify({ 'lru-cache': 'mine/lru.ts', 'rate-limiter': '/abs/rl.ts' }),
      TOUCHSTONE_FAILURE_LOG: '/tmp/failures.jsonl',
      TOUCHSTONE_ARTIFACTS: '/tmp/reports',
      TOUCHSTONE_TIME_SCALE: '2.5',
    });
    expect(settings).toMatchObject({ seed: -42, runs: 7, path: '3:1', replayPath: 'AB:C', failureLog: '/tmp/failures.jsonl', artifactDirectory: '/tmp/reports', timeScale: 2.5 });
    expect(settings.implementations).toEqual({ 'lru-cache': join(repositoryRoot, 'mine/lru.ts'), 'rate-limiter': '/abs/rl.ts' });
  });

  test.each([
    [{ TOUCHSTONE_SEED: '1.5' }, /TOUCHSTONE_SEED: expected an integer/],
    [{ TOUCHSTONE_IMPLS: '{nope' }, /expected a JSON object/],
    [{ TOUCHSTONE_IMPLS: '["a"]' }, /JSON object of system id/],
    [{ TOUCHSTONE_IMPLS: '{"lru-cache": 3}' }, /must be a string/],
    [{ TOUCHSTONE_TIME_SCALE: '0' }, /TOUCHSTONE_TIME_SCALE: expected a positive number/],
    [{ TOUCHSTONE_TIME_SCALE: 'fast' }, /TOUCHSTONE_TIME_SCALE: expected a positive number/],
  ])('rejects malformed variables %#', (environment, message) => {
    expect(() => readSettings(environment)).toThrow(message);
  });
});
