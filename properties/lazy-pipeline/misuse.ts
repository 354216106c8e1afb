// lazy-pipeline's misuse checks (LZP-11), one argument of every method at a time: each malformed
// value must throw its class with "lazy-pipeline.<method>: expected <what>, got <value>" showing the
// value (NaN as NaN, null as null: "got null" for NaN or an empty "got" tells nobody anything), the
// exact limits are accepted, and a flatMap result that is not iterable fails the same way.

import { expect } from 'vitest';
import { failureOf } from '../../harness/failure.ts';
import { judgeMisuse, valueLabel, type MisuseCase } from '../../harness/misuse.ts';
import type { Suite } from '../../harness/suite.ts';
import { countingSource, maxBatchSize, maxConcurrency, type lazyPipelineSpec, type Pipeline } from '../../spec/lazy-pipeline.ts';

type PipelineSuite = Suite<typeof lazyPipelineSpec>;
type Create = PipelineSuite['implementation']['default'];

// String() of it throws, so a message built with String(value) or `${value}` fails on it
const bare = Object.create(null) as object;
// an array that is not iterable: its own Symbol.iterator hides Array.prototype's
const arrayNotIterable = Object.assign([1, 2], { [Symbol.iterator]: undefined });
const oddValues: readonly unknown[] = [null, true, false, 5n, [], [2], {}, bare, Symbol('odd'), () => 1];
const notSafeIntegers: readonly unknown[] = [-1, 1.5, -0.5, Number.NaN, Infinity, -Infinity, 2 ** 53, '3', '', ...oddValues];
const notFunctions: readonly unknown[] = [undefined, null, 42, Number.NaN, 'double', '', true, 5n, [], {}, bare, Symbol('fn')];
const notIterables: readonly unknown[] = [undefined, null, 42, Number.NaN, true, 5n, {}, bare, { next: () => ({ done: true }) }, () => 1, Symbol('src')];

interface Misuse extends Omit<MisuseCase, 'method'> {
  /** the method the message must name; undefined for the factory, whose name is free */
  readonly method: string | undefined;
  readonly value: unknown;
}

/** checks error as the failure of misuse, described as what */
function judge(suite: PipelineSuite, what: string, misuse: Omit<Misuse, 'call'>, error: unknown): void {
  const { method, ...rest } = misuse;
  judgeMisuse(suite, 'LZP-11', method === undefined ? { ...rest, label: what } : { ...rest, method, label: what }, error);
}

function misuses(pipeline: Pipeline<number>, create: Create): Misuse[] {
  const loose = pipeline as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (method: string, ...args: unknown[]) => () => (loose[method] as (...args: unknown[]) => unknown).call(pipeline, ...args);
  const integer = /integer/i;
  const numeric = [RangeError, TypeError] as const;
  const identity = (value: unknown): unknown => value;
  return [
    ...[...notSafeIntegers, undefined].flatMap((value): Misuse[] => [
      { method: 'take', value, classes: numeric, mentions: integer, call: call('take', value) },
      { method: 'skip', value, classes: numeric, mentions: integer, call: call('skip', value) },
      { method: 'batch', value, classes: numeric, mentions: integer, call: call('batch', value) },
      { method: 'parallelMap', value, classes: numeric, mentions: /concurrency/, call: call('parallelMap', identity, { concurrency: value }) },
    ]),
    ...[0, maxBatchSize + 1].map((value): Misuse => ({ method: 'batch', value, classes: numeric, mentions: integer, call: call('batch', value) })),
    ...[0, maxConcurrency + 1].map((value): Misuse => ({ method: 'parallelMap', value, classes: numeric, mentions: /concurrency/, call: call('parallelMap', identity, { concurrency: value }) })),
    // undefined and null mean the default maxItems
    ...[0, ...notSafeIntegers.filter((value) => value !== null)].map((value): Misuse => ({ method: 'toArray', value, classes: numeric, mentions: /maxItems/, call: call('toArray', { maxItems: value }) })),
    ...notFunctions.flatMap((value): Misuse[] => [
      { method: 'map', value, classes: [TypeError], call: call('map', value) },
      { method: 'filter', value, classes: [TypeError], call: call('filter', value) },
      { method: 'flatMap', value, classes: [TypeError], call: call('flatMap', value) },
      { method: 'parallelMap', value, classes: [TypeError], call: call('parallelMap', value, { concurrency: 2 }) },
      { method: 'reduce', value, classes: [TypeError], call: call('reduce', value, 0) },
    ]),
    ...notIterables.map((value): Misuse => ({ method: undefined, value, classes: [TypeError], call: () => (create as (source: unknown) => unknown)(value) })),
  ];
}

