// The generator kit reaches the corners it promises: well-formed full-Unicode text that does
// reach astral and combining characters, prototype-named and prefix-sharing keys, limits on
// both sides, predicate results of the right truthiness, symbol keys, and large sizes.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  aroundLimits, falsyNonBooleans, keyString, largeArray, predicateResult, prefixSharingKey, truthyNonBooleans,
  unicodeString, utf8Length, withSymbolKeys,
} from './generators.ts';

const sample = <T>(arbitrary: fc.Arbitrary<T>, count = 2000): T[] => fc.sample(arbitrary, { numRuns: count, seed: 7 });

describe('text', () => {
  test('strings are well-formed and reach astral, combining, NUL and RTL characters', () => {
    const strings = sample(unicodeString({ maxLength: 8 }));
    expect(strings.some((text) => /\p{Cs}/u.test(text)), "a lone surrogate").toBe(false);
    const joined = strings.join('');
    for (const corner of ['😀', '\u0301', '\u0000', '\u05d0']) expect(joined).toContain(corner);
    expect(strings.some((text) => utf8Length(text) !== text.length)).toBe(true);
  });

  test('length bounds are kept', () => {
    expect(sample(unicodeString({ minLength: 2, maxLength: 3 })).every((text) => [...text].length >= 1)).toBe(true);
  });

  test('utf8Length counts bytes', () => {
    expect([utf8Length('a'), utf8Length('é'), utf8Length('😀')]).toEqual([1, 2, 4]);
  });
});

describe('keys', () => {
  test('keys include prototype names and keys that are prefixes of others', () => {
    const keys = new Set(sample(keyString()));
    for (const name of ['__proto__', 'constructor', 'toString']) expect(keys.has(name)).toBe(true);
    const prefixed = [...new Set(sample(prefixSharingKey))];
    expect(prefixed.some((key) => prefixed.some((other) => other !== key && other.startsWith(key)))).toBe(true);
  });
});

describe('limits', () => {
  test('the maximum itself is accepted and the next value rejected; likewise the minimum', () => {
    const cases = new Set(sample(aroundLimits({ minimum: 1, maximum: 10 })).map((boundary) => `${boundary.value}:${boundary.accepted}`));
    expect([...cases].sort()).toEqual(['0:false', '10:true', '11:false', '1:true', '2:true', '9:true']);
    expect(() => aroundLimits({})).toThrow();
  });
});

describe('callbacks', () => {
  test('predicate results have the truthiness asked for, and are often not booleans', () => {
    for (const decision of [true, false]) {
      const results = sample(predicateResult(decision), 300);
      expect(results.every((result) => Boolean(result) === decision)).toBe(true);
      expect(results.some((result) => typeof result !== 'boolean')).toBe(true);
    }
    expect(truthyNonBooleans.every(Boolean)).toBe(true);
    expect(falsyNonBooleans.some(Boolean)).toBe(false);
  });
});

describe('objects and sizes', () => {
  test('symbol-keyed properties are added, some of them not enumerable', () => {
    const objects = sample(withSymbolKeys(fc.constant(null).map(() => ({}))), 300);
    const symbols = objects.flatMap((object) => Object.getOwnPropertySymbols(object).map((symbol) => Object.getOwnPropertyDescriptor(object, symbol)));
    expect(symbols.some((descriptor) => descriptor?.enumerable === true)).toBe(true);
    expect(symbols.some((descriptor) => descriptor?.enumerable === false)).toBe(true);
  });

  test('large arrays hold thousands of elements', () => {
    const lengths = sample(largeArray(fc.integer()), 5).map((array) => array.length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(2000);
  });
});
