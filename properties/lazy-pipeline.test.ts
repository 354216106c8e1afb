// Properties of lazy-pipeline: random stage chains run through the generator model in spec/ and
// through the implementation, with counting sources and recorded calls, so one run checks the
// output, the pulls, the calls, the closing and the errors. parallelMap gets controlled schedules.

import fc from 'fast-check';
import { expect } from 'vitest';
import { largeArray, predicateResult } from '../harness/generators.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import {
  countingSource,
  deferred,
  lazyPipelineSpec,
  modelPipeline,
  settleMicrotasks,
  type ModelStage,
  type Pipeline,
} from '../spec/lazy-pipeline.ts';
import { innerIterableChecks } from './lazy-pipeline/inner-iterables.ts';
import { misuseChecks } from './lazy-pipeline/misuse.ts';
import { stopChecks } from './lazy-pipeline/stops.ts';

const suite = await systemSuite(lazyPipelineSpec);
const createLazyPipeline = suite.implementation.default;

/** values are integers, or (after batch) arrays of them: their number is the sum */
const numberOf = (value: unknown): number => (Array.isArray(value) ? value.reduce((sum: number, inner) => sum + numberOf(inner), 0) : (value as number));

const mapFunctions = {
  double: (value: unknown) => numberOf(value) * 2,
  'plus index': (value: unknown, index: number) => numberOf(value) + index,
  'square mod 17': (value: unknown) => numberOf(value) ** 2 % 17,
};
const filterFunctions = {
  even: (value: unknown) => numberOf(value) % 2 === 0,
  'index not 1 mod 3': (_value: unknown, index: number) => index % 3 !== 1,
  'above 5': (value: unknown) => numberOf(value) > 5,
};
const flatMapFunctions = {
  'value mod 3 copies': (value: unknown) => Array<unknown>(numberOf(value) % 3).fill(value),
  'value and index': (value: unknown, index: number) => [numberOf(value), index],
  'count to value mod 4': function* (value: unknown) {
    for (let count = 0; count < numberOf(value) % 4; count++) yield count;
  },
};

type Named = { readonly name: string; readonly failOn: number | null };
/** what a filter's predicate answers for keep and for drop: often truthy or falsy non-booleans */
type Answers = { readonly keep: unknown; readonly drop: unknown };
type StageDescription =
  | (Named & { readonly kind: 'map'; readonly name: keyof typeof mapFunctions })
  | (Named & { readonly kind: 'filter'; readonly name: keyof typeof filterFunctions; readonly answers: Answers })
  | (Named & { readonly kind: 'flatMap'; readonly name: keyof typeof flatMapFunctions })
  | (Named & { readonly kind: 'parallelMap'; readonly name: keyof typeof mapFunctions; readonly concurrency: number })
  | { readonly kind: 'take' | 'skip'; readonly count: number }
  | { readonly kind: 'batch'; readonly size: number };

const failOn = fc.option(fc.integer({ min: 0, max: 20 }), { freq: 6 });
const sequentialStage: fc.Arbitrary<StageDescription> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])), failOn }),
  fc.record({
    kind: fc.constant('filter' as const),
    name: fc.constantFrom(...(Object.keys(filterFunctions) as (keyof typeof filterFunctions)[])),
    failOn,
    answers: fc.record({ keep: predicateResult(true), drop: predicateResult(false) }),
  }),
  fc.record({ kind: fc.constant('flatMap' as const), name: fc.constantFrom(...(Object.keys(flatMapFunctions) as (keyof typeof flatMapFunctions)[])), failOn }),
  fc.record({ kind: fc.constantFrom('take' as const, 'skip' as const), count: fc.nat({ max: 10 }) }),
  fc.record({ kind: fc.constant('batch' as const), size: fc.integer({ min: 1, max: 4 }) }),
);
const parallelStage: fc.Arbitrary<StageDescription> = fc.record({
  kind: fc.constant('parallelMap' as const),
  name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])),
  failOn,
  concurrency: fc.integer({ min: 1, max: 4 }),
});

