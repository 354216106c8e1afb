// Object-size's misuse at create: every kind of wrong pointerBytes and maxObjects (numbers, strings,
// bigints, arrays, prototype-free objects, functions, symbols) is a RangeError, options that are
// not an object a TypeError, each "object-size.create: expected <what>, got <value>" (house rule 6).

import { expect } from 'vitest';
import { failureOf } from '../../harness/failure.ts';
import type { Suite } from '../../harness/suite.ts';
import type { objectSizeSpec } from '../../spec/object-size.ts';

type SizeSuite = Suite<typeof objectSizeSpec>;
type Create = SizeSuite['implementation']['default'];

/** values whose spelling after "got" has one obvious form, and those that must merely be named */
const spelled: readonly [unknown, RegExp][] = [
  [0, /got 0$/], [-1, /got -1$/], [2, /got 2$/], [1.5, /got 1\.5$/], [Number.NaN, /got NaN$/], [Infinity, /got Infinity$/],
  [null, /got null$/], [true, /got true$/], ['8', /got "?8"?$/], [8n, /got .+$/], [[8], /got .+$/], [{}, /got .+$/],
  [Object.create(null), /got .+$/], [() => 8, /got .+$/], [Symbol('eight'), /got .+$/],
];

const format = /^object-size\.create: expected .+, got .+$/s;

export function misuseChecks(suite: SizeSuite, create: Create): void {
  const createWith = create as (options?: unknown) => unknown;

  suite.check('SIZE-11', 'a pointerBytes or maxObjects of any wrong kind is a RangeError ending with the value it got', async () => {
    for (const [index, [value, got]] of spelled.entries()) {
      const label = `value ${index}`; // String() of a prototype-free object or a symbol would throw here
      const pointer = await failureOf(() => createWith({ pointerBytes: value }));
      suite.rule('SIZE-11', () => {
        expect(pointer, `pointerBytes ${label}`).toBeInstanceOf(RangeError);
        expect((pointer as Error).message, `pointerBytes ${label}`).toMatch(format);
        expect((pointer as Error).message, `pointerBytes ${label}`).toMatch(got);
      });
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) continue; // a valid maxObjects
      const budget = await failureOf(() => createWith({ maxObjects: value }));
      suite.rule('SIZE-11', () => {
        expect(budget, `maxObjects ${label}`).toBeInstanceOf(RangeError);
        expect((budget as Error).message, `maxObjects ${label}`).toMatch(format);
        expect((budget as Error).message, `maxObjects ${label}`).toMatch(got);
      });
    }
  });

  suite.check('SIZE-11', 'options that are not an object are a TypeError naming object-size.create and the value', async () => {
    for (const [index, [value, got]] of spelled.entries()) {
      if ((typeof value === 'object' && value !== null) || typeof value === 'function') continue;
      const failure = await failureOf(() => createWith(value));
      suite.rule('SIZE-11', () => {
        expect(failure, `options value ${index}`).toBeInstanceOf(TypeError);
        expect((failure as Error).message, `options value ${index}`).toMatch(format);
        expect((failure as Error).message, `options value ${index}`).toMatch(got);
      });
    }
    // no options at all, and an empty object, are the defaults
    const defaults = [createWith(), createWith({})] as { pointerBytes: unknown }[];
    const pointerBytes = [await defaults[0]?.pointerBytes, await defaults[1]?.pointerBytes];
    suite.rule('SIZE-11', () => expect(pointerBytes).toEqual([8, 8]));
  });
}
