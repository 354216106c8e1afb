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
  settleMicrotasks,
  type Pipeline,
} from '../spec/lazy-pipeline.ts';
import {
  asyncMode,
  buildPipeline,
  caseArbitrary,
  filterFunctions,
  flatMapFunctions,
  mapFunctions,
  modeOf,
  numberOf,
  parallelStage,
  runImplementation,
  runModel,
  sequentialStage,
  stageFunctions,
  type Case,
  type Run,
  type StageDescription,
} from './lazy-pipeline/chains.ts';
import { innerIterableChecks } from './lazy-pipeline/inner-iterables.ts';
import { misuseChecks } from './lazy-pipeline/misuse.ts';
import { stopChecks } from './lazy-pipeline/stops.ts';

const suite = await systemSuite(lazyPipelineSpec);
const createLazyPipeline = suite.implementation.default;

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
  return agrees(await runImplementation(createLazyPipeline, testCase, false, failures)) ? 'LZP-2' : 'LZP-1';
}

suite.property(
  ['LZP-1', 'LZP-4', 'LZP-5', 'LZP-9', 'LZP-10'],
  'sync chains yield, pull, call and close exactly like the generator model',
  fc.asyncProperty(caseArbitrary(sequentialStage), async (testCase) => {
    const failures: Error[] = [];
    expectSameRun(runModel(testCase, failures), await runImplementation(createLazyPipeline, testCase, false, failures), 'LZP-1');
  }),
  { runsFactor: 2 },
);

suite.property(
  ['LZP-1', 'LZP-2', 'LZP-4', 'LZP-5', 'LZP-9', 'LZP-10'],
  'async sources and functions returning promises or thenables give the same run as the sync model',
  fc.asyncProperty(caseArbitrary(sequentialStage), asyncMode, async (testCase, mode) => {
    const failures: Error[] = [];
    const expected = runModel(testCase, failures);
    const actual = await runImplementation(createLazyPipeline, testCase, mode, failures);
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
    const actual = await runImplementation(createLazyPipeline, testCase, mode, failures);
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
      return buildPipeline(createLazyPipeline, countingSource(testCase.items, { async }).iterable, testCase.stages, functions);
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
    const pipeline = await buildPipeline(createLazyPipeline, source.iterable, stages, functions);
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
      const actual = await runImplementation(createLazyPipeline, testCase, async, failures);
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