interface Run {
  readonly outputs: unknown[];
  readonly error: unknown;
  readonly pulls: number;
  readonly returns: number;
  readonly calls: string[];
  /** calls that started while the same stage's previous call was unsettled */
  readonly overlaps: number;
}

interface Case {
  readonly items: number[];
  readonly stages: StageDescription[];
  /** outputs the consumer pulls before calling return(); undefined = all */
  readonly wanted: number | undefined;
  readonly sourceFailsAt: number | undefined;
}

/** how an async stage function hands back its result: a promise, or a thenable that is no Promise */
type ThenableKind = 'promise' | 'thenable object' | 'thenable function';
const thenableKind = fc.constantFrom<ThenableKind>('promise', 'thenable object', 'thenable function');

/** the promise itself, or a thenable object or function forwarding to it (what `await` accepts) */
function asThenable(kind: ThenableKind, promise: Promise<unknown>): unknown {
  if (kind === 'promise') return promise;
  const then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (error: unknown) => unknown) => promise.then(onFulfilled, onRejected);
  return kind === 'thenable object' ? { then } : Object.assign(() => 'a thenable function, not a result', { then });
}

/** how a run is async: the source, the stage functions (and what they return) */
interface Mode {
  readonly source: boolean;
  readonly functions: boolean;
  readonly thenable: ThenableKind;
}
const modeOf = (async: boolean | Mode): Mode => (typeof async === 'boolean' ? { source: async, functions: async, thenable: 'promise' } : async);
/** at least one of the source and the functions async */
const asyncMode: fc.Arbitrary<Mode> = fc
  .record({ source: fc.boolean(), functions: fc.boolean(), thenable: thenableKind })
  .map((mode) => (mode.source || mode.functions ? mode : { ...mode, source: true, functions: true }));

/** Each stage's function, recording calls; async ones return promises or thenables (and async iterables). */
function stageFunctions(stages: readonly StageDescription[], async: boolean, calls: string[], failures: Error[], overlap: { count: number }, thenable: ThenableKind = 'promise') {
  return stages.map((stage, position) => {
    if (!('name' in stage)) return undefined;
    const table: Record<string, (value: unknown, index: number) => unknown> =
      stage.kind === 'filter' ? filterFunctions : stage.kind === 'flatMap' ? flatMapFunctions : mapFunctions;
    const decide = table[stage.name] as (value: unknown, index: number) => unknown;
    // a predicate answers with the stage's truthy or falsy value, rarely a plain boolean
    const base = stage.kind === 'filter' ? (value: unknown, index: number) => (decide(value, index) ? stage.answers.keep : stage.answers.drop) : decide;
    const failure = (failures[position] ??= new Error(`stage ${position} fails on ${stage.failOn}`));
    let active = 0;
    return (value: unknown, index: number): unknown => {
      calls.push(`${position}:${JSON.stringify(value)}@${index}`);
      const fail = stage.failOn !== null && numberOf(value) === stage.failOn;
      if (!async) {
        if (fail) throw failure;
        return base(value, index);
      }
      if (active > 0 && stage.kind !== 'parallelMap') overlap.count++;
      active++;
      const settle = (): void => void active--;
      if (fail) {
        // marked handled: an implementation that drops the promise is judged by what it yields,
        // not by an unhandled rejection that would end the whole grading run
        const rejected = Promise.reject(failure).finally(settle);
        rejected.catch(() => undefined);
        return asThenable(thenable, rejected);
      }
      const result = base(value, index);
      const asyncResult = stage.kind === 'flatMap' ? toAsyncIterable(result as Iterable<unknown>) : result;
      return asThenable(thenable, Promise.resolve(asyncResult).finally(settle));
    };
  });
}

function toAsyncIterable<T>(items: Iterable<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* items;
    },
  };
}

