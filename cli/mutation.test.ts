// The mutation command's surface: --help, misuse with exit 2, and the files it would mutate.
// (Running StrykerJS itself takes minutes per system; `npm run mutation` is not part of npm test.)

import { describe, expect, test } from 'vitest';
import { main, mutationTargets, mutationUsage } from './mutation.ts';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }).then((code) => ({ code, out, err }));
}

describe('npm run mutation', () => {
  test('--help prints the usage', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: [mutationUsage], err: [] });
  });

  test.each([
    [['--only', 'nope'], /mutation: --only: unknown system "nope"/],
    [['--only', ''], /mutation: --only needs at least one item, got ""/],
    [['--concurrency', '0'], /--concurrency expects a decimal integer >= 1/],
    [['--frobnicate'], /unknown flag --frobnicate/],
  ])('misuse %j exits 2 with one line', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  test('mutates impl/<id>.ts, or every file under impl/<id>/', () => {
    expect(mutationTargets('lru-cache')).toEqual(['impl/lru-cache.ts']);
    expect(mutationTargets('kv-wal')).toContain('impl/kv-wal/log.ts');
    expect(mutationTargets('kv-wal').every((file) => file.startsWith('impl/kv-wal/') && file.endsWith('.ts'))).toBe(true);
  });
});
