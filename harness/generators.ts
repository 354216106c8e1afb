// The generator kit (DESIGN rule 11): fast-check arbitraries for the corners where plausible
// implementations go wrong — full-Unicode text, keys that share prefixes or shadow
// Object.prototype names, -0 / NaN / falsy values, exact limits beside limit + 1, callbacks
// that answer with non-boolean truthy or falsy values, symbol-keyed properties, and sizes far
// past the thresholds where implementations grow, compact or switch strategy. Every suite draws
// from here rather than inventing its own near-copies.

import fc from 'fast-check';

// ---- text ----

/**
 * Code points that break naive text handling: NUL, a combining mark (é as e + U+0301), an RTL
 * letter and mark, zero-width joiner and space, line and paragraph separators, a BOM, the
 * replacement character, the last BMP code point, and astral characters (UTF-16 pairs; UTF-8
 * four bytes).
 */
export const awkwardCharacters: readonly string[] = [
  '\u0000', 'e\u0301', '\u0301', '\u05d0', '\u200f', '\u200d', '\u200b', '\u2028', '\u2029', '\ufeff',
  '\ufffd', '\uffff', '\u00e9', '\u00ff', '\u0100', '\u07ff', '\u0800', '😀', '👩‍👩‍👧', '\u{10000}', '\u{10ffff}',
  '\r', '\n', '\t', ' ', '"', '\\',
];

/** One well-formed unit of text: mostly ASCII letters, often an awkward character, any code point now and then. */
export const textUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', 'A', '0', '1', '-', '_', '.', '/') },
  { weight: 2, arbitrary: fc.constantFrom(...awkwardCharacters) },
  // any code point but a lone surrogate: strings stay well-formed
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** A well-formed string over full Unicode (astral planes, combining marks, RTL, NUL). */
export function unicodeString(constraints: { readonly minLength?: number; readonly maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: textUnit, minLength: constraints.minLength ?? 0, maxLength: constraints.maxLength ?? 12 });
}

/** The length of a string in UTF-8 bytes (what a file or a socket holds), not UTF-16 units. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// ---- keys ----

/** Names every plain object already has, and strings that look like other keys. */
export const prototypeKeys: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__', 'length', 'size',
  'then', '', ' ', '0', '-0', '1', '01', 'NaN', 'undefined', 'null', 'true',
];

/**
 * Keys built from a tiny alphabet so they share prefixes ("a", "ab", "a/b", "ab\u0000"), plus a
 * composed and a decomposed é, which look alike and must stay distinct.
 */
export const prefixSharingKey: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom('a', 'b', '/', '\u0000', '\u00e9', 'e\u0301', '😀'),
  minLength: 1,
  maxLength: 4,
});

/**
 * A string key of any of the awkward kinds: prototype names, prefix-sharing keys, full Unicode.
 * Pass a pool size to draw from a few fixed keys instead, so operations collide on the same key.
 */
export function keyString(options: { readonly unicodeMaxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: prefixSharingKey },
    { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
    { weight: 1, arbitrary: unicodeString({ minLength: 1, maxLength: options.unicodeMaxLength ?? 6 }) },
  );
}

/** A fixed pool of distinct awkward keys, for suites that need keys to repeat. */
export function keyPool(size: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(keyString(), { minLength: size, maxLength: size });
}

// ---- values ----

/** Every falsy JavaScript value: an implementation that tests `if (value)` loses these. */
export const falsyValues: readonly unknown[] = [0, -0, '', false, null, undefined, Number.NaN, 0n];

/** Numbers where arithmetic and comparison go wrong. */
export const awkwardNumbers: readonly number[] = [
  0, -0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.EPSILON,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -(2 ** 31), 0.1, 0.5, 1.5,
];

/** Values of every type, falsy ones weighted up: for caches and maps that must store anything. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...falsyValues) },
  { weight: 1, arbitrary: fc.constantFrom(...awkwardNumbers) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: unicodeString({ maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], { a: 1 }, () => 0) },
);

// ---- limits ----

/** A value at a documented limit or next to it, and whether the spec accepts it. */
export interface Boundary {
  readonly value: number;
  readonly accepted: boolean;
}

/**
 * The exact maximum (accepted) beside maximum + 1 (rejected), and optionally the exact minimum
 * beside minimum - 1: a check that tries only "max + 1 is rejected" passes an off-by-one that
 * rejects the maximum itself. `step` is the smallest meaningful difference (1 for integers).
 */
export function aroundLimits(limits: { readonly minimum?: number; readonly maximum?: number; readonly step?: number }): fc.Arbitrary<Boundary> {
  const step = limits.step ?? 1;
  const cases: Boundary[] = [];
  if (limits.maximum !== undefined) {
    cases.push({ value: limits.maximum, accepted: true }, { value: limits.maximum - step, accepted: true }, { value: limits.maximum + step, accepted: false });
  }
  if (limits.minimum !== undefined) {
    cases.push({ value: limits.minimum, accepted: true }, { value: limits.minimum + step, accepted: true }, { value: limits.minimum - step, accepted: false });
  }
  if (cases.length === 0) throw new Error('aroundLimits needs a minimum or a maximum');
  return fc.constantFrom(...cases);
}

// ---- callbacks ----

/** Truthy values that are not `true`: a predicate may return any of them. */
export const truthyNonBooleans: readonly unknown[] = [1, -1, 'yes', 'false', ' ', {}, [], 1n, Infinity, Symbol('truthy'), () => false];
/** Falsy values that are not `false`. */
export const falsyNonBooleans: readonly unknown[] = [0, -0, '', null, undefined, Number.NaN, 0n];

/**
 * What a predicate returns for a decision: the boolean itself or, as often, a value of the same
 * truthiness that is not a boolean. An implementation that tests `=== true` or `=== false`
 * fails on these.
 */
export function predicateResult(decision: boolean): fc.Arbitrary<unknown> {
  const alike = decision ? truthyNonBooleans : falsyNonBooleans;
  return fc.oneof(fc.constant(decision), fc.constantFrom(...alike));
}

// ---- objects ----

/**
 * Adds symbol-keyed properties to an object, enumerable or not: walkers that use Object.keys
 * or for...in miss them.
 */
export function withSymbolKeys<T extends object>(objects: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(objects, fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.boolean(), anyValue), { maxLength: 3 })).map(([object, symbols]) => {
    for (const [description, enumerable, value] of symbols) {
      Object.defineProperty(object, Symbol(description), { value, enumerable, configurable: true, writable: true });
    }
    return object;
  });
}

// ---- sizes ----

/**
 * Sizes for the one run per system that goes far past internal thresholds (growth, compaction,
 * strategy switches usually sit at 8..1024): thousands of elements. Pair with runsMax so the run
 * stays within the CI budget.
 */
export const largeSize = { min: 2_000, max: 6_000 } as const;

/** An array of thousands of elements (see largeSize). */
export function largeArray<T>(items: fc.Arbitrary<T>, sizes: { readonly min?: number; readonly max?: number } = {}): fc.Arbitrary<T[]> {
  return fc.array(items, { minLength: sizes.min ?? largeSize.min, maxLength: sizes.max ?? largeSize.max, size: 'max' });
}