const sourceFailure = new Error('the source failed');

function runModel(testCase: Case, failures: Error[]): Run {
  const calls: string[] = [];
  const functions = stageFunctions(testCase.stages, false, calls, failures, { count: 0 });
  const stages = testCase.stages.map((stage, position): ModelStage => {
    const fn = functions[position] as (value: unknown, index: number) => unknown;
    if (stage.kind === 'flatMap') return { kind: 'flatMap', fn: fn as (value: unknown, index: number) => Iterable<unknown> };
    if (stage.kind === 'map' || stage.kind === 'filter' || stage.kind === 'parallelMap') return { kind: stage.kind, fn };
    return stage;
  });
  const source = countingSource(testCase.items, { async: false, failAt: testCase.sourceFailsAt, failure: sourceFailure });
  // a generator around the chain, so return() after the end is a no-op even with no stages
  const iterator = (function* () {
    yield* modelPipeline(source.iterable as Iterable<number>, stages);
  })();
  const outputs: unknown[] = [];
  let error: unknown;
  try {
    for (;;) {
      if (testCase.wanted !== undefined && outputs.length >= testCase.wanted) break;
      const step = iterator.next();
      if (step.done === true) break;
      outputs.push(step.value);
    }
    iterator.return?.();
  } catch (caught) {
    error = caught;
  }
  return { outputs, error, pulls: source.pulls, returns: source.returns, calls, overlaps: 0 };
}

async function buildPipeline(source: Iterable<number> | AsyncIterable<number>, stages: readonly StageDescription[], functions: readonly unknown[]): Promise<Pipeline<unknown>> {
  let pipeline = (await createLazyPipeline<unknown>(source)) as Pipeline<unknown>;
  for (const [position, stage] of stages.entries()) {
    const fn = functions[position] as (value: unknown, index: number) => never;
    if (stage.kind === 'take' || stage.kind === 'skip') pipeline = await pipeline[stage.kind](stage.count);
    else if (stage.kind === 'batch') pipeline = await pipeline.batch(stage.size);
    else if (stage.kind === 'parallelMap') pipeline = await pipeline.parallelMap(fn, { concurrency: stage.concurrency });
    else pipeline = await pipeline[stage.kind](fn);
  }
  return pipeline;
}

async function runImplementation(testCase: Case, async: boolean | Mode, failures: Error[]): Promise<Run & { afterError: { done: boolean; pulls: number; calls: number } | undefined }> {
  const calls: string[] = [];
  const overlap = { count: 0 };
  const mode = modeOf(async);
  const functions = stageFunctions(testCase.stages, mode.functions, calls, failures, overlap, mode.thenable);
  const source = countingSource(testCase.items, { async: mode.source, failAt: testCase.sourceFailsAt, failure: sourceFailure });
  const pipeline = await buildPipeline(source.iterable, testCase.stages, functions);
  const iterator = await pipeline[Symbol.asyncIterator]();
  const outputs: unknown[] = [];
  let error: unknown;
  let afterError: { done: boolean; pulls: number; calls: number } | undefined;
  try {
    for (;;) {
      if (testCase.wanted !== undefined && outputs.length >= testCase.wanted) break;
      const step = await iterator.next();
      if (step.done === true) break;
      outputs.push(step.value);
    }
    await iterator.return?.();
  } catch (caught) {
    error = caught;
    const [pulls, callCount] = [source.pulls, calls.length];
    const again = await iterator.next().catch(() => ({ done: false }));
    afterError = { done: again.done === true, pulls: source.pulls - pulls, calls: calls.length - callCount };
  }
  return { outputs, error, pulls: source.pulls, returns: source.returns, calls, overlaps: overlap.count, afterError };
}

const caseArbitrary = (stage: fc.Arbitrary<StageDescription>, minStages = 0) =>
  fc.record({
    items: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 16 }),
    stages: fc.array(stage, { minLength: minStages, maxLength: 4 }),
    wanted: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    sourceFailsAt: fc.option(fc.nat({ max: 20 }), { nil: undefined, freq: 6 }),
  });