export function misuseChecks(suite: PipelineSuite, create: Create): void {
  suite.check('LZP-11', 'every malformed count, size, concurrency, maxItems, function and source throws its class, naming lazy-pipeline.<method>, the option and the value, and pulls nothing', async () => {
    const source = countingSource([1, 2, 3], { async: false });
    const pipeline = await create(source.iterable);
    for (const misuse of misuses(pipeline, create)) {
      judge(suite, `${misuse.method ?? 'the factory'} with ${valueLabel(misuse.value)}`, misuse, await failureOf(misuse.call));
    }
    suite.rule('LZP-11', () => expect(source.pulls, 'pulls during misuse').toBe(0));
  });

  suite.check(['LZP-11', 'LZP-1'], 'the exact limits are accepted: take and skip of 2^53 - 1, batch of maxBatchSize, concurrency maxConcurrency, maxItems 2^53 - 1', async () => {
    const limit = Number.MAX_SAFE_INTEGER;
    const identity = (value: number): number => value;
    const cases: readonly [string, (pipeline: Pipeline<number>) => Promise<unknown>, unknown][] = [
      ['take(2^53 - 1)', async (pipeline) => (await pipeline.take(limit)).toArray(), [1, 2, 3]],
      ['batch(maxBatchSize)', async (pipeline) => (await pipeline.batch(maxBatchSize)).toArray(), [[1, 2, 3]]],
      ['concurrency maxConcurrency', async (pipeline) => (await pipeline.parallelMap(identity, { concurrency: maxConcurrency })).toArray(), [1, 2, 3]],
      ['toArray maxItems 2^53 - 1', (pipeline) => pipeline.toArray({ maxItems: limit }), [1, 2, 3]],
      // past the end of a short source skip stops there: one that counts on would never finish
      ['skip(2^53 - 1)', async (pipeline) => (await pipeline.skip(limit)).toArray(), []],
      ['skip(2^53 - 1) after parallelMap', async (pipeline) => (await (await pipeline.parallelMap(identity, { concurrency: 2 })).skip(limit)).toArray(), []],
    ];
    for (const async of [false, true]) {
      for (const [label, run, expected] of cases) {
        const outcome = await run(await create(countingSource([1, 2, 3], { async }).iterable)).then((value) => ({ value }), (error: unknown) => ({ error }));
        const what = `${label} over a ${async ? 'async' : 'sync'} source`;
        suite.rule('error' in outcome ? 'LZP-11' : 'LZP-1', () => expect(outcome, what).toEqual({ value: expected }));
      }
    }
  });

  suite.check('LZP-11', 'a flatMap result that is not iterable fails the iteration with a TypeError showing the value, sync or async', async () => {
    const results: readonly unknown[] = [42, Number.NaN, null, undefined, true, 5n, { length: 2 }, bare, arrayNotIterable, () => 1, Symbol('inner')];
    for (const result of results) {
      for (const [sourceAsync, fnAsync] of [[false, false], [false, true], [true, false], [true, true]] as const) {
        const pipeline = await (await create(countingSource([1, 2], { async: sourceAsync }).iterable)).flatMap(() => (fnAsync ? Promise.resolve(result) : result) as never);
        const error = await failureOf(() => pipeline.toArray());
        const what = `flatMap returning ${valueLabel(result)} (${sourceAsync ? 'async' : 'sync'} source, ${fnAsync ? 'async' : 'sync'} function)`;
        judge(suite, what, { method: 'flatMap', value: result, classes: [TypeError] }, error);
      }
    }
  });
}
