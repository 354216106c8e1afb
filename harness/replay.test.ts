import { describe, expect, test } from 'vitest';
import { replayCommand } from './replay.ts';

describe('replayCommand', () => {
  test('names the system, seed, paths and check, quoting what the shell would split', () => {
    expect(replayCommand({
      systemId: 'lru-cache',
      checkName: "[LRU-3] evicts the key's oldest entry",
      modulePath: '/home/me/my lru.ts',
      seed: -12,
      path: '4:1:0',
      replayPath: 'AB:C',
    })).toBe(
      "npm run grade -- --only lru-cache --impl 'lru-cache=/home/me/my lru.ts' --seed -12 --path 4:1:0 --replay-path AB:C --check '[LRU-3] evicts the key'\\''s oldest entry'",
    );
  });

  test('leaves out what is not known', () => {
    expect(replayCommand({ systemId: 'toy', checkName: 'x' })).toBe('npm run grade -- --only toy --check x');
  });
});