function expectSameRun(expected: Run, actual: Awaited<ReturnType<typeof runImplementation>>, outputRule: 'LZP-1' | 'LZP-2'): void {
  const failed = expected.error !== undefined;
  suite.rule(failed ? 'LZP-9' : outputRule, () => expect(actual.outputs).toEqual(expected.outputs));
  suite.rule(failed ? 'LZP-9' : outputRule, () => expect(actual.error).toBe(expected.error));
  suite.rule(failed ? 'LZP-9' : 'LZP-5', () => expect(actual.calls, 'stage calls, in order').toEqual(expected.calls));
  suite.rule('LZP-5', () => expect(actual.overlaps, 'calls started before the previous one settled').toBe(0));
  suite.rule(failed ? 'LZP-9' : 'LZP-4', () => expect(actual.pulls, 'next() calls on the source').toBe(expected.pulls));
  suite.rule('LZP-10', () => expect(actual.returns, 'return() calls on the source').toBe(expected.returns));
  if (actual.afterError !== undefined) {
    suite.rule('LZP-9', () => expect(actual.afterError, 'after the error: done, no pull, no call').toEqual({ done: true, pulls: 0, calls: 0 }));
  }
}

/** LZP-2 blames an async run only when the same case run synchronously gets the outputs right. */
async function asyncRule(expected: Run, actual: Run, testCase: Case, failures: Error[]): Promise<'LZP-1' | 'LZP-2'> {
  const agrees = (run: Run): boolean => JSON.stringify(run.outputs) === JSON.stringify(expected.outputs) && run.error === expected.error;
  if (agrees(actual)) return 'LZP-2'; // nothing to blame
  return agrees(await runImplementation(testCase, false, failures)) ? 'LZP-2' : 'LZP-1';
}

suite.property(
  ['LZP-1', 'LZP-4', 'LZP-5', 'LZP-9', 'LZP-10'],
  'sync chains yield, pull, call and close exactly like the generator model',
  fc.asyncProperty(caseArbitrary(sequentialStage), async (testCase) => {
    const failures: Error[] = [];
    expectSameRun(runModel(testCase, failures), await runImplementation(testCase, false, failures), 'LZP-1');
  }),
  { runsFactor: 2 },
);

suite.property(
  ['LZP-1', 'LZP-2', 'LZP-4', 'LZP-5', 'LZP-9', 'LZP-10'],
  'async sources and functions returning promises or thenables give the same run as the sync model',
  fc.asyncProperty(caseArbitrary(sequentialStage), asyncMode, async (testCase, mode) => {
    const failures: Error[] = [];
    const expected = runModel(testCase, failures);
    const actual = await runImplementation(testCase, mode, failures);
    expectSameRun(expected, actual, await asyncRule(expected, actual, testCase, failures));
  }),
  { runsFactor: 1.5 },
);

/**
 * The return() calls a source is owed once the run is over: none if it reported its end or threw,
 * one if not (the pipeline stopped first); a source never pulled may have been left unopened.
 */
function owedReturns(testCase: Case, pulls: number): number[] {
  if (pulls === 0) return [0, 1];
  return pulls > Math.min(testCase.items.length, testCase.sourceFailsAt ?? Infinity) ? [0] : [1];
}

/** a multiset comparison, so a misordering is told apart from wrong values */
const sortedText = (values: readonly unknown[]): string[] => values.map((value) => JSON.stringify(value)).sort();

