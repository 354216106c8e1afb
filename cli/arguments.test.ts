import { describe, expect, test } from 'vitest';
import { parseFlags, UsageError, type FlagSpec } from './arguments.ts';

const specs: Record<string, FlagSpec> = {
  impl: { kind: 'string', repeatable: true },
  only: { kind: 'list' },
  runs: { kind: 'integer', minimum: 1 },
  name: { kind: 'string' },
  help: { kind: 'boolean' },
};

describe('parseFlags', () => {
  test('reads values after the flag or after =, repeats, lists and booleans', () => {
    expect(parseFlags(['--impl', 'a=x.ts', '--impl=b=y.ts', '--only', 'a, b', '--only=c', '--runs', '5', '--name=n', '--help'], specs)).toEqual({
      impl: ['a=x.ts', 'b=y.ts'],
      only: ['a', 'b', 'c'],
      runs: 5,
      name: 'n',
      help: true,
    });
  });

  test.each([
    [['lonely'], 'unexpected argument "lonely" (flags start with --)'],
    [['--nope'], 'unknown flag --nope (see --help)'],
    [['--runs'], '--runs needs a value'],
    [['--runs', '--help'], '--runs needs a value'],
    [['--runs', '0'], '--runs expects a decimal integer >= 1, got "0"'],
    [['--runs', '2.5'], '--runs expects a decimal integer >= 1, got "2.5"'],
    [['--runs='], '--runs expects a decimal integer >= 1, got ""'],
    [['--runs', '1e1'], '--runs expects a decimal integer >= 1, got "1e1"'],
    [['--runs', '0x10'], '--runs expects a decimal integer >= 1, got "0x10"'],
    [['--runs', ' 7'], '--runs expects a decimal integer >= 1, got " 7"'],
    [['--runs', '99999999999999999999'], '--runs expects a decimal integer >= 1, got "99999999999999999999"'],
    [['--only', ''], '--only needs at least one item, got ""'],
    [['--only=,'], '--only needs at least one item, got ","'],
    [['--name', 'a', '--name', 'b'], '--name given twice'],
    [['--help=yes'], '--help takes no value'],
  ])('%j is misuse: %s', (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(new UsageError(message));
  });
});