suite.property(
  ['LZP-1', 'LZP-2', 'LZP-6', 'LZP-9', 'LZP-10'],
  'chains with parallelMap yield what the model yields, in order, and close a source stopped early once',
  fc.asyncProperty(caseArbitrary(fc.oneof(sequentialStage, parallelStage), 1).filter((testCase) => testCase.stages.some((stage) => stage.kind === 'parallelMap')), fc.oneof(fc.constant(modeOf(false)), asyncMode), async (testCase, mode) => {
    const failures: Error[] = [];
    const expected = runModel(testCase, failures);
    const actual = await runImplementation(testCase, mode, failures);
    const async = mode.source || mode.functions;
    const failed = expected.error !== undefined;
    const sameValues = sortedText(actual.outputs).join() === sortedText(expected.outputs).join();
    const outputRule = async ? await asyncRule(expected, actual, testCase, failures) : 'LZP-1';
    suite.rule(failed ? 'LZP-9' : sameValues ? 'LZP-6' : outputRule, () => expect(actual.outputs).toEqual(expected.outputs));
    // an error the model never meets escaped ahead of its turn: that is LZP-9's business too
    suite.rule(failed || actual.error !== undefined ? 'LZP-9' : outputRule, () => expect(actual.error).toBe(expected.error));
    suite.rule('LZP-10', () => expect(owedReturns(testCase, actual.pulls), 'return() calls on the source').toContain(actual.returns));
    if (actual.afterError !== undefined) suite.rule('LZP-9', () => expect(actual.afterError).toEqual({ done: true, pulls: 0, calls: 0 }));
  }),
  { runsFactor: 2 },
);

suite.property(
  ['LZP-1', 'LZP-2', 'LZP-6'],
  'toArray and reduce agree with the model',
  fc.asyncProperty(caseArbitrary(fc.oneof(sequentialStage, parallelStage)), fc.boolean(), async (testCase, async) => {
    const failures: Error[] = [];
    const expected = runModel({ ...testCase, wanted: undefined, sourceFailsAt: undefined }, failures);
    const build = async (): Promise<Pipeline<unknown>> => {
      const functions = stageFunctions(testCase.stages, async, [], failures, { count: 0 });
      return buildPipeline(countingSource(testCase.items, { async }).iterable, testCase.stages, functions);
    };
    const all = await (await build()).toArray().then((value) => ({ value }), (error: unknown) => ({ error }));
    const sum = await (await build())
      .reduce((total: number[], item, index) => [...total, numberOf(item) * 100 + index], [])
      .then((value) => ({ value }), (error: unknown) => ({ error }));
    const sameValues = 'value' in all && sortedText(all.value).join() === sortedText(expected.outputs).join();
    // right values in the wrong order is LZP-6's business; wrong only when async is LZP-2's
    const whole = { ...testCase, wanted: undefined, sourceFailsAt: undefined };
    const asRun = (outcome: { value?: unknown[]; error?: unknown }): Run => ({ ...expected, outputs: outcome.value ?? [], error: outcome.error });
    const rule = sameValues && expected.error === undefined ? 'LZP-6' : async ? await asyncRule(expected, asRun(all), whole, failures) : 'LZP-1';
    suite.rule(rule, () => {
      if (expected.error === undefined) {
        expect(all).toEqual({ value: expected.outputs });
        expect(sum).toEqual({ value: expected.outputs.map((item, index) => numberOf(item) * 100 + index) });
      } else {
        expect(all).toEqual({ error: expected.error });
        expect(sum).toEqual({ error: expected.error });
      }
    });
  }),
);

suite.property(
  'LZP-3',
  'building pulls and calls nothing, stages leave their base unchanged, and each iteration starts afresh',
  fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 12 }), fc.array(fc.oneof(sequentialStage, parallelStage), { maxLength: 4 }), fc.boolean(), async (items, stages, async) => {
    const calls: string[] = [];
    const functions = stageFunctions(stages.map((stage) => ('failOn' in stage ? { ...stage, failOn: null } : stage)), async, calls, [], { count: 0 });
    const source = countingSource(items, { async });
    const base = await createLazyPipeline<number>(source.iterable);
    const pipeline = await buildPipeline(source.iterable, stages, functions);
    await base.map((value) => value + 1); // a stage built and dropped must not change base
    suite.rule('LZP-3', () => expect([source.pulls, calls.length], 'pulls and calls while building').toEqual([0, 0]));
    const baseItems = await base.toArray();
    const first = await pipeline.toArray();
    const second = await pipeline.toArray();
    suite.rule('LZP-3', () => {
      expect(baseItems, 'the base pipeline still yields the source').toEqual(items);
      expect(second, 'a second iteration repeats the first').toEqual(first);
    });
  }),
);

suite.property(
  ['LZP-6', 'LZP-7'],
  'parallelMap keeps input order and bounds calls in flight and read-ahead, whatever the settle order',
  fc.asyncProperty(fc.scheduler(), fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 14 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), async (scheduler, items, concurrency, async) => {
    const source = countingSource(items, { async });
    let pulledItems = 0;
    let received = 0;
    let unsettled = 0;
    const pressure: { unsettled: number; aheadOfConsumer: number }[] = [];
    const fn = async (value: number): Promise<number> => {
      pulledItems++;
      unsettled++;
      pressure.push({ unsettled, aheadOfConsumer: pulledItems - received });
      await scheduler.schedule(Promise.resolve(), `settle ${value}`);
      unsettled--;
      return value * 3;
    };
    const pipeline = await (await createLazyPipeline(source.iterable)).parallelMap(fn, { concurrency });
    const outputs: number[] = [];
    const consume = (async () => {
      for await (const value of pipeline) {
        received++;
        outputs.push(value);
      }
    })();
    await scheduler.waitFor(consume);
    suite.rule('LZP-6', () => expect(outputs).toEqual(items.map((value) => value * 3)));
    suite.rule('LZP-7', () => {
      for (const seen of pressure) {
        expect(seen.unsettled, 'calls unsettled').toBeLessThanOrEqual(concurrency);
        expect(seen.aheadOfConsumer, 'items pulled but not yet yielded').toBeLessThanOrEqual(concurrency);
      }
    });
  }),
);

suite.property(
  ['LZP-6', 'LZP-8'],
  'parallelMap starts the first concurrency calls before any settles, then yields in input order',
  fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 9 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.boolean(), async (items, concurrency, async, reverse) => {
    const pending: { value: number; settle: (result: number) => void }[] = [];
    const fn = (value: number): Promise<number> => {
      const call = deferred<number>();
      pending.push({ value, settle: call.resolve });
      return call.promise;
    };
    const pipeline = await (await createLazyPipeline(countingSource(items, { async }).iterable)).parallelMap(fn, { concurrency });
    const all = pipeline.toArray();
    await settleMicrotasks();
    const started = pending.length;
    const expectedStarts = Math.min(concurrency, items.length);
    suite.rule(started > expectedStarts ? 'LZP-7' : 'LZP-8', () => expect(started, 'calls started before any settled').toBe(expectedStarts));
    // settle whatever is pending (newest first when reverse) until the pipeline is done
    let finished = false;
    void all.finally(() => (finished = true));
    for (let round = 0; round < 2 * items.length + 2 && !finished; round++) {
      const batch = pending.splice(0, pending.length);
      for (const call of reverse ? batch.reverse() : batch) call.settle(call.value + 1000);
      await settleMicrotasks();
    }
    const outputs = await all;
    suite.rule('LZP-6', () => expect(outputs).toEqual(items.map((value) => value + 1000)));
  }),
  { runsFactor: 0.5 },
);

const badStages: readonly [string, (pipeline: Pipeline<number>) => unknown, ErrorConstructor][] = [
  ['map(42)', (pipeline) => pipeline.map(42 as never), TypeError],
  ['filter("even")', (pipeline) => pipeline.filter('even' as never), TypeError],
  ['flatMap(null)', (pipeline) => pipeline.flatMap(null as never), TypeError],
  ['parallelMap(undefined)', (pipeline) => pipeline.parallelMap(undefined as never, { concurrency: 2 }), TypeError],
  ['take(-1)', (pipeline) => pipeline.take(-1), RangeError],
  ['take(1.5)', (pipeline) => pipeline.take(1.5), RangeError],
  ['take(NaN)', (pipeline) => pipeline.take(Number.NaN), RangeError],
  ['take(Infinity)', (pipeline) => pipeline.take(Infinity), RangeError],
  ['skip(-2)', (pipeline) => pipeline.skip(-2), RangeError],
  ['skip("3")', (pipeline) => pipeline.skip('3' as never), RangeError],
  ['batch(0)', (pipeline) => pipeline.batch(0), RangeError],
  ['batch(2**21)', (pipeline) => pipeline.batch(2 ** 21), RangeError],
  ['parallelMap concurrency 0', (pipeline) => pipeline.parallelMap((value) => value, { concurrency: 0 }), RangeError],
  ['parallelMap concurrency 1025', (pipeline) => pipeline.parallelMap((value) => value, { concurrency: 1025 }), RangeError],
  ['parallelMap without options', (pipeline) => pipeline.parallelMap((value) => value, undefined as never), RangeError],
  ['reduce("sum")', (pipeline) => pipeline.reduce('sum' as never, 0), TypeError],
  ['toArray maxItems 0', (pipeline) => pipeline.toArray({ maxItems: 0 }), RangeError],
  ['toArray maxItems 2.5', (pipeline) => pipeline.toArray({ maxItems: 2.5 }), RangeError],
];

suite.property(
  'LZP-11',
  'misuse is rejected at the call, before anything is pulled',
  fc.asyncProperty(fc.constantFrom(...badStages), fc.constantFrom<unknown>(undefined, null, 42, {}, { next: () => ({ done: true }) }), async ([label, misuse, errorType], notIterable) => {
    const source = countingSource([1, 2, 3], { async: false });
    const pipeline = await createLazyPipeline(source.iterable);
    let thrown: unknown;
    try {
      const result = misuse(pipeline);
      if (result instanceof Promise) await result;
    } catch (error) {
      thrown = error;
    }
    const create = createLazyPipeline as (source: unknown) => unknown;
    suite.rule('LZP-11', () => {
      expect(thrown, label).toBeInstanceOf(errorType);
      expect((thrown as Error).message, label).toMatch(/^lazy-pipeline\.\w+: expected .*, got /);
      expect(source.pulls, `${label} pulled`).toBe(0);
    });
    await expectMisuse(suite, 'LZP-11', { call: () => create(notIterable), classes: TypeError, value: notIterable });
  }),
  { runsFactor: 0.5 },
);

suite.property(
  'LZP-11',
  'a flatMap result that is not iterable fails the iteration with a TypeError',
  fc.asyncProperty(fc.constantFrom<unknown>(42, null, undefined, { length: 2 }, true), fc.boolean(), async (notIterable, async) => {
    const source = countingSource([1, 2], { async });
    const pipeline = await (await createLazyPipeline(source.iterable)).flatMap(() => (async ? Promise.resolve(notIterable) : notIterable) as never);
    const outcome = await pipeline.toArray().then(() => undefined, (error: unknown) => error);
    suite.rule('LZP-11', () => {
      expect(outcome).toBeInstanceOf(TypeError);
      expect((outcome as Error).message).toMatch(/^lazy-pipeline\.flatMap: expected .*, got /);
    });
  }),
  { runsFactor: 0.3 },
);

suite.property(
  ['LZP-12', 'LZP-10'],
  'toArray fails with a RangeError and closes the source rather than hold more than maxItems',
  fc.asyncProperty(fc.array(fc.integer(), { maxLength: 20 }), fc.integer({ min: 1, max: 22 }), fc.boolean(), async (items, maxItems, async) => {
    const source = countingSource(items, { async });
    const pipeline = await (await createLazyPipeline(source.iterable)).map((value) => value + 1);
    const outcome = await pipeline.toArray({ maxItems }).then((value) => ({ value }), (error: unknown) => ({ error }));
    suite.rule('LZP-12', () => {
      if (items.length <= maxItems) {
        expect(outcome).toEqual({ value: items.map((value) => value + 1) });
        return;
      }
      expect('error' in outcome && outcome.error).toBeInstanceOf(RangeError);
      expect(String((outcome as { error: unknown }).error)).toMatch(/lazy-pipeline\.toArray: expected .*, got /);
      expect(source.pulls, 'pulled one past the limit').toBe(maxItems + 1);
    });
    if (items.length > maxItems) suite.rule('LZP-10', () => expect(source.returns, 'then closed').toBe(1));
  }),
  { runsFactor: 0.5 },
);

// Thousands of items through chains with wide batches and many calls in flight: a queue or
// counter that only misbehaves once it is long (read-ahead, batch buffers, indexes) shows here.
const largeFailOn = fc.option(fc.integer({ min: 0, max: 999 }), { freq: 2 });
const largeStage: fc.Arbitrary<StageDescription> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])), failOn: largeFailOn }),
  fc.record({
    kind: fc.constant('filter' as const),
    name: fc.constantFrom(...(Object.keys(filterFunctions) as (keyof typeof filterFunctions)[])),
    failOn: largeFailOn,
    answers: fc.record({ keep: predicateResult(true), drop: predicateResult(false) }),
  }),
  fc.record({ kind: fc.constant('flatMap' as const), name: fc.constantFrom(...(Object.keys(flatMapFunctions) as (keyof typeof flatMapFunctions)[])), failOn: fc.constant(null) }),
  fc.record({ kind: fc.constantFrom('take' as const, 'skip' as const), count: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('batch' as const), size: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant('parallelMap' as const), name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])), failOn: largeFailOn, concurrency: fc.integer({ min: 1, max: 300 }) }),
);

suite.property(
  ['LZP-1', 'LZP-2', 'LZP-4', 'LZP-9', 'LZP-10'],
  'chains over thousands of items yield, pull and close like the model',
  fc.asyncProperty(
    fc.record({
      items: largeArray(fc.integer({ min: 0, max: 999 })),
      stages: fc.array(largeStage, { minLength: 1, maxLength: 4 }),
      wanted: fc.option(fc.integer({ min: 0, max: 6_000 }), { nil: undefined }),
      sourceFailsAt: fc.option(fc.integer({ min: 0, max: 6_000 }), { nil: undefined, freq: 3 }),
    }),
    fc.boolean(),
    async (testCase, async) => {
      const failures: Error[] = [];
      const expected = runModel(testCase, failures);
      const actual = await runImplementation(testCase, async, failures);
      const failed = expected.error !== undefined;
      const outputRule = async ? 'LZP-2' : 'LZP-1';
      suite.rule(failed ? 'LZP-9' : outputRule, () => expect(actual.outputs).toEqual(expected.outputs));
      suite.rule(failed || actual.error !== undefined ? 'LZP-9' : outputRule, () => expect(actual.error).toBe(expected.error));
      if (testCase.stages.every((stage) => stage.kind !== 'parallelMap')) {
        suite.rule(failed ? 'LZP-9' : 'LZP-4', () => expect(actual.pulls, 'next() calls on the source').toBe(expected.pulls));
        suite.rule('LZP-10', () => expect(actual.returns, 'return() calls on the source').toBe(expected.returns));
      } else suite.rule('LZP-10', () => expect(owedReturns(testCase, actual.pulls), 'return() calls on the source').toContain(actual.returns));
    },
  ),
  { runsMax: 12 },
);

misuseChecks(suite, createLazyPipeline);
innerIterableChecks(suite, createLazyPipeline);
stopChecks(suite, createLazyPipeline);
